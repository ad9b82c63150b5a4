#pragma once

// A neuron model: what a spec's `network.model` names. Each model lives in one file
// (src/model/<name>_model.cpp) and is listed once in src/model/model_registry.cpp; the evaluator,
// the grid's rules, the cost estimate of `plan` and `hetsweep keys` reach it only through this
// interface.

#include <hetsweep/model/params.hpp>

#include <Eigen/Dense>
#include <cstdint>
#include <string>
#include <vector>

namespace hetsweep {

class random_stream;
struct point_result;

class neuron_model {
  public:
    virtual ~neuron_model() = default;

    virtual const char* name() const = 0;
    virtual const char* description() const = 0;  // one line, for `hetsweep keys`
    // Spec sections whose keys only this model reads ("lif", "cost").
    virtual std::vector<std::string> own_sections() const = 0;

    // Builds the network of p (its draws keyed by sweep_seed and p.seed), runs it over the input u
    // (steps x d) and writes the readout states of steps record_from .. record_from +
    // states.cols() - 1 into `states` (p.N rows). Fills the model's own outputs in `out`: the
    // realised tau moments, costs, firing statistics.
    virtual void simulate(const point_params& p, std::uint64_t sweep_seed, const Eigen::MatrixXd& u,
                          random_stream& noise, std::int64_t record_from, Eigen::Ref<Eigen::MatrixXd> states,
                          point_result& out) const = 0;

    // Whether simulate_batch shares the work of a batch's members, so that the sweep groups the
    // points of one network into batches (sweep/batching.hpp); otherwise each runs alone.
    virtual bool batches() const { return false; }
    // simulate() for the members of a batch: points equal in everything but their [tau] keys
    // (network_identity), whose noise all comes from `noise`, the one stream of their network
    // seed. Member g's states go to states[g], its outputs to outs[g]; each is bit-identical to
    // simulating the member alone. Only called where batches().
    virtual void simulate_batch(const std::vector<point_params>& ps, std::uint64_t sweep_seed,
                                const Eigen::MatrixXd& u, random_stream& noise, std::int64_t record_from,
                                const std::vector<Eigen::Ref<Eigen::MatrixXd>>& states,
                                std::vector<point_result>& outs) const;

    // Work of one simulation of p, in units of the rate network's FLOPs, so that it adds to the
    // readout's FLOPs: for scheduling the long points first and for plan's estimate. Calibrated
    // on measured simulation times (see the model's file).
    virtual double simulation_cost(const point_params& p) const = 0;
};

// The model named `name`; throws config_error listing the known models.
const neuron_model& find_model(const std::string& name);
// Every model's name, in registration order.
std::vector<std::string> model_names();

}  // namespace hetsweep
