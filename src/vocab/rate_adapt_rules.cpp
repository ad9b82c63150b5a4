// The rate network with an adaptation current (network.model = "rate_adapt"): its [adapt] keys,
// its rule and its cost. The kernel is src/model/rate_adapt_model.cpp; the equations docs/model.md.

#include <hetsweep/vocab/estimates.hpp>
#include <hetsweep/vocab/model_rules.hpp>
#include <hetsweep/vocab/param_table.hpp>

#include <cmath>

namespace hetsweep {

namespace {

std::vector<param_key> adapt_keys() {
    using P = point_params;
    return {
        make_key("adapt", "tau_a", &P::adapt_tau, "TU", "time constant of the adaptation current",
                 between(0, 1000, true)),
        make_key("adapt", "strength", &P::adapt_strength, "",
                 "adaptation per unit rate: tau_a da/dt = -a + strength r, subtracted from the input",
                 between(0, 100)),
    };
}

// Both currents are forward Euler steps: each time constant must be at least dt, as for the rate
// network.
std::string adapt_violation(const point_params& p) {
    if (std::string rate = find_model_rules("rate").violation(p); !rate.empty()) return rate;
    if (p.adapt_tau < p.dt)
        return "adapt.tau_a = " + format_value(p.adapt_tau) + " with network.dt = " + format_value(p.dt) +
               ": the adaptation's forward Euler step needs tau_a >= dt";
    return {};
}

// The rate network's cost and, per step and neuron, about 4 more for the adaptation's update.
double adapt_simulation_cost(const point_params& p) {
    const double steps = run_steps(p);
    return find_model_rules("rate").simulation_cost(p) + steps * double(p.N) * 4;
}

}  // namespace

const model_rules& rate_adapt_rules() {
    static const model_rules rules{
        "rate_adapt",
        "rate network with a spike-frequency-like adaptation current, forward Euler",
        {"adapt"},
        adapt_keys,
        adapt_violation,
        adapt_simulation_cost,
        false};
    return rules;
}

}  // namespace hetsweep
