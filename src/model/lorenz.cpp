#include <hetsweep/model/lorenz.hpp>

#include <hetsweep/errors.hpp>
#include <hetsweep/model/random.hpp>

#include <cmath>

namespace hetsweep {

Eigen::Vector3d lorenz_rhs(const Eigen::Vector3d& s, const lorenz_params& p) {
    return {p.sigma * (s[1] - s[0]), s[0] * (p.rho - s[2]) - s[1], s[0] * s[1] - p.beta * s[2]};
}

Eigen::MatrixXd lorenz_series(const input_spec& spec) {
    random_stream rng(spec.sweep_seed, spec.input_seed, purpose::input_series);
    Eigen::Vector3d s(0.0, 1.0, 25.0);
    for (int i = 0; i < 3; ++i) s[i] += rng.uniform(-5, 5);
    const auto f = [&](const Eigen::Vector3d& v) { return lorenz_rhs(v, spec.lorenz); };
    const auto transient_steps = static_cast<std::int64_t>(std::llround(spec.transient / spec.dt));
    for (std::int64_t i = 0; i < transient_steps; ++i) s = rk4_step(f, s, spec.dt);

    Eigen::MatrixXd u(spec.steps, 3);
    for (std::int64_t i = 0; i < spec.steps; ++i) {
        u.row(i) = s.transpose();
        s = rk4_step(f, s, spec.dt);
    }
    if (!u.allFinite())
        throw numerical_error("the Lorenz input diverged (dt = " + std::to_string(spec.dt) + ")");
    for (int k = 0; k < 3; ++k) {
        auto col = u.col(k).array();
        const double mean = col.mean();
        const double sd = std::sqrt((col - mean).square().mean());
        if (!(sd > 0))
            throw numerical_error("the Lorenz input component " + std::to_string(k + 1) + " is constant");
        col = (col - mean) / sd;
    }
    return u;
}

}  // namespace hetsweep
