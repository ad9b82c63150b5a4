// The chaotic input: RK4's order on problems with exact solutions, the Lorenz
// right-hand side, and the z-scored, seeded input series.

#include <hetsweep/model/lorenz.hpp>
#include <hetsweep/vocab/random.hpp>

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <functional>
#include <vector>

namespace hetsweep {
namespace {

// Max-norm error at time t_end of RK4 with step h against the exact solution.
double rk4_error(const std::function<Eigen::Vector3d(const Eigen::Vector3d&)>& f, const Eigen::Vector3d& s0,
                 const std::function<Eigen::Vector3d(double)>& exact, double t_end, int steps) {
    const double h = t_end / steps;
    Eigen::Vector3d s = s0;
    for (int i = 0; i < steps; ++i) s = rk4_step(f, s, h);
    return (s - exact(t_end)).cwiseAbs().maxCoeff();
}

// The observed order log2(e(h) / e(h/2)) for h = t_end/10, /20, /40, /80.
std::vector<double> observed_orders(const std::function<Eigen::Vector3d(const Eigen::Vector3d&)>& f,
                                    const Eigen::Vector3d& s0,
                                    const std::function<Eigen::Vector3d(double)>& exact, double t_end) {
    std::vector<double> errors, orders;
    for (int steps = 10; steps <= 80; steps *= 2) errors.push_back(rk4_error(f, s0, exact, t_end, steps));
    for (std::size_t i = 1; i < errors.size(); ++i) orders.push_back(std::log2(errors[i - 1] / errors[i]));
    return orders;
}

TEST(Rk4, FourthOrderOnALinearRotationWithDecay) {
    // x' = -y, y' = x, z' = -z: a rotation in (x, y) and a decay in z.
    const auto f = [](const Eigen::Vector3d& s) { return Eigen::Vector3d(-s[1], s[0], -s[2]); };
    const Eigen::Vector3d s0(1.0, 0.5, 2.0);
    const auto exact = [&](double t) {
        return Eigen::Vector3d(std::cos(t) * s0[0] - std::sin(t) * s0[1],
                               std::sin(t) * s0[0] + std::cos(t) * s0[1], std::exp(-t) * s0[2]);
    };
    for (const double order : observed_orders(f, s0, exact, 4.0)) EXPECT_NEAR(order, 4.0, 0.2);
}

TEST(Rk4, FourthOrderOnTheLogisticEquation) {
    // y' = y (1 - y), y(t) = 1 / (1 + (1/y0 - 1) e^-t), a nonlinear problem.
    const auto f = [](const Eigen::Vector3d& s) { return Eigen::Vector3d(s.array() * (1 - s.array())); };
    const Eigen::Vector3d s0(0.1, 0.5, 2.0);
    const auto exact = [&](double t) {
        return Eigen::Vector3d((1 / (1 + (1 / s0.array() - 1) * std::exp(-t))).matrix());
    };
    for (const double order : observed_orders(f, s0, exact, 3.0)) EXPECT_NEAR(order, 4.0, 0.2);
}

TEST(Rk4, OneStepByHand) {
    // For y' = y one step is the Taylor polynomial of e^h to fourth order.
    const auto f = [](const Eigen::Vector3d& s) { return s; };
    const double h = 0.1;
    const Eigen::Vector3d s = rk4_step(f, Eigen::Vector3d(1.0, -2.0, 0.0), h);
    const double taylor = 1 + h + h * h / 2 + h * h * h / 6 + h * h * h * h / 24;
    EXPECT_NEAR(s[0], taylor, 1e-15);
    EXPECT_NEAR(s[1], -2 * taylor, 1e-15);
    EXPECT_EQ(s[2], 0.0);
}

TEST(Lorenz, RightHandSideByHand) {
    const lorenz_params p;  // sigma 10, rho 28, beta 8/3
    EXPECT_EQ(p.sigma, 10.0);
    EXPECT_EQ(p.rho, 28.0);
    EXPECT_DOUBLE_EQ(p.beta, 8.0 / 3.0);
    const Eigen::Vector3d d = lorenz_rhs(Eigen::Vector3d(1.0, 2.0, 3.0), p);
    // (10 (2 - 1), 1 (28 - 3) - 2, 1 * 2 - 8/3 * 3)
    EXPECT_DOUBLE_EQ(d[0], 10.0);
    EXPECT_DOUBLE_EQ(d[1], 23.0);
    EXPECT_DOUBLE_EQ(d[2], -6.0);
    const Eigen::Vector3d e = lorenz_rhs(Eigen::Vector3d(-1.5, 0.5, 4.0), {2.0, 3.0, 0.5});
    EXPECT_DOUBLE_EQ(e[0], 2.0 * (0.5 + 1.5));
    EXPECT_DOUBLE_EQ(e[1], -1.5 * (3.0 - 4.0) - 0.5);
    EXPECT_DOUBLE_EQ(e[2], -1.5 * 0.5 - 0.5 * 4.0);
}

input_spec short_input(std::uint64_t input_seed, std::int64_t steps = 3000) {
    input_spec in;
    in.transient = 5.0;
    in.steps = steps;
    in.sweep_seed = 21;
    in.input_seed = input_seed;
    return in;
}

TEST(Lorenz, SeriesColumnsAreZScored) {
    const Eigen::MatrixXd u = lorenz_series(short_input(1));
    ASSERT_EQ(u.rows(), 3000);
    ASSERT_EQ(u.cols(), 3);
    for (int k = 0; k < 3; ++k) {
        const double mean = u.col(k).mean();
        const double sd = std::sqrt((u.col(k).array() - mean).square().mean());
        EXPECT_NEAR(mean, 0.0, 1e-12) << "column " << k;
        EXPECT_NEAR(sd, 1.0, 1e-12) << "column " << k;
    }
}

// With scale_steps, the first samples alone set the scaling: they are z-scored exactly, and the
// samples after them are those of the same trajectory under that scaling, whatever follows.
TEST(Lorenz, TheScalingSpanAloneSetsTheScale) {
    input_spec in = short_input(1);
    in.scale_steps = 1000;
    const Eigen::MatrixXd u = lorenz_series(in);
    for (int k = 0; k < 3; ++k) {
        const Eigen::ArrayXd head = u.col(k).head(1000).array();
        const double mean = head.mean();
        EXPECT_NEAR(mean, 0.0, 1e-12) << "column " << k;
        EXPECT_NEAR(std::sqrt((head - mean).square().mean()), 1.0, 1e-12) << "column " << k;
    }
    input_spec longer = in;
    longer.steps = 5000;
    const Eigen::MatrixXd v = lorenz_series(longer);
    EXPECT_TRUE((v.topRows(3000).array() == u.array()).all()) << "a longer series must not rescale the first";
}

TEST(Lorenz, SeedsSelectTheRealisation) {
    const Eigen::MatrixXd a = lorenz_series(short_input(1)), b = lorenz_series(short_input(1));
    EXPECT_TRUE((a.array() == b.array()).all()) << "the same input seed must give bit-identical series";
    const Eigen::MatrixXd c = lorenz_series(short_input(2));
    EXPECT_GT((a - c).cwiseAbs().maxCoeff(), 0.5) << "another input seed must give another trajectory";
    input_spec other_sweep = short_input(1);
    other_sweep.sweep_seed = 22;
    EXPECT_GT((a - lorenz_series(other_sweep)).cwiseAbs().maxCoeff(), 0.5);
}

// An independent integration: the documented initial state (0, 1, 25) plus
// U(-5, 5)^3 from the input's stream, this file's own Lorenz field and RK4,
// the transient of round(transient/dt) steps dropped, then z-scored. Short
// spans keep chaos from amplifying rounding differences beyond 1e-9.
TEST(Lorenz, SeriesIsTheZScoredTrajectoryAfterTheTransient) {
    input_spec in = short_input(3, 200);
    in.transient = 1.0;
    in.lorenz = {9.0, 27.0, 2.5};
    random_stream rng(in.sweep_seed, in.input_seed, purpose::input_series);
    double s[3] = {0, 1, 25};
    for (double& v : s) v += -5 + 10 * rng.uniform();

    const auto field = [&](const double* x, double* dx) {
        dx[0] = in.lorenz.sigma * (x[1] - x[0]);
        dx[1] = x[0] * (in.lorenz.rho - x[2]) - x[1];
        dx[2] = x[0] * x[1] - in.lorenz.beta * x[2];
    };
    const auto step = [&] {
        double k1[3], k2[3], k3[3], k4[3], tmp[3];
        const double h = in.dt;
        field(s, k1);
        for (int i = 0; i < 3; ++i) tmp[i] = s[i] + h / 2 * k1[i];
        field(tmp, k2);
        for (int i = 0; i < 3; ++i) tmp[i] = s[i] + h / 2 * k2[i];
        field(tmp, k3);
        for (int i = 0; i < 3; ++i) tmp[i] = s[i] + h * k3[i];
        field(tmp, k4);
        for (int i = 0; i < 3; ++i) s[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
    };
    for (int i = 0; i < 100; ++i) step();  // 1 TU at dt = 0.01
    std::vector<std::array<double, 3>> kept;
    for (int i = 0; i < in.steps; ++i) {
        kept.push_back({s[0], s[1], s[2]});
        step();
    }
    const Eigen::MatrixXd u = lorenz_series(in);
    for (int k = 0; k < 3; ++k) {
        double mean = 0, var = 0;
        for (const auto& row : kept) mean += row[std::size_t(k)];
        mean /= double(kept.size());
        for (const auto& row : kept) var += (row[std::size_t(k)] - mean) * (row[std::size_t(k)] - mean);
        const double sd = std::sqrt(var / double(kept.size()));
        for (std::size_t t = 0; t < kept.size(); ++t)
            ASSERT_NEAR(u(Eigen::Index(t), k), (kept[t][std::size_t(k)] - mean) / sd, 1e-9)
                << "t=" << t << " k=" << k;
    }
}

// The input is integrated at its own step and sampled at dt: at any two dt the samples of a shared
// time are the same numbers (grid states, or the same interpolant between two grid states).
TEST(Lorenz, SeriesDoesNotDependOnDt) {
    const std::int64_t steps = 801;  // 8 TU at dt = 0.01
    input_spec coarse = short_input(1, steps), half = coarse, quarter = coarse;
    half.dt = 0.005;
    half.steps = 2 * steps - 1;
    quarter.dt = 0.0025;
    quarter.steps = 4 * steps - 3;
    const Eigen::MatrixXd a = lorenz_series(coarse), b = lorenz_series(half), c = lorenz_series(quarter);
    for (std::int64_t i = 0; i < steps; ++i) {
        ASSERT_TRUE((a.row(i).array() == b.row(2 * i).array()).all()) << "t = " << 0.01 * double(i);
        ASSERT_TRUE((a.row(i).array() == c.row(4 * i).array()).all()) << "t = " << 0.01 * double(i);
    }
    for (std::int64_t i = 0; i + 1 < half.steps; i += 2)  // between grid states: one interpolant
        ASSERT_TRUE((b.row(i + 1).array() == c.row(2 * i + 2).array()).all())
            << "t = " << 0.005 * double(i + 1);
}

// Between grid states the samples are as accurate as the integrator: against this file's own
// RK4 at a step 100 times finer, started from the grid state before the sample. Linear
// interpolation, for scale, is off by orders of magnitude more.
TEST(Lorenz, SamplesBetweenGridStatesAreAccurate) {
    input_spec in = short_input(4, 401);
    in.transient = 1.0;
    in.dt = 0.005;
    const double h = in.step;
    random_stream rng(in.sweep_seed, in.input_seed, purpose::input_series);
    std::array<double, 3> s = {0, 1, 25};
    for (double& v : s) v += -5 + 10 * rng.uniform();
    const lorenz_params lp = in.lorenz;
    const auto rk4 = [&](std::array<double, 3> x, double step, int n) {
        const auto field = [&](const std::array<double, 3>& y) {
            return std::array<double, 3>{lp.sigma * (y[1] - y[0]), y[0] * (lp.rho - y[2]) - y[1],
                                         y[0] * y[1] - lp.beta * y[2]};
        };
        for (int k = 0; k < n; ++k) {
            std::array<double, 3> k1 = field(x), t{}, k2, k3, k4;
            for (int i = 0; i < 3; ++i) t[i] = x[i] + step / 2 * k1[i];
            k2 = field(t);
            for (int i = 0; i < 3; ++i) t[i] = x[i] + step / 2 * k2[i];
            k3 = field(t);
            for (int i = 0; i < 3; ++i) t[i] = x[i] + step * k3[i];
            k4 = field(t);
            for (int i = 0; i < 3; ++i) x[i] += step / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }
        return x;
    };
    s = rk4(s, h, 100);  // the 1 TU transient
    std::vector<std::array<double, 3>> grid = {s};
    for (int j = 0; j < 200; ++j) grid.push_back(rk4(grid.back(), h, 1));
    // z-scoring with the grid states' own moments, as documented
    double mean[3] = {0, 0, 0}, sd[3] = {0, 0, 0};
    for (const auto& g : grid)
        for (int k = 0; k < 3; ++k) mean[k] += g[std::size_t(k)] / double(grid.size());
    for (const auto& g : grid)
        for (int k = 0; k < 3; ++k) sd[k] += std::pow(g[std::size_t(k)] - mean[k], 2) / double(grid.size());
    for (double& v : sd) v = std::sqrt(v);

    const Eigen::MatrixXd u = lorenz_series(in);
    double worst = 0, worst_linear = 0;
    for (int j = 0; j < 200; ++j) {
        const auto exact = rk4(grid[std::size_t(j)], h / 100, 50);  // t_j + h / 2
        for (int k = 0; k < 3; ++k) {
            const double want = (exact[std::size_t(k)] - mean[k]) / sd[k];
            const double linear =
                ((grid[std::size_t(j)][std::size_t(k)] + grid[std::size_t(j) + 1][std::size_t(k)]) / 2 -
                 mean[k]) /
                sd[k];
            worst = std::max(worst, std::abs(u(2 * j + 1, k) - want));
            worst_linear = std::max(worst_linear, std::abs(linear - want));
            ASSERT_NEAR(u(2 * j, k), (grid[std::size_t(j)][std::size_t(k)] - mean[k]) / sd[k], 1e-9);
        }
    }
    EXPECT_LT(worst, 1e-5) << "Hermite interpolation against a 100x finer RK4";
    EXPECT_GT(worst_linear, 100 * worst) << "the comparison can tell a worse interpolant";
}

}  // namespace
}  // namespace hetsweep
