#pragma once

// The chaotic input: the Lorenz system integrated with classical RK4.

#include <Eigen/Dense>
#include <cstdint>

namespace hetsweep {

struct lorenz_params {
    double sigma = 10.0;
    double rho = 28.0;
    double beta = 8.0 / 3.0;
};

Eigen::Vector3d lorenz_rhs(const Eigen::Vector3d& s, const lorenz_params& p);

// One classical fourth-order Runge-Kutta step of ds/dt = f(s).
template <class F>
Eigen::Vector3d rk4_step(const F& f, const Eigen::Vector3d& s, double h) {
    const Eigen::Vector3d k1 = f(s);
    const Eigen::Vector3d k2 = f(s + 0.5 * h * k1);
    const Eigen::Vector3d k3 = f(s + 0.5 * h * k2);
    const Eigen::Vector3d k4 = f(s + h * k3);
    return s + (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4);
}

struct input_spec {
    lorenz_params lorenz;
    double dt = 0.01;         // [TU] sampling interval (the network's step)
    double step = 0.01;       // [TU] the integrator's own step, whatever dt is
    double transient = 50.0;  // discarded [TU]
    std::int64_t steps = 0;   // samples kept
    // The first samples whose span sets the z-scoring (0: all): the evaluator passes those before
    // the test window, so that no statistic of the test window enters training.
    std::int64_t scale_steps = 0;
    std::uint64_t sweep_seed = 0;
    std::uint64_t input_seed = 1;
};

// `steps` x 3 samples, at times i * dt after the transient, of the Lorenz
// trajectory integrated with RK4 at its own `step`: the same trajectory at any
// dt. A sample time on the integrator's grid takes the grid state; one between
// two grid states takes the cubic Hermite interpolant of their values and
// derivatives (error O(step^4), as RK4's own). Each column is z-scored with the
// mean and sd of the grid states over the span of the first `scale_steps`
// samples (all of them if 0), so the scaling does not depend on dt either. The initial state is drawn from
// the input's own stream: (x, y, z) = (0, 1, 25) + U(-5, 5)^3.
Eigen::MatrixXd lorenz_series(const input_spec& spec);

}  // namespace hetsweep
