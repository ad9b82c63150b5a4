#pragma once

// Heterogeneous membrane time constants: draws from a profile matched in mean
// and std, optional empirical matching, clipping at dt, realised moments.

#include <hetsweep/enum_names.hpp>

#include <Eigen/Dense>
#include <string>
#include <vector>

namespace hetsweep {

enum class tau_profile { lognormal, gamma, uniform, normal };
inline constexpr enum_name<tau_profile> tau_profile_names[] = {{tau_profile::lognormal, "lognormal"},
                                                               {tau_profile::gamma, "gamma"},
                                                               {tau_profile::uniform, "uniform"},
                                                               {tau_profile::normal, "normal"}};

tau_profile parse_tau_profile(const std::string& name);  // throws config_error naming the value
const char* to_string(tau_profile);

enum class tau_match {
    empirical,  // rescale the samples to the exact mean and std, then clip at the floor
    truncated,  // clip at the floor and re-match the rest, so the clipped moments are exact
    none,       // the raw draws, clipped at the floor
};
inline constexpr enum_name<tau_match> tau_match_names[] = {
    {tau_match::empirical, "empirical"}, {tau_match::truncated, "truncated"}, {tau_match::none, "none"}};

struct tau_spec {
    tau_profile profile = tau_profile::lognormal;
    double mean = 0.3;  // [TU]
    double cv = 0.0;    // std / mean
    tau_match match = tau_match::empirical;
    double floor = 0.01;  // [TU]
};

// Empty if the profile can be realised with positive time constants at this
// cv, otherwise the rule it breaks: uniform needs cv < 1/sqrt(3) (support
// mean*(1 +- sqrt(3) cv) positive); normal needs cv <= 1/3 (mean - 3 std >= 0).
// Truncated matching realises any profile at any cv: the rule does not apply.
std::string tau_feasibility(tau_profile, double cv, tau_match match = tau_match::empirical);

struct moments {
    double mean = 0, std = 0, skew = 0;  // population moments (divide by n)
};
moments sample_moments(const Eigen::Ref<const Eigen::ArrayXd>& x);

class random_stream;

// n time constants: profile draws from `rng`, matched, clipped at spec.floor.
//
// Truncated matching: the samples x become max(floor, a + b x), with a and b such that the mean
// and std of the result are spec.mean and spec.cv * spec.mean. For a given set C of samples at the
// floor both follow in closed form; the set is recomputed from the new a, b until it stops
// changing. It starts from empirical matching, so a sample without values below the floor is
// exactly what empirical matching gives. Throws numerical_error when no such a, b exist (the
// target std needs more than all but one sample at the floor) or the set does not settle within
// 100 rounds.
Eigen::ArrayXd draw_tau(const tau_spec& spec, Eigen::Index n, random_stream& rng);

// The time constants of a file: one number per line, blank lines and text after '#' ignored. Every
// value must be a finite number > 0 [TU]; at most 10 million values and 256 MiB. Throws config_error
// naming the file, the line and the rule.
//
// A spec names the file as written (relative to the spec's directory); the spec parser loads it
// from where it is under that name (load_tau_file), and the rest of the process finds it by the
// name: the spec hash and the store then do not depend on the working directory. A name no spec
// loaded is read as a path.
void load_tau_file(const std::string& name, const std::string& path);
const std::vector<double>& tau_file_values(const std::string& name);
// FNV-1a 64 of the file's bytes, as 16 hex digits: part of the spec hash, so a changed file is a
// different sweep.
std::string tau_file_hash(const std::string& name);
// n time constants from the file's values: in order ("values": the file must hold exactly n) or
// drawn with replacement from `rng` ("pool"); clipped at `floor`.
Eigen::ArrayXd file_tau(const std::string& path, bool pool, Eigen::Index n, double floor, random_stream& rng);

// max(floor, a + b x) with the mean `mean` and std `sd` exactly (see draw_tau); x must vary.
Eigen::ArrayXd match_truncated(const Eigen::ArrayXd& x, double mean, double sd, double floor);

}  // namespace hetsweep
