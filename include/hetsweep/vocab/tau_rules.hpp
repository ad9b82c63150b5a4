#pragma once

// The time-constant profiles and matchings a spec may name, and which of them a heterogeneity
// level can realise: the words and rules of the [tau] section. The draws are model/tau_profile.hpp.

#include <hetsweep/enum_names.hpp>

#include <string>

namespace hetsweep {

// pearson3: Pearson's type III, mean + sd Z with Z a standardised gamma variate of shape 4 / skew^2,
// mirrored for a negative skew, normal at skew 0: the skewness is a parameter (tau.skew) at a fixed
// mean and cv.
enum class tau_profile { lognormal, gamma, uniform, normal, pearson3 };
inline constexpr enum_name<tau_profile> tau_profile_names[] = {{tau_profile::lognormal, "lognormal"},
                                                               {tau_profile::gamma, "gamma"},
                                                               {tau_profile::uniform, "uniform"},
                                                               {tau_profile::normal, "normal"},
                                                               {tau_profile::pearson3, "pearson3"}};

tau_profile parse_tau_profile(const std::string& name);  // throws config_error naming the value
const char* to_string(tau_profile);

enum class tau_match {
    empirical,  // rescale the samples to the exact mean and std, then clip at the floor
    truncated,  // clip at the floor and re-match the rest, so the clipped moments are exact
    none,       // the raw draws, clipped at the floor
};
inline constexpr enum_name<tau_match> tau_match_names[] = {
    {tau_match::empirical, "empirical"}, {tau_match::truncated, "truncated"}, {tau_match::none, "none"}};

// Empty if the profile can be realised with positive time constants at this
// cv, otherwise the rule it breaks: uniform needs cv < 1/sqrt(3) (support
// mean*(1 +- sqrt(3) cv) positive); normal needs cv <= 1/3 (mean - 3 std >= 0).
// Truncated matching realises any profile at any cv: the rule does not apply.
std::string tau_feasibility(tau_profile, double cv, tau_match match = tau_match::empirical);

// The share of the profile's distribution (before matching and clipping) below `floor`, for a mean
// `mean` > 0, a level `cv` and, for pearson3, a skewness `skew`: what clipping at the floor would move
// in an infinite network. Exact, from the distribution's CDF (Boost.Math).
double share_below(tau_profile, double mean, double cv, double skew, double floor);

// A pearson3 profile exists to vary skewness alone: its draws may reach the floor in at most this
// share, or the floor would reshape the skewed tail (tau.match = "truncated" lifts the rule).
inline constexpr double pearson3_max_floor_share = 0.01;

}  // namespace hetsweep
