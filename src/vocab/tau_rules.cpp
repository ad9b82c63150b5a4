#include <hetsweep/vocab/tau_rules.hpp>

#include <hetsweep/errors.hpp>
#include <hetsweep/text.hpp>

#include <cmath>

namespace hetsweep {

tau_profile parse_tau_profile(const std::string& name) {
    if (auto p = parse_name(tau_profile_names, name)) return *p;
    throw config_error("profile = \"" + name + "\": must be one of " + join(all_names(tau_profile_names)));
}

const char* to_string(tau_profile p) {
    return name_of(tau_profile_names, p, "?");
}

std::string tau_feasibility(tau_profile profile, double cv, tau_match match) {
    if (cv < 0 || !std::isfinite(cv)) return "cv must be finite and >= 0";
    if (match == tau_match::truncated) return {};
    if (profile == tau_profile::uniform && cv >= 1 / std::sqrt(3.0))
        return "a uniform profile needs cv < 1/sqrt(3) = 0.577 so that mean*(1 - sqrt(3)*cv) > 0";
    if (profile == tau_profile::normal && cv > 1.0 / 3.0)
        return "a normal profile needs cv <= 1/3 so that mean - 3*std >= 0";
    return {};
}

}  // namespace hetsweep
