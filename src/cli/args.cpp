#include <hetsweep/cli/args.hpp>

#include <hetsweep/errors.hpp>
#include <hetsweep/vocab/param_table.hpp>

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdint>
#include <map>

namespace hetsweep::cli {

namespace {

// An option this command does not know ("--stroe", "--stroe=x" or "-x"), answered with the nearest
// known one and the whole list.
config_error unknown_option(const std::string& word, const std::set<std::string>& flags,
                            const std::set<std::string>& options) {
    const std::string written = word.substr(0, word.find('='));
    const std::string name =
        written.substr(written.find_first_not_of('-') == std::string::npos ? written.size()
                                                                           : written.find_first_not_of('-'));
    std::vector<std::string> names(flags.begin(), flags.end());
    names.insert(names.end(), options.begin(), options.end());
    std::string known;
    for (const auto& o : names) known += " --" + o;
    const std::size_t nearest = nearest_name(name, names);
    return config_error("unknown option " + written +
                        (nearest == names.size() ? "" : " (did you mean --" + names[nearest] + "?)") +
                        (known.empty() ? "" : " (known:" + known + ")"));
}

}  // namespace

args::args(const std::vector<std::string>& words, const std::set<std::string>& flags,
           const std::set<std::string>& options) {
    // A flag with a value (--raw=1) is refused rather than read as true or false.
    for (const auto& w : words) {
        const auto eq = w.find('=');
        if (w.rfind("--", 0) == 0 && eq != std::string::npos && flags.count(w.substr(2, eq - 2)))
            throw config_error(w.substr(0, eq) + " takes no value");
    }
    // CLI11 reads the words (the Debian library, libcli11-dev); the help texts, the suggestions and
    // the key=value words, which are positional here, are ours.
    CLI::App app;
    app.set_help_flag();
    app.allow_extras();  // unknown options are named below, with the nearest known one
    app.add_option("words", positional_);
    std::map<std::string, std::int64_t> flag_counts;
    for (const auto& f : flags) app.add_flag("--" + f, flag_counts[f]);
    std::map<std::string, std::vector<std::string>> values;
    for (const auto& o : options)
        app.add_option("--" + o, values[o])
            ->expected(1)
            ->allow_extra_args(false)
            ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    std::vector<std::string> reversed(words.rbegin(), words.rend());  // CLI11 reads from the back
    try {
        app.parse(reversed);
    } catch (const CLI::ParseError& e) {
        // "--store: 1 required TEXT missing": the one way a known option goes wrong here.
        const std::string text = e.what();
        const auto colon = text.find(": 1 required");
        throw config_error(colon == std::string::npos ? text : text.substr(0, colon) + " needs a value");
    }
    for (const auto& w : app.remaining())
        if (w.size() > 1 && w[0] == '-') throw unknown_option(w, flags, options);
    for (const auto& [f, n] : flag_counts)
        if (n) flags_.insert(f);
    for (const auto& [o, v] : values)
        for (const auto& x : v) options_.emplace(o, x);
}

std::optional<std::string> args::option(const std::string& name) const {
    auto range = options_.equal_range(name);
    if (range.first == range.second) return std::nullopt;
    return std::prev(range.second)->second;
}

std::string args::option_or(const std::string& name, const std::string& fallback) const {
    auto v = option(name);
    return v ? *v : fallback;
}

long long args::integer_or(const std::string& name, long long fallback) const {
    auto v = option(name);
    if (!v) return fallback;
    std::size_t used = 0;
    long long x = 0;
    try {
        x = std::stoll(*v, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != v->size() || v->empty())
        throw config_error("--" + name + " = " + *v + ": must be an integer");
    return x;
}

double args::number_or(const std::string& name, double fallback) const {
    auto v = option(name);
    if (!v) return fallback;
    std::size_t used = 0;
    double x = 0;
    try {
        x = std::stod(*v, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != v->size() || v->empty() || !std::isfinite(x))
        throw config_error("--" + name + " = " + *v + ": must be a finite number");
    return x;
}

std::vector<std::string> args::all(const std::string& name) const {
    std::vector<std::string> out;
    auto range = options_.equal_range(name);
    for (auto it = range.first; it != range.second; ++it) out.push_back(it->second);
    return out;
}

}  // namespace hetsweep::cli
