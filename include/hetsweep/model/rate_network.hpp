#pragma once

// The leaky-integrator rate network of docs/model.md, integrated with forward Euler:
//   tau_i dx_i/dt = -x_i + g_rec sum_j W_ij phi(x_j) + g_in sum_k Win_ik u_k(t) + eta_i(t)
// with readout state r_i = phi(x_i), phi = tanh.

#include <hetsweep/model/connectivity.hpp>
#include <hetsweep/vocab/params.hpp>

#include <Eigen/Dense>
#include <vector>

namespace hetsweep {

class noise_path;

enum class transfer { tanh, linear };  // linear exists for analytic tests

// Parameters: fixed for the life of a network.
struct rate_network {
    Eigen::ArrayXd tau;       // [TU], n
    sparse_weights w;         // recurrent, n x n
    Eigen::MatrixXd w_in;     // n x d
    Eigen::ArrayXd noise_sd;  // per-step noise standard deviation, n
    Eigen::ArrayXd x0;        // initial state, n
    double g_rec = 0.9;
    double g_in = 1.0;
    double dt = 0.01;  // [TU]
    transfer phi = transfer::tanh;

    std::int64_t size() const { return tau.size(); }
};

// Per-neuron noise sd such that the per-step noise variance is `fraction`
// times the variance over time of the neuron's input drive g_in * Win u(t).
Eigen::ArrayXd noise_sd_from_drive(const Eigen::MatrixXd& w_in, double g_in, const Eigen::MatrixXd& u,
                                   double fraction);

// Run the network over the input u (steps x d) and write the states of steps
// record_from .. record_from + states.cols() - 1 into the columns of `states`
// (n rows). The state of step t is phi(x) after the update that consumed u(t).
// Noise is drawn from `noise`, n standard normals per step in neuron order.
// The same as simulate_batch with the one member net.tau.
void simulate(const rate_network& net, const Eigen::MatrixXd& u, noise_path& noise, std::int64_t record_from,
              Eigen::Ref<Eigen::MatrixXd> states);

// A batch: networks that differ only in their time constants (the points of one network seed at
// several heterogeneity levels or profiles), run together. Member g is `net` with tau replaced by
// taus[g]; its states go to states[g]. One draw of the noise and one input drive per step serve
// every member, and the recurrent input of all members is one sparse-times-dense product. Every
// operation on a member's numbers is the one a batch of one applies, in the same order, so each
// member's states are bit-identical to simulating it alone (tests/unit/test_rate_network.cpp).
void simulate_batch(const rate_network& net, const std::vector<Eigen::ArrayXd>& taus,
                    const Eigen::MatrixXd& u, noise_path& noise, std::int64_t record_from,
                    const std::vector<Eigen::Ref<Eigen::MatrixXd>>& states);

// The rate network of point p, as the evaluator simulates it (src/model/rate_model.cpp): the draws
// all models share (src/model/network_draws.hpp) and the initial state. `u` is the input series.
rate_network make_rate_network(const point_params& p, std::uint64_t sweep_seed, const Eigen::MatrixXd& u);

// tanh(x) as 1 - 2/(exp(2x) + 1), which Eigen vectorises; exact at +-inf.
// Into `out` (the step loop's buffer, so nothing is allocated), or as a value.
inline void fast_tanh(const Eigen::ArrayXd& x, Eigen::ArrayXd& out) {
    out = 1.0 - 2.0 / ((2.0 * x).exp() + 1.0);
}
inline Eigen::ArrayXd fast_tanh(const Eigen::ArrayXd& x) {
    Eigen::ArrayXd out(x.size());
    fast_tanh(x, out);
    return out;
}

}  // namespace hetsweep
