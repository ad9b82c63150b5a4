#include <hetsweep/model/lorenz.hpp>

#include <hetsweep/errors.hpp>
#include <hetsweep/vocab/random.hpp>

#include <algorithm>
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
    const double h = spec.step;
    const auto transient_steps = static_cast<std::int64_t>(std::llround(spec.transient / h));
    for (std::int64_t i = 0; i < transient_steps; ++i) s = rk4_step(f, s, h);

    // Sample i lies at grid position i * ratio; a position within 1e-9 of a grid point is that point.
    const double ratio = spec.dt / h, tolerance = 1e-9;
    const double last = spec.steps > 0 ? double(spec.steps - 1) * ratio : 0.0;
    const auto grid_points = spec.steps > 0 ? static_cast<std::int64_t>(std::floor(last + tolerance)) + 1 : 0;
    const bool needs_next = spec.steps > 0 && last + tolerance - std::floor(last + tolerance) > 2 * tolerance;
    Eigen::MatrixXd grid(grid_points + (needs_next ? 1 : 0), 3);
    for (Eigen::Index j = 0; j < grid.rows(); ++j) {
        grid.row(j) = s.transpose();
        if (j + 1 < grid.rows()) s = rk4_step(f, s, h);
    }
    if (!grid.allFinite())
        throw numerical_error("the Lorenz input diverged (input.step = " + std::to_string(h) + ")");

    Eigen::MatrixXd u(spec.steps, 3);
    for (std::int64_t i = 0; i < spec.steps; ++i) {
        const double x = double(i) * ratio;
        const auto j = static_cast<Eigen::Index>(std::floor(x + tolerance));
        const double frac = x - double(j);
        if (std::abs(frac) <= tolerance) {
            u.row(i) = grid.row(j);
            continue;
        }
        // Cubic Hermite on [t_j, t_j + h] from the end values and derivatives.
        const Eigen::Vector3d a = grid.row(j).transpose(), b = grid.row(j + 1).transpose();
        const Eigen::Vector3d da = f(a) * h, db = f(b) * h;
        const double t = frac, t2 = t * t, t3 = t2 * t;
        u.row(i) =
            ((2 * t3 - 3 * t2 + 1) * a + (t3 - 2 * t2 + t) * da + (-2 * t3 + 3 * t2) * b + (t3 - t2) * db)
                .transpose();
    }
    // The grid states up to the last sample of the scaling span.
    const std::int64_t scale_samples =
        spec.scale_steps > 0 ? std::min(spec.scale_steps, spec.steps) : spec.steps;
    const auto scale_points =
        scale_samples > 0
            ? static_cast<std::int64_t>(std::floor(double(scale_samples - 1) * ratio + tolerance)) + 1
            : 0;
    const auto kept = grid.topRows(scale_points);
    for (int k = 0; k < 3; ++k) {
        const auto g = kept.col(k).array();
        const double mean = g.mean();
        const double sd = std::sqrt((g - mean).square().mean());
        if (!(sd > 0))
            throw numerical_error("the Lorenz input component " + std::to_string(k + 1) + " is constant");
        u.col(k) = ((u.col(k).array() - mean) / sd).matrix();
    }
    return u;
}

}  // namespace hetsweep
