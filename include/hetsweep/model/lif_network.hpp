#pragma once

// The leaky integrate-and-fire network of docs/model.md:
//   tau_i dV_i/dt = -V_i + I_i(t) + I_bias + g_in sum_k Win_ik u_k(t) + eta_i(t)
//   tau_syn dI_i/dt = -I_i + tau_syn g_rec sum_j W_ij S_j(t)
// threshold 1, reset 0, refractory period t_ref, so a spike of j adds
// g_rec W_ij to I_i. Between steps the linear subthreshold dynamics are
// integrated exactly (the propagators of NEST's iaf_psc_exp, Rotter and
// Diesmann 1999); only spike times are on the grid of h = dt / substeps.
// The readout state is each spike train filtered with exp(-t / tau_readout).

#include <hetsweep/model/connectivity.hpp>
#include <hetsweep/vocab/params.hpp>

#include <Eigen/Dense>
#include <cstdint>

namespace hetsweep {

class noise_path;

// Parameters: fixed for the life of a network.
struct lif_network {
    Eigen::ArrayXd tau;       // membrane time constants [TU], n
    sparse_weights w;         // recurrent, n x n; row i holds the weights onto neuron i
    Eigen::MatrixXd w_in;     // n x d
    Eigen::ArrayXd noise_sd;  // standard deviation of the noise added to the drive, once per dt, n
    Eigen::ArrayXd v0;        // initial membrane potential, n
    double g_rec = 0.9;
    double g_in = 1.0;
    double dt = 0.01;           // input and recording step [TU]
    std::int64_t substeps = 1;  // integration steps per dt
    double tau_syn = 0.05;      // synaptic current time constant [TU]
    double t_ref = 0.02;        // refractory period [TU], rounded to whole integration steps
    double i_bias = 1.0;        // constant drive, in units of the threshold
    double tau_readout = 0.1;   // readout filter time constant [TU]
    // Per neuron, what its inputs (drive and synaptic current) are multiplied by before the membrane
    // divides them by its tau: empty for 1 (lif.input_form = "tau"), tau_i / tau_mean for "mean".
    Eigen::ArrayXd input_scale;

    static constexpr double threshold = 1.0;
    static constexpr double reset = 0.0;

    std::int64_t size() const { return tau.size(); }
    double h() const { return dt / double(substeps); }  // integration step [TU]
};

// What a run did, for the firing statistics and the cost estimates.
struct lif_activity {
    std::int64_t steps = 0;            // dt steps simulated
    std::int64_t spikes = 0;           // whole run
    std::int64_t synaptic_events = 0;  // whole run: each spike counts once per outgoing edge
    std::int64_t neuron_updates = 0;   // neurons x integration steps, whole run
    double window = 0;                 // length of the recorded window [TU]
    Eigen::ArrayXd window_spikes;      // spikes of each neuron in the recorded window
    Eigen::ArrayXd isi_cv;             // each neuron's ISI std/mean in the window; NaN below 3 spikes
};

struct firing_stats {
    double rate_mean = 0;        // spikes per neuron per TU in the recorded window
    double silent_fraction = 0;  // neurons without a spike in the recorded window
    double isi_cv = 0;           // mean ISI CV over the neurons with at least 3 spikes; NaN if none
};
firing_stats summarise(const lif_activity& a);

// Run the network over the input u (steps x d) and write the readout states
// of steps record_from .. record_from + states.cols() - 1 into the columns of
// `states` (n rows). Step t holds u(t) and one noise draw per neuron (n
// standard normals from `noise` in neuron order, as the rate network) for
// its `substeps` integration steps; its state is read after the last of them.
lif_activity simulate(const lif_network& net, const Eigen::MatrixXd& u, noise_path& noise,
                      std::int64_t record_from, Eigen::Ref<Eigen::MatrixXd> states);

// The LIF network of point p, as the evaluator simulates it (src/model/lif_model.cpp): the draws
// all models share (src/model/network_draws.hpp), the initial potentials and the [lif] keys.
lif_network make_lif_network(const point_params& p, std::uint64_t sweep_seed, const Eigen::MatrixXd& u);

}  // namespace hetsweep
