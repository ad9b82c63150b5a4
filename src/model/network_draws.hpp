#pragma once

// The draws every neuron model shares, each from its own stream keyed by (sweep seed, network
// seed, purpose): time constants, recurrent weights, input weights and noise levels. Networks of
// different models or different tau profiles built from the same seed differ in nothing else.

#include <hetsweep/model/connectivity.hpp>
#include <hetsweep/vocab/params.hpp>

#include <Eigen/Dense>
#include <cstdint>

namespace hetsweep {

struct network_draws {
    Eigen::ArrayXd tau;  // [TU]
    sparse_weights w;
    Eigen::MatrixXd w_in;
    Eigen::ArrayXd noise_sd;
};

network_draws draw_network(const point_params& p, std::uint64_t sweep_seed, const Eigen::MatrixXd& u);
// The time constants of draw_network alone: what tells the members of a batch apart.
Eigen::ArrayXd draw_network_tau(const point_params& p, std::uint64_t sweep_seed);

struct point_result;
// The realised moments of the time constants and the fraction at tau.floor, into `out`.
void describe_tau(const Eigen::ArrayXd& tau, const point_params& p, point_result& out);

// A network of any model holding the shared draws and the common parameters.
template <class Network>
Network network_with_draws(const point_params& p, std::uint64_t sweep_seed, const Eigen::MatrixXd& u) {
    network_draws d = draw_network(p, sweep_seed, u);
    Network net;
    net.tau = std::move(d.tau);
    net.w = std::move(d.w);
    net.w_in = std::move(d.w_in);
    net.noise_sd = std::move(d.noise_sd);
    net.g_rec = p.g_rec;
    net.g_in = p.g_in;
    net.dt = p.dt;
    return net;
}

}  // namespace hetsweep
