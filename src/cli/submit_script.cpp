#include "submit_script.hpp"

#include <hetsweep/errors.hpp>

#include <cctype>
#include <map>

namespace hetsweep::cli {

namespace {

std::string quoted_words(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : " ") + shell_quote(w);
    return out;
}

bool all_digits(const std::string& s) {
    if (s.empty() || s.size() > 9) return false;
    for (char c : s)
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    return true;
}

// "a:b:c" into its parts; each must be a number.
bool split_numbers(const std::string& s, std::vector<long long>& parts) {
    std::size_t begin = 0;
    for (;;) {
        const std::size_t end = s.find(':', begin);
        const std::string part = s.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
        if (!all_digits(part)) return false;
        parts.push_back(std::stoll(part));
        if (end == std::string::npos) return true;
        begin = end + 1;
    }
}

}  // namespace

std::string shell_quote(const std::string& word) {
    bool safe = !word.empty();
    for (char c : word)
        if (!std::isalnum(static_cast<unsigned char>(c)) &&
            std::string("@%+=:,./_-").find(c) == std::string::npos)
            safe = false;
    if (safe) return word;
    std::string out = "'";
    for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

long long slurm_time_seconds(const std::string& text, const std::string& option) {
    if (text == "INFINITE" || text == "UNLIMITED" || text == "infinite" || text == "unlimited" ||
        text == "-1" || text == "0")
        return -1;
    std::string rest = text;
    long long days = -1;
    const auto dash = text.find('-');
    if (dash != std::string::npos) {
        const std::string d = text.substr(0, dash);
        if (all_digits(d)) days = std::stoll(d);
        rest = text.substr(dash + 1);
    }
    std::vector<long long> p;
    const bool numbers = (dash == std::string::npos || days >= 0) && split_numbers(rest, p);
    if (numbers && days < 0 && p.size() == 1) return p[0] * 60;                       // minutes
    if (numbers && days < 0 && p.size() == 2) return p[0] * 60 + p[1];                // minutes:seconds
    if (numbers && days < 0 && p.size() == 3) return p[0] * 3600 + p[1] * 60 + p[2];  // hours:minutes:seconds
    if (numbers && days >= 0 && p.size() <= 3) {
        p.resize(3, 0);  // days-hours[:minutes[:seconds]]
        return days * 86400 + p[0] * 3600 + p[1] * 60 + p[2];
    }
    throw config_error(
        "--" + option + " = " + text +
        ": not a SLURM time limit (MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS or INFINITE)");
}

std::string render_batch_script(const std::string& template_text, const std::string& origin,
                                const batch_script& b) {
    std::string sbatch_lines;
    for (const auto& o : b.sbatch_options)
        sbatch_lines += (sbatch_lines.empty() ? "" : "\n") + ("#SBATCH " + o);
    const std::map<std::string, std::string> values = {
        {"SUBMIT_COMMAND", b.submit_command},
        {"SBATCH_LINES", sbatch_lines},
        {"GRACE", std::to_string(b.grace_seconds)},
        {"HETSWEEP", shell_quote(b.hetsweep)},
        {"SPEC", shell_quote(b.spec)},
        {"STORE", shell_quote(b.store)},
        {"SCRIPT", shell_quote(b.script)},
        {"JOBS_LOG", shell_quote(b.jobs_log)},
        {"REQUEUE", b.requeue ? "yes" : "no"},
        {"MAX_REQUEUES", std::to_string(b.max_requeues)},
        {"LAUNCHER", quoted_words(b.launcher)},
        {"RUN_ARGS", quoted_words(b.run_args)},
    };
    // @NAME@ with NAME in capitals and underscores is a placeholder; any other @ is text ("$@", "${a[@]}").
    std::string out;
    std::size_t line = 1;
    for (std::size_t i = 0; i < template_text.size(); ++i) {
        const char c = template_text[i];
        if (c == '\n') ++line;
        std::size_t j = i + 1;
        if (c == '@')
            while (j < template_text.size() &&
                   (std::isupper(static_cast<unsigned char>(template_text[j])) || template_text[j] == '_'))
                ++j;
        if (c != '@' || j == i + 1 || j >= template_text.size() || template_text[j] != '@') {
            out += c;
            continue;
        }
        const std::string name = template_text.substr(i + 1, j - i - 1);
        const auto it = values.find(name);
        if (it == values.end())
            throw config_error(origin + ":" + std::to_string(line) + ": unknown placeholder @" + name + "@");
        out += it->second;
        i = j;
    }
    return out;
}

}  // namespace hetsweep::cli
