// The leaky-integrator rate network: the linear network's fixed point from a
// direct solve, single Euler steps by hand, the noise level from the drive,
// and bit-identical reruns.

#include <hetsweep/model/connectivity.hpp>
#include <hetsweep/model/lorenz.hpp>
#include <hetsweep/model/noise_path.hpp>
#include <hetsweep/model/rate_network.hpp>
#include <hetsweep/model/tau_profile.hpp>
#include <hetsweep/vocab/params.hpp>
#include <hetsweep/vocab/random.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace hetsweep {
namespace {

constexpr std::uint64_t sweep_seed = 41;

// A network of n neurons with heterogeneous tau in [0.05, 0.5] TU, no noise.
rate_network make_network(std::int64_t n, double p, double g_rec, transfer phi) {
    rate_network net;
    random_stream rng(sweep_seed, 1, purpose::tau);
    net.tau.resize(n);
    for (auto& t : net.tau) t = rng.uniform(0.05, 0.5);
    connectivity_spec c;
    c.n = n;
    c.p = p;
    c.sweep_seed = sweep_seed;
    net.w = recurrent_weights(c);
    net.w_in = input_weights(n, 3, 1.0, sweep_seed, 1);
    net.noise_sd = Eigen::ArrayXd::Zero(n);
    net.x0 = Eigen::ArrayXd::LinSpaced(n, -0.1, 0.1);
    net.g_rec = g_rec;
    net.g_in = 0.8;
    net.dt = 0.01;
    net.phi = phi;
    return net;
}

// With phi linear, no noise and a constant input u, x converges to the fixed
// point of x = g_rec W x + g_in Win u whatever the time constants.
TEST(RateNetwork, LinearNetworkConvergesToTheFixedPoint) {
    const std::int64_t n = 50;
    const rate_network net = make_network(n, 0.2, 0.5, transfer::linear);
    const Eigen::MatrixXd w = net.w.dense();
    // Stable: the spectral radius of g_rec W is well below 1.
    const double radius = w.eigenvalues().cwiseAbs().maxCoeff() * net.g_rec;
    ASSERT_LT(radius, 0.8);

    const Eigen::Vector3d c(0.7, -1.2, 0.4);
    const std::int64_t steps = 6000;  // 60 TU: e^-60 of the slowest mode remains
    const Eigen::MatrixXd u = c.transpose().replicate(steps, 1);
    noise_path noise{random_stream(sweep_seed, 1, purpose::noise)};
    Eigen::MatrixXd last(n, 1);
    simulate(net, u, noise, steps - 1, last);

    const Eigen::MatrixXd a = Eigen::MatrixXd::Identity(n, n) - net.g_rec * w;
    const Eigen::VectorXd fixed = a.fullPivLu().solve(net.g_in * net.w_in * c);
    EXPECT_LT((last.col(0) - fixed).cwiseAbs().maxCoeff(), 1e-10 * (1 + fixed.cwiseAbs().maxCoeff()));
    EXPECT_GT(fixed.cwiseAbs().maxCoeff(), 0.1);  // a non-trivial fixed point
}

// Two forward Euler steps of tau dx/dt = -x + g_rec W tanh(x) + g_in Win u + eta
// written out here, with this test's own noise draws from the same stream.
TEST(RateNetwork, EulerStepsByHand) {
    const std::int64_t n = 30;
    rate_network net = make_network(n, 0.3, 1.3, transfer::tanh);
    net.noise_sd = Eigen::ArrayXd::LinSpaced(n, 0.0, 0.2);
    const Eigen::MatrixXd w = net.w.dense();
    Eigen::MatrixXd u(2, 3);
    u << 0.5, -1.0, 2.0, -0.3, 0.8, 0.1;

    noise_path noise{random_stream(sweep_seed, 5, purpose::noise)};
    random_stream my_noise(sweep_seed, 5, purpose::noise);
    Eigen::MatrixXd states(n, 2);
    simulate(net, u, noise, 0, states);

    Eigen::VectorXd x = net.x0.matrix();
    for (int t = 0; t < 2; ++t) {
        Eigen::VectorXd r(n), z(n);
        for (Eigen::Index i = 0; i < n; ++i) r[i] = std::tanh(x[i]);
        my_noise.fill_normal(z.data(), n);  // n standard normals per step, in neuron order
        const Eigen::VectorXd rhs = -x + net.g_rec * (w * r) + net.g_in * net.w_in * u.row(t).transpose() +
                                    (net.noise_sd * z.array()).matrix();
        for (Eigen::Index i = 0; i < n; ++i) x[i] += net.dt / net.tau[i] * rhs[i];
        for (Eigen::Index i = 0; i < n; ++i)
            EXPECT_NEAR(states(i, t), std::tanh(x[i]), 1e-13) << "t=" << t << " i=" << i;
    }
}

TEST(RateNetwork, FastTanhIsTanh) {
    const Eigen::ArrayXd x = Eigen::ArrayXd::LinSpaced(2001, -20.0, 20.0);
    const Eigen::ArrayXd y = fast_tanh(x);
    for (Eigen::Index i = 0; i < x.size(); ++i) EXPECT_NEAR(y[i], std::tanh(x[i]), 4e-16) << x[i];
    Eigen::ArrayXd inf(2);
    inf << std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity();
    EXPECT_EQ(fast_tanh(inf)[0], 1.0);
    EXPECT_EQ(fast_tanh(inf)[1], -1.0);
}

// The per-step noise variance is `fraction` times the variance over time of
// each neuron's drive g_in * Win_i . u(t), computed here sample by sample.
TEST(RateNetwork, NoiseSdFromTheEmpiricalVarianceOfTheDrive) {
    const std::int64_t n = 40;
    const Eigen::MatrixXd w_in = input_weights(n, 3, 0.75, sweep_seed, 3);  // some neurons without input
    input_spec in;
    in.transient = 5;
    in.steps = 2000;
    const Eigen::MatrixXd u = lorenz_series(in);  // correlated columns
    const double g_in = 1.7, fraction = 0.1;
    const Eigen::ArrayXd sd = noise_sd_from_drive(w_in, g_in, u, fraction);
    ASSERT_EQ(sd.size(), n);
    for (Eigen::Index i = 0; i < n; ++i) {
        double mean = 0;
        std::vector<double> drive(std::size_t(u.rows()));
        for (Eigen::Index t = 0; t < u.rows(); ++t) {
            double v = 0;
            for (int k = 0; k < 3; ++k) v += g_in * w_in(i, k) * u(t, k);
            drive[std::size_t(t)] = v;
            mean += v;
        }
        mean /= double(u.rows());
        double var = 0;
        for (double v : drive) var += (v - mean) * (v - mean);
        var /= double(u.rows());
        EXPECT_NEAR(sd[i], std::sqrt(fraction * var), 1e-12 * (1 + std::sqrt(var))) << "neuron " << i;
        if (w_in.row(i).isZero()) {
            EXPECT_EQ(sd[i], 0.0);
        }
    }
}

// cv = 0 and no noise: two networks built the same way give bit-identical
// states, and recording from a later step gives the same columns.
TEST(RateNetwork, IdenticalNetworksGiveBitIdenticalStates) {
    const std::int64_t n = 60;
    input_spec in;
    in.transient = 5;
    in.steps = 1500;
    const Eigen::MatrixXd u = lorenz_series(in);

    const auto build = [&] {
        rate_network net = make_network(n, 0.1, 0.9, transfer::tanh);
        tau_spec homogeneous;
        random_stream tau_rng(sweep_seed, 1, purpose::tau);
        net.tau = draw_tau(homogeneous, n, tau_rng);
        return net;
    };
    const rate_network a = build(), b = build();
    Eigen::MatrixXd sa(n, 1000), sb(n, 1000), late(n, 400);
    noise_path na{random_stream(sweep_seed, 1, purpose::noise)};
    noise_path nb{random_stream(sweep_seed, 1, purpose::noise)};
    noise_path nc{random_stream(sweep_seed, 1, purpose::noise)};
    simulate(a, u, na, 500, sa);
    simulate(b, u, nb, 500, sb);
    simulate(a, u, nc, 1100, late);
    EXPECT_TRUE((sa.array() == sb.array()).all());
    EXPECT_TRUE((sa.rightCols(400).array() == late.array()).all());
    EXPECT_GT(sa.array().abs().maxCoeff(), 0.1);  // the network responds to its input

    // With noise, the same noise stream gives the same states and another stream others.
    rate_network noisy = a;
    noisy.noise_sd = Eigen::ArrayXd::Constant(n, 0.3);
    Eigen::MatrixXd s1(n, 200), s2(n, 200), s3(n, 200);
    noise_path n1{random_stream(sweep_seed, 1, purpose::noise)};
    noise_path n2{random_stream(sweep_seed, 1, purpose::noise)};
    noise_path n3{random_stream(sweep_seed, 2, purpose::noise)};
    simulate(noisy, u, n1, 0, s1);
    simulate(noisy, u, n2, 0, s2);
    simulate(noisy, u, n3, 0, s3);
    EXPECT_TRUE((s1.array() == s2.array()).all());
    EXPECT_FALSE((s1.array() == s3.array()).all());
}

// White noise: with the network uncoupled (g_rec = 0), linear, the noise alone (no input drive
// reaches the state: g_in scales the noise level only through `noise`, so the input is switched
// off after the draws), each neuron is an Ornstein-Uhlenbeck process. Forward Euler with the
// per-step sd s = sigma_0 sqrt(noise_window / dt) gives the stationary variance
// (dt/tau) s^2 / (2 - dt/tau), which tends to sigma_0^2 noise_window / (2 tau) as dt -> 0: the same
// at any small dt. The simulated variance matches it at dt = 0.01 and 0.0025.
TEST(RateNetwork, NoiseIsWhiteNoiseWhoseEffectDoesNotDependOnDt) {
    point_params p;
    p.N = 50;
    p.g_rec = 0;
    p.tau_mean = 0.3;
    p.cv = 0;
    p.noise = 1.0;
    std::vector<double> variances;
    for (double dt : {0.01, 0.0025}) {
        p.dt = dt;
        input_spec in;
        in.dt = dt;
        in.steps = std::int64_t(std::llround(200 / dt));
        in.transient = 5;
        const Eigen::MatrixXd u = lorenz_series(in);
        rate_network net = make_rate_network(p, sweep_seed, u);
        const Eigen::ArrayXd s = net.noise_sd;
        net.phi = transfer::linear;
        net.g_in = 0;  // the noise alone drives the state
        net.x0.setZero();
        noise_path noise{random_stream(sweep_seed, 1, purpose::noise)};
        const auto skip = std::int64_t(std::llround(5 / dt));  // 16 tau to reach the stationary state
        Eigen::MatrixXd states(p.N, in.steps - skip);
        simulate(net, u, noise, skip, states);
        const Eigen::MatrixXd centred = states.colwise() - states.rowwise().mean();
        const double measured = centred.array().square().mean();
        const double a = dt / p.tau_mean;
        const double expected = (a * s.square() / (2 - a)).mean();
        EXPECT_NEAR(measured / expected, 1.0, 0.03) << "dt = " << dt;  // ~0.3% sampling error per sample
        variances.push_back(measured);
    }
    // The limit differs from either by a factor 1 - dt/(2 tau): 1.7% at dt = 0.01, 0.4% at 0.0025.
    EXPECT_NEAR(variances[0] / variances[1], (1 - 0.0025 / 0.6) / (1 - 0.01 / 0.6), 0.04);
}

// A batch shares the weights, noise and input of its members and differs in tau only: each member's
// states are bit-identical to simulating it alone, at any batch size and in any position (an odd
// n and a batch of 5 put members across every vector-register boundary), and the batch responds to
// the time constants (its members differ).
TEST(RateNetwork, BatchMembersAreBitIdenticalToSingleRuns) {
    input_spec in;
    in.transient = 5;
    in.steps = 700;
    const Eigen::MatrixXd u = lorenz_series(in);
    for (std::int64_t n : {37, 200}) {
        rate_network net = make_network(n, 0.1, 0.9, transfer::tanh);
        net.noise_sd = Eigen::ArrayXd::Constant(n, 0.2);
        std::vector<Eigen::ArrayXd> taus;
        for (const auto& [profile, cv] :
             std::vector<std::pair<tau_profile, double>>{{tau_profile::lognormal, 0.0},
                                                         {tau_profile::lognormal, 1.0},
                                                         {tau_profile::gamma, 2.0},
                                                         {tau_profile::uniform, 0.5},
                                                         {tau_profile::lognormal, 0.25}}) {
            tau_spec spec;
            spec.profile = profile;
            spec.cv = cv;
            random_stream rng(sweep_seed, 1, purpose::tau);
            taus.push_back(draw_tau(spec, n, rng));
        }
        const std::int64_t from = 300, recorded = 400;
        auto run = [&](const std::vector<std::size_t>& members) {
            std::vector<Eigen::MatrixXd> out(members.size(), Eigen::MatrixXd(n, recorded));
            std::vector<Eigen::ArrayXd> member_taus;
            std::vector<Eigen::Ref<Eigen::MatrixXd>> refs;
            for (std::size_t j = 0; j < members.size(); ++j) {
                member_taus.push_back(taus[members[j]]);
                refs.emplace_back(out[j]);
            }
            noise_path noise{random_stream(sweep_seed, 1, purpose::noise)};
            simulate_batch(net, member_taus, u, noise, from, refs);
            return out;
        };
        std::vector<Eigen::MatrixXd> alone;
        for (std::size_t g = 0; g < taus.size(); ++g) {
            rate_network single = net;
            single.tau = taus[g];
            alone.emplace_back(n, recorded);
            noise_path noise{random_stream(sweep_seed, 1, purpose::noise)};
            simulate(single, u, noise, from, alone.back());
        }
        const auto all = run({0, 1, 2, 3, 4});
        const auto some = run({4, 0, 2});
        for (std::size_t g = 0; g < taus.size(); ++g)
            EXPECT_TRUE((all[g].array() == alone[g].array()).all()) << "n = " << n << ", member " << g;
        EXPECT_TRUE((some[0].array() == alone[4].array()).all()) << "n = " << n;
        EXPECT_TRUE((some[1].array() == alone[0].array()).all()) << "n = " << n;
        EXPECT_TRUE((some[2].array() == alone[2].array()).all()) << "n = " << n;
        EXPECT_GT((alone[0] - alone[1]).cwiseAbs().maxCoeff(), 0.01) << "n = " << n;
    }
}

// One step of a batch by hand, from the dense weights: x1 = (1 - a) x0 + a (g_rec W x0 + g_in Win u)
// for each member's a = dt / tau (linear transfer, no noise).
TEST(RateNetwork, BatchStepMatchesTheDenseEquation) {
    const std::int64_t n = 23;
    const rate_network net = make_network(n, 0.3, 0.7, transfer::linear);
    const std::vector<Eigen::ArrayXd> taus = {Eigen::ArrayXd::Constant(n, 0.2),
                                              Eigen::ArrayXd::LinSpaced(n, 0.05, 0.9), net.tau};
    const Eigen::MatrixXd u = Eigen::RowVector3d(0.3, -0.5, 1.1).replicate(2, 1);
    std::vector<Eigen::MatrixXd> out(taus.size(), Eigen::MatrixXd(n, 2));
    std::vector<Eigen::Ref<Eigen::MatrixXd>> refs(out.begin(), out.end());
    noise_path noise{random_stream(sweep_seed, 1, purpose::noise)};
    simulate_batch(net, taus, u, noise, 0, refs);
    const Eigen::MatrixXd w = net.w.dense();
    for (std::size_t g = 0; g < taus.size(); ++g) {
        Eigen::VectorXd x = net.x0.matrix();
        for (int t = 0; t < 2; ++t) {
            const Eigen::ArrayXd a = net.dt / taus[g];
            const Eigen::VectorXd drive = net.g_rec * w * x + net.g_in * net.w_in * u.row(t).transpose();
            x = ((1 - a) * x.array() + a * drive.array()).matrix();
            EXPECT_LT((out[g].col(t) - x).cwiseAbs().maxCoeff(), 1e-14) << "member " << g << ", step " << t;
        }
    }
}

}  // namespace
}  // namespace hetsweep
