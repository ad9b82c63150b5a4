#pragma once

// Heterogeneous membrane time constants: draws from a profile matched in mean
// and std, optional empirical matching, clipping at dt, realised moments.

#include <hetsweep/enum_names.hpp>

#include <Eigen/Dense>
#include <string>

namespace hetsweep {

enum class tau_profile { lognormal, gamma, uniform, normal };
inline constexpr enum_name<tau_profile> tau_profile_names[] = {{tau_profile::lognormal, "lognormal"},
                                                               {tau_profile::gamma, "gamma"},
                                                               {tau_profile::uniform, "uniform"},
                                                               {tau_profile::normal, "normal"}};

tau_profile parse_tau_profile(const std::string& name);  // throws config_error naming the value
const char* to_string(tau_profile);

struct tau_spec {
    tau_profile profile = tau_profile::lognormal;
    double mean = 0.3;      // [TU]
    double cv = 0.0;        // std / mean
    bool empirical = true;  // rescale samples to the exact mean and std before clipping
    double floor = 0.01;    // clip below at dt [TU]
};

// Empty if the profile can be realised with positive time constants at this
// cv, otherwise the rule it breaks: uniform needs cv < 1/sqrt(3) (support
// mean*(1 +- sqrt(3) cv) positive); normal needs cv <= 1/3 (mean - 3 std >= 0).
std::string tau_feasibility(tau_profile, double cv);

struct moments {
    double mean = 0, std = 0, skew = 0;  // population moments (divide by n)
};
moments sample_moments(const Eigen::Ref<const Eigen::ArrayXd>& x);

class random_stream;

// n time constants: profile draws from `rng`, matched, clipped at spec.floor.
Eigen::ArrayXd draw_tau(const tau_spec& spec, Eigen::Index n, random_stream& rng);

}  // namespace hetsweep
