#include <hetsweep/cli/args.hpp>

#include <hetsweep/errors.hpp>
#include <hetsweep/model/param_table.hpp>

#include <cmath>

namespace hetsweep::cli {

args::args(const std::vector<std::string>& words, const std::set<std::string>& flags,
           const std::set<std::string>& options) {
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string& w = words[i];
        if (w.rfind("--", 0) != 0 || w == "--") {
            positional_.push_back(w);
            continue;
        }
        std::string name = w.substr(2), value;
        const auto eq = name.find('=');
        const bool inline_value = eq != std::string::npos;
        if (inline_value) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        if (flags.count(name)) {
            if (inline_value) throw config_error("--" + name + " takes no value");
            flags_.insert(name);
        } else if (options.count(name)) {
            if (!inline_value) {
                if (i + 1 >= words.size()) throw config_error("--" + name + " needs a value");
                value = words[++i];
            }
            options_.emplace(name, value);
        } else {
            std::string known, nearest;
            std::size_t nearest_distance = 3;  // at most 2 edits away
            for (const auto* names : {&flags, &options})
                for (const auto& o : *names) {
                    known += " --" + o;
                    const std::size_t d = edit_distance(name, o);
                    if (d < nearest_distance) {
                        nearest_distance = d;
                        nearest = o;
                    }
                }
            throw config_error("unknown option --" + name +
                               (nearest.empty() ? "" : " (did you mean --" + nearest + "?)") +
                               (known.empty() ? "" : " (known:" + known + ")"));
        }
    }
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
