#include <hetsweep/model/tau_profile.hpp>

#include <hetsweep/errors.hpp>
#include <hetsweep/text.hpp>
#include <hetsweep/vocab/random.hpp>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>

namespace hetsweep {

moments sample_moments(const Eigen::Ref<const Eigen::ArrayXd>& x) {
    moments m;
    if (x.size() == 0) return m;
    m.mean = x.mean();
    const Eigen::ArrayXd c = x - m.mean;
    const double m2 = c.square().mean();
    const double m3 = c.cube().mean();
    m.std = std::sqrt(m2);
    // A spread at rounding level is no spread: its skew is noise.
    const bool spread = m.std > 1e-12 * std::fabs(m.mean);
    if (!spread) m.std = 0;
    m.skew = spread ? m3 / std::pow(m2, 1.5) : 0.0;
    return m;
}

Eigen::ArrayXd draw_tau(const tau_spec& spec, Eigen::Index n, random_stream& rng) {
    Eigen::ArrayXd tau(n);
    const double sd = spec.cv * spec.mean;
    if (spec.cv == 0) {
        tau.setConstant(spec.mean);
        return tau.max(spec.floor);
    }
    switch (spec.profile) {
        case tau_profile::lognormal: {
            const double s2 = std::log1p(spec.cv * spec.cv);
            const double mu = std::log(spec.mean) - s2 / 2;
            const double sigma = std::sqrt(s2);
            for (Eigen::Index i = 0; i < n; ++i) tau[i] = rng.lognormal(mu, sigma);
            break;
        }
        case tau_profile::gamma: {
            const double shape = 1 / (spec.cv * spec.cv);
            const double scale = spec.mean * spec.cv * spec.cv;
            for (Eigen::Index i = 0; i < n; ++i) tau[i] = scale * rng.gamma(shape);
            break;
        }
        case tau_profile::uniform: {
            const double half = std::sqrt(3.0) * sd;
            for (Eigen::Index i = 0; i < n; ++i) tau[i] = rng.uniform(spec.mean - half, spec.mean + half);
            break;
        }
        case tau_profile::normal:
            for (Eigen::Index i = 0; i < n; ++i) tau[i] = rng.normal(spec.mean, sd);
            break;
        case tau_profile::pearson3: {
            if (spec.skew == 0) {
                for (Eigen::Index i = 0; i < n; ++i) tau[i] = rng.normal(spec.mean, sd);
                break;
            }
            // mean + sign(skew) scale (G - k), G ~ Gamma(k): mean `mean`, std sd, skewness `skew`.
            const double k = 4 / (spec.skew * spec.skew);
            const double scale = sd * std::fabs(spec.skew) / 2 * (spec.skew > 0 ? 1 : -1);
            for (Eigen::Index i = 0; i < n; ++i) tau[i] = spec.mean + scale * (rng.gamma(k) - k);
            break;
        }
    }
    if (spec.match != tau_match::none && n > 1) {
        const moments m = sample_moments(tau);
        if (m.std > 0) {
            const Eigen::ArrayXd raw = tau;
            tau = spec.mean + (tau - m.mean) * (sd / m.std);
            if (spec.match == tau_match::truncated && (tau < spec.floor).any())
                return match_truncated(raw, spec.mean, sd, spec.floor);
        }
    }
    return tau.max(spec.floor);
}

Eigen::ArrayXd match_truncated(const Eigen::ArrayXd& x, double mean, double sd, double floor) {
    const double n = double(x.size());
    const moments m = sample_moments(x);
    if (!(m.std > 0)) throw numerical_error("truncated tau matching: the draws do not vary");
    if (!(mean > floor))
        throw numerical_error("truncated tau matching: the mean " + shortest(mean) +
                              " TU is not above the floor " + shortest(floor) + " TU");
    double b = sd / m.std, a = mean - b * m.mean;
    Eigen::Array<bool, Eigen::Dynamic, 1> low = (a + b * x) < floor;
    for (int round = 0; round < 100; ++round) {
        // With the samples in `low` at the floor, the free ones F must supply the rest of the sum and
        // of the sum of squares: n_F (a + b mean_F) = n mean - n_C floor, and
        // n_F ((a + b mean_F)^2 + b^2 var_F) = n (sd^2 + mean^2) - n_C floor^2.
        const double nc = double(low.count()), nf = n - nc;
        double sum = 0, sq = 0;
        for (Eigen::Index i = 0; i < x.size(); ++i)
            if (!low[i]) sum += x[i];
        const double mean_f = nf > 0 ? sum / nf : 0;
        for (Eigen::Index i = 0; i < x.size(); ++i)
            if (!low[i]) sq += (x[i] - mean_f) * (x[i] - mean_f);
        const double var_f = nf > 0 ? sq / nf : 0;
        const double free_mean = (n * mean - nc * floor) / std::max(nf, 1.0);
        const double b2 = (n * (sd * sd + mean * mean) - nc * floor * floor - nf * free_mean * free_mean) /
                          std::max(nf * var_f, 1e-300);
        if (nf < 2 || !(var_f > 0) || !(b2 > 0) || !(free_mean > floor))
            throw numerical_error("truncated tau matching: mean " + shortest(mean) + " TU and std " +
                                  shortest(sd) + " TU cannot be reached with " +
                                  std::to_string(std::int64_t(nc)) + " of " + std::to_string(x.size()) +
                                  " time constants at the floor " + shortest(floor) +
                                  " TU (a smaller cv or a lower tau.floor)");
        b = std::sqrt(b2);
        a = free_mean - b * mean_f;
        const Eigen::Array<bool, Eigen::Dynamic, 1> next = (a + b * x) < floor;
        if ((next == low).all()) return (a + b * x).max(floor);
        low = next;
    }
    throw numerical_error(
        "truncated tau matching: the set of time constants at the floor did not settle in 100 "
        "rounds (mean " +
        shortest(mean) + " TU, std " + shortest(sd) + " TU, floor " + shortest(floor) + " TU)");
}

Eigen::ArrayXd file_tau(const std::string& path, bool pool, Eigen::Index n, double floor,
                        random_stream& rng) {
    const std::vector<double>& values = tau_file_values(path);
    Eigen::ArrayXd tau(n);
    if (pool) {
        for (Eigen::Index i = 0; i < n; ++i) tau[i] = values[std::size_t(rng.below(values.size()))];
    } else {
        if (values.size() != std::size_t(n))
            throw config_error(
                "tau.file = " + quoted(path) + " holds " + std::to_string(values.size()) +
                " time constants and network.N = " + std::to_string(n) +
                ": tau.file_mode = \"values\" needs one per neuron (\"pool\" draws N from them)");
        for (Eigen::Index i = 0; i < n; ++i) tau[i] = values[std::size_t(i)];
    }
    return tau.max(floor);
}

}  // namespace hetsweep
