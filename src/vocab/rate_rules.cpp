// The leaky-integrator rate network's words and rules (network.model = "rate"). The kernel is
// src/model/rate_model.cpp, its equation model/rate_network.hpp.

#include <hetsweep/vocab/estimates.hpp>
#include <hetsweep/vocab/model_rules.hpp>
#include <hetsweep/vocab/param_table.hpp>

#include <cmath>

namespace hetsweep {

namespace {

std::vector<param_key> no_keys() {
    return {};
}

// The forward Euler step x += dt / tau (...) is stable only for tau >= dt.
std::string rate_violation(const point_params& p) {
    if (p.tau_floor < p.dt)
        return "tau.floor = " + format_value(p.tau_floor) + " with network.dt = " + format_value(p.dt) +
               ": the rate model's forward Euler step needs every time constant >= dt, so tau.floor >= dt";
    return {};
}

// Per step and neuron: the sparse product (2 p N (1 - prune)) and about 40 for the noise draw, the
// input drive, the update and tanh.
double rate_simulation_cost(const point_params& p) {
    const double steps = run_steps(p);
    return steps * double(p.N) * (2 * p.p * double(p.N) * (1 - p.prune) + 40);
}

}  // namespace

const model_rules& rate_rules() {
    static const model_rules rules{"rate",
                                   "leaky-integrator rate network, tanh, forward Euler",
                                   {},
                                   no_keys,
                                   rate_violation,
                                   rate_simulation_cost,
                                   true};
    return rules;
}

}  // namespace hetsweep
