#include "common.hpp"

#include <hetsweep/errors.hpp>

#include <cstdio>

namespace hetsweep::cli {

sweep_spec spec_from_args(const args& a, const std::string& command) {
    const auto& words = a.positional();
    if (words.empty()) throw config_error("usage: hetsweep " + command + " SPEC [key=value ...]");
    sweep_spec spec = load_spec(words[0]);
    for (std::size_t i = 1; i < words.size(); ++i) apply_override(spec, words[i]);
    return spec;
}

std::string fixed(double x, int digits) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, x);
    return buf;
}

std::string human_seconds(double s) {
    if (s < 120) return fixed(s, 1) + " s";
    if (s < 7200) return fixed(s / 60, 1) + " min";
    return fixed(s / 3600, 1) + " h";
}

std::string store_argument(const args& a, const std::string& usage) {
    const auto option = a.option("store");
    if (option && a.positional().empty()) return *option;
    if (!option && a.positional().size() == 1) return a.positional()[0];
    throw config_error(usage + " (the store as FILE.h5 or as --store FILE.h5, once)");
}

}  // namespace hetsweep::cli
