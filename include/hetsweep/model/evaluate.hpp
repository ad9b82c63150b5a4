#pragma once

// One grid point end to end: input, tasks, network, simulation, readout.

#include <hetsweep/model/lif_network.hpp>
#include <hetsweep/model/rate_network.hpp>
#include <hetsweep/model/ridge_selection.hpp>
#include <hetsweep/model/tasks.hpp>
#include <hetsweep/model/tau_profile.hpp>
#include <hetsweep/vocab/estimates.hpp>
#include <hetsweep/vocab/param_table.hpp>
#include <hetsweep/vocab/params.hpp>

#include <Eigen/Dense>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace hetsweep {

struct phase_times {
    double input = 0, tasks = 0, simulation = 0, readout = 0, mechanisms = 0;  // [s]
};

struct point_result {
    static constexpr double nan = std::numeric_limits<double>::quiet_NaN();

    Eigen::ArrayXd r2;         // raw R^2 per task
    Eigen::ArrayXd alignment;  // per task: fraction of the test target's variance in the state's top PCs
    Eigen::ArrayXd alignment_fixed;   // the same in the top mechanisms.components PCs
    Eigen::ArrayXd ridge_factor;      // per task: the ridge factor of its readout (readout.mode)
    moments tau;                      // realised time-constant moments [TU]
    double tau_floor_fraction = nan;  // fraction of the time constants at tau.floor
    phase_times seconds;
    double readout_flops = 0;
    double mechanisms_flops = 0;  // not stored: for the benchmarks
    double lambda = 0;            // the penalty applied (NaN when each task has its own)
    // Mean over the tasks of the validation R^2 (blocked CV on the training window) at the chosen
    // ridge factors; NaN for a fixed readout. It never sees the test window.
    double validation_r2_mean = nan;

    // Firing statistics of a spiking network over the recorded (train + test)
    // window; NaN for a rate network.
    double rate_mean = nan;        // [spikes per neuron per TU]
    double silent_fraction = nan;  // neurons that never fire in the window
    double isi_cv = nan;           // mean CV of the inter-spike intervals (neurons with >= 3 spikes)

    // Cost estimates (see costs.hpp); the spiking ones are over the whole
    // simulated run and NaN for a rate network.
    double flops_per_step = nan;  // per simulated dt step
    double memory_bytes = nan;    // network parameters and state, as stored
    double spikes = nan;
    double synaptic_events = nan;
    double atp = nan;                                                            // ATP molecules
    double energy_loihi2_j = nan;                                                // [J]
    double energy_spinnaker2_j = nan;                                            // [J]
    double energy_loihi2_static_j = nan, energy_loihi2_dynamic_j = nan;          // [J] the two parts
    double energy_spinnaker2_static_j = nan, energy_spinnaker2_dynamic_j = nan;  // [J]

    // Mechanisms (test window state)
    double participation_ratio = nan;
    double participation_ratio_standardised = nan;  // of the correlation matrix (states standardised)
    double alignment_components = nan;              // principal components the alignment projects on
    double alignment_fixed_components = nan;  // ... and alignment_fixed (mechanisms.components, at most N)
};
// The outputs stored per point and per task are declared in outputs.hpp.

// The input series and task targets of a point; shared by all networks that
// have the same input, timeline and dt.
struct benchmark_data {
    Eigen::MatrixXd u;  // total steps x 3
    task_set tasks;
    double seconds_input = 0, seconds_tasks = 0;
};

// Whether a spec key shapes the benchmark (the input series and the task targets): the keys of the
// [input] and [timeline] sections and the step dt they are sampled at. Points that agree on all of
// them share one benchmark.
bool shapes_benchmark(const param_key& key);

// One member of a batch: its result, or why it failed.
struct member_outcome {
    bool ok = false;
    std::string message;  // when not ok
    point_result result;  // when ok
};

class evaluator {
  public:
    explicit evaluator(std::uint64_t sweep_seed) : sweep_seed_(sweep_seed) {}

    point_result run(const point_params& p);
    // A batch: points of one network (equal network_identity) that differ in their [tau] keys.
    // Where the model batches (neuron_model::batches) the members are simulated together, else
    // one after the other; each member's result is bit-identical to run() of it alone, but for the
    // times: the batch's simulation time is shared out evenly. A failing member (its readout, say)
    // fails alone; a failing simulation fails them all.
    std::vector<member_outcome> run_batch(const std::vector<point_params>& ps);
    // The benchmark of p, built on first use and kept for the next point with the same input.
    const benchmark_data& benchmark(const point_params& p);

  private:
    std::uint64_t sweep_seed_;
    // Builds the benchmark of p unless the cached one fits; true if it built one.
    bool prepare(const point_params& p);
    // The readout and the mechanisms of p's simulated states (`design`: the states of both windows
    // and a last row of ones), into `out`.
    void score(const point_params& p, const Eigen::MatrixXd& design, point_result& out) const;
    // Member g's (n + 1) x T design matrix for both windows, its states to be filled (the last row is
    // the bias): kept from point to point, so that a rank allocates and first touches it once.
    Eigen::MatrixXd& design_matrix(std::size_t g, std::int64_t n, const timeline_steps& tl);
    // The targets' sums the ridge selection of p needs (kept per folds and gap for the cached benchmark).
    const selection_targets& selection_sums(const point_params& p) const;

    std::string cached_key_;
    std::unique_ptr<benchmark_data> cached_;
    std::vector<Eigen::MatrixXd> designs_;  // design_matrix
    // The targets' sums for the ridge selection, per (folds, gap in steps), of the cached benchmark.
    mutable std::map<std::pair<int, std::int64_t>, selection_targets> selection_targets_;
};

}  // namespace hetsweep
