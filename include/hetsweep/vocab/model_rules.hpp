#pragma once

// A neuron model's words and rules: what `network.model` names, the spec sections and keys only it
// reads, the rule its points must keep, whether its networks of one seed batch, and the cost of
// simulating one. A model declares these as data in its own file (src/vocab/<name>_rules.cpp),
// listed once in src/vocab/model_rules.cpp; its simulation kernel is a neuron_model
// (model/neuron_model.hpp) registered under the same name. Grids, specs, plans and `hetsweep keys`
// need the rules alone, so they need neither Eigen nor BLAS.

#include <hetsweep/vocab/params.hpp>

#include <string>
#include <vector>

namespace hetsweep {

struct param_key;

struct model_rules {
    const char* name = "";
    const char* description = "";  // one line, for `hetsweep keys`
    // Spec sections whose keys only this model reads ("lif", "cost"): a key of them does not apply
    // to a point of another model (param_key::applies).
    std::vector<std::string> own_sections;
    // The keys of those sections, in the order they join the key table.
    std::vector<param_key> (*keys)() = nullptr;
    // Empty if a point of this model is valid, else the rule it breaks, naming the keys.
    std::string (*violation)(const point_params&) = nullptr;
    // Work of one simulation, in units of the rate network's FLOPs so that it adds to the readout's:
    // for scheduling the long points first and for plan's estimate. Calibrated on measured times.
    double (*simulation_cost)(const point_params&) = nullptr;
    // Whether the networks of one seed that differ only in tau are simulated together (a batch).
    bool batches = false;
};

// Every model, in registration order.
const std::vector<const model_rules*>& all_model_rules();
// The model named `name`; throws config_error naming network.model and listing the models.
const model_rules& find_model_rules(const std::string& name);
std::vector<std::string> model_names();

}  // namespace hetsweep
