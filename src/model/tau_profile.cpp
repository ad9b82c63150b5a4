#include <hetsweep/model/tau_profile.hpp>

#include <hetsweep/errors.hpp>
#include <hetsweep/model/random.hpp>
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

std::string tau_feasibility(tau_profile profile, double cv) {
    if (cv < 0 || !std::isfinite(cv)) return "cv must be finite and >= 0";
    if (profile == tau_profile::uniform && cv >= 1 / std::sqrt(3.0))
        return "a uniform profile needs cv < 1/sqrt(3) = 0.577 so that mean*(1 - sqrt(3)*cv) > 0";
    if (profile == tau_profile::normal && cv > 1.0 / 3.0)
        return "a normal profile needs cv <= 1/3 so that mean - 3*std >= 0";
    return {};
}

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
    }
    if (spec.empirical && n > 1) {
        const moments m = sample_moments(tau);
        if (m.std > 0) tau = spec.mean + (tau - m.mean) * (sd / m.std);
    }
    return tau.max(spec.floor);
}

}  // namespace hetsweep
