#pragma once

// A neuron model's simulation kernel: what a spec's `network.model` names, simulated. Each lives in
// one file (src/model/<name>_model.cpp), listed once in src/model/model_registry.cpp; its words and
// rules (own keys, the rule its points keep, whether it batches, its cost) are its model_rules
// (vocab/model_rules.hpp), of the same name. The evaluator reaches the kernel only through this
// interface.

#include <hetsweep/vocab/model_rules.hpp>
#include <hetsweep/vocab/params.hpp>

#include <Eigen/Dense>
#include <cstdint>
#include <string>
#include <vector>

namespace hetsweep {

class noise_path;
struct point_result;

class neuron_model {
  public:
    virtual ~neuron_model() = default;

    virtual const char* name() const = 0;  // its model_rules' name

    // Builds the network of p (its draws keyed by sweep_seed and p.seed), runs it over the input u
    // (steps x d) and writes the readout states of steps record_from .. record_from +
    // states.cols() - 1 into `states` (p.N rows). Fills the model's own outputs in `out`: the
    // realised tau moments, costs, firing statistics.
    virtual void simulate(const point_params& p, std::uint64_t sweep_seed, const Eigen::MatrixXd& u,
                          noise_path& noise, std::int64_t record_from, Eigen::Ref<Eigen::MatrixXd> states,
                          point_result& out) const = 0;

    // simulate() for the members of a batch (where its model_rules::batches): points equal in everything but
    // their [tau] keys (network_identity), whose noise all comes from `noise`, the one stream of their
    // network seed. Member g's states go to states[g], its outputs to outs[g]; each is bit-identical to
    // simulating the member alone.
    virtual void simulate_batch(const std::vector<point_params>& ps, std::uint64_t sweep_seed,
                                const Eigen::MatrixXd& u, noise_path& noise, std::int64_t record_from,
                                const std::vector<Eigen::Ref<Eigen::MatrixXd>>& states,
                                std::vector<point_result>& outs) const;
};

// The model named `name`; throws config_error listing the known models.
const neuron_model& find_model(const std::string& name);

}  // namespace hetsweep
