#include <hetsweep/vocab/tau_rules.hpp>

#include <hetsweep/errors.hpp>
#include <hetsweep/text.hpp>

#include <boost/math/special_functions/erf.hpp>
#include <boost/math/special_functions/gamma.hpp>

#include <algorithm>
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

double share_below(tau_profile profile, double mean, double cv, double skew, double floor) {
    const double sd = cv * mean;
    if (sd == 0) return floor > mean ? 1.0 : 0.0;
    auto normal_cdf = [](double z) { return 0.5 * boost::math::erfc(-z / std::sqrt(2.0)); };
    switch (profile) {
        case tau_profile::lognormal: {
            if (floor <= 0) return 0;
            const double s2 = std::log1p(cv * cv);
            return normal_cdf((std::log(floor) - (std::log(mean) - s2 / 2)) / std::sqrt(s2));
        }
        case tau_profile::gamma:
            return floor <= 0 ? 0 : boost::math::gamma_p(1 / (cv * cv), floor / (mean * cv * cv));
        case tau_profile::uniform: {
            const double half = std::sqrt(3.0) * sd;
            return std::clamp((floor - (mean - half)) / (2 * half), 0.0, 1.0);
        }
        case tau_profile::normal:
            return normal_cdf((floor - mean) / sd);
        case tau_profile::pearson3: {
            if (skew == 0) return normal_cdf((floor - mean) / sd);
            // tau = mean + sign(skew) scale (G - k), G ~ Gamma(k), k = 4 / skew^2, scale = sd |skew| / 2.
            const double k = 4 / (skew * skew), scale = sd * std::fabs(skew) / 2;
            const double g = k + (floor - mean) / scale * (skew > 0 ? 1 : -1);
            if (skew > 0) return g <= 0 ? 0 : boost::math::gamma_p(k, g);
            return g <= 0 ? 1 : boost::math::gamma_q(k, g);
        }
    }
    return 0;
}

}  // namespace hetsweep
