#pragma once

// Heterogeneous membrane time constants: draws from a profile matched in mean
// and std, optional empirical matching, clipping at dt, realised moments.

#include <hetsweep/vocab/tau_file.hpp>
#include <hetsweep/vocab/tau_rules.hpp>

#include <Eigen/Dense>
#include <string>
#include <vector>

namespace hetsweep {

struct tau_spec {
    tau_profile profile = tau_profile::lognormal;
    double mean = 0.3;  // [TU]
    double cv = 0.0;    // std / mean
    double skew = 0.0;  // pearson3 only
    tau_match match = tau_match::empirical;
    double floor = 0.01;  // [TU]
};

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

// n time constants from the file's values: in order ("values": the file must hold exactly n) or
// drawn with replacement from `rng` ("pool"); clipped at `floor`.
Eigen::ArrayXd file_tau(const std::string& path, bool pool, Eigen::Index n, double floor, random_stream& rng);

// max(floor, a + b x) with the mean `mean` and std `sd` exactly (see draw_tau); x must vary.
Eigen::ArrayXd match_truncated(const Eigen::ArrayXd& x, double mean, double sd, double floor);

}  // namespace hetsweep
