// The rate network with an adaptation current (network.model = "rate_adapt"): strength 0 is the rate
// network bit for bit, its fixed point under a constant input is the analytic one, and its keys and
// rule belong to it alone.

#include <hetsweep/errors.hpp>
#include <hetsweep/model/evaluate.hpp>
#include <hetsweep/model/lorenz.hpp>
#include <hetsweep/model/neuron_model.hpp>
#include <hetsweep/model/noise_path.hpp>
#include <hetsweep/model/rate_network.hpp>
#include <hetsweep/sweep/grid.hpp>
#include <hetsweep/sweep/spec.hpp>
#include <hetsweep/vocab/identity.hpp>
#include <hetsweep/vocab/model_rules.hpp>
#include <hetsweep/vocab/random.hpp>

#include <gtest/gtest.h>

#include "unit/small_point.hpp"

#include <cmath>

namespace hetsweep {
namespace {

constexpr std::uint64_t sweep_seed = 7;

Eigen::MatrixXd states_of(const point_params& p, const Eigen::MatrixXd& u, std::int64_t record_from,
                          std::int64_t recorded) {
    noise_path noise{random_stream(sweep_seed, std::uint64_t(p.seed), purpose::noise)};
    Eigen::MatrixXd states(p.N, recorded);
    point_result out;
    find_model(p.model).simulate(p, sweep_seed, u, noise, record_from, states, out);
    return states;
}

Eigen::MatrixXd lorenz_input(std::int64_t steps) {
    input_spec in;
    in.steps = steps;
    in.transient = 10;
    in.sweep_seed = sweep_seed;
    return lorenz_series(in);
}

TEST(RateAdapt, StrengthZeroIsTheRateNetworkBitForBit) {
    point_params rate = test::small_point(1.0);
    const Eigen::MatrixXd u = lorenz_input(1200);
    point_params adapting = rate;
    adapting.model = "rate_adapt";
    adapting.adapt_strength = 0;
    const Eigen::MatrixXd a = states_of(rate, u, 200, 1000), b = states_of(adapting, u, 200, 1000);
    EXPECT_EQ(std::memcmp(a.data(), b.data(), sizeof(double) * std::size_t(a.size())), 0);
    // And adaptation changes the states.
    adapting.adapt_strength = 0.5;
    EXPECT_GT((states_of(adapting, u, 200, 1000) - a).cwiseAbs().maxCoeff(), 1e-3);
}

// Without recurrence or noise, under a constant input I_i each neuron settles where
// x = I_i - a and a = strength tanh(x): x + strength tanh(x) = I_i, solved here by bisection.
double fixed_point(double input, double strength) {
    double lo = -50, hi = 50;
    for (int k = 0; k < 200; ++k) {
        const double mid = 0.5 * (lo + hi);
        (mid + strength * std::tanh(mid) < input ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

TEST(RateAdapt, AConstantInputSettlesAtTheAnalyticFixedPoint) {
    point_params p = test::small_point(0.5);
    p.model = "rate_adapt";
    p.g_rec = 0;
    p.noise = 0;
    p.adapt_strength = 1.5;
    p.adapt_tau = 0.8;
    // 60 TU: many times the slowest time constant of the loop, so the transient has died out.
    const std::int64_t steps = 6000;
    Eigen::MatrixXd u(steps, 3);
    u.col(0).setConstant(0.7);
    u.col(1).setConstant(-0.2);
    u.col(2).setConstant(0.4);
    const rate_network net = make_rate_network(p, sweep_seed, u);
    ASSERT_TRUE((net.noise_sd == 0).all());
    const Eigen::VectorXd input = p.g_in * net.w_in * u.row(0).transpose();
    const Eigen::MatrixXd states = states_of(p, u, steps - 1, 1);
    double weakened = 0;
    for (Eigen::Index i = 0; i < p.N; ++i) {
        EXPECT_NEAR(states(i, 0), std::tanh(fixed_point(input[i], p.adapt_strength)), 1e-9) << "neuron " << i;
        weakened += std::abs(std::tanh(input[i])) - std::abs(states(i, 0));
    }
    EXPECT_GT(weakened, 0) << "adaptation pulls each rate towards 0";
}

TEST(RateAdapt, ItsKeysApplyToItAloneAndItsRuleNamesTheKey) {
    const auto& rules = find_model_rules("rate_adapt");
    EXPECT_EQ(rules.own_sections, std::vector<std::string>{"adapt"});
    point_params rate = test::small_point(1.0), other = rate;
    other.adapt_strength = 3;
    EXPECT_EQ(point_identity(rate), point_identity(other)) << "[adapt] does not change a rate point";
    rate.model = other.model = "rate_adapt";
    EXPECT_NE(point_identity(rate), point_identity(other));
    rate.adapt_tau = 0.001;
    EXPECT_NE(rules.violation(rate).find("adapt.tau_a = 0.001 with network.dt = 0.01"), std::string::npos);
    rate.adapt_tau = 1;
    rate.tau_floor = 0.001;
    EXPECT_NE(rules.violation(rate).find("tau.floor"), std::string::npos)
        << "the rate network's rule holds too";
    try {
        grid(parse_spec("[network]\nmodel = \"rate_adapt\"\n[adapt]\ntau_a = 0.005\n", "unit"));
        ADD_FAILURE() << "a grid point with tau_a < dt was accepted";
    } catch (const config_error& e) {
        EXPECT_NE(std::string(e.what()).find("adapt.tau_a = 0.005"), std::string::npos) << e.what();
    }
    EXPECT_GT(relative_cost(rate), 0);
}

}  // namespace
}  // namespace hetsweep
