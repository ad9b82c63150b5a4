// The leaky integrate-and-fire network's words and rules (network.model = "lif"): its [lif] and
// [cost] keys, and its simulation cost. The kernel is src/model/lif_model.cpp; the defaults and the
// cost constants' sources are docs/lif.md.

#include <hetsweep/vocab/estimates.hpp>
#include <hetsweep/vocab/model_rules.hpp>
#include <hetsweep/vocab/param_table.hpp>

#include <cmath>

namespace hetsweep {

namespace {

std::vector<param_key> lif_keys() {
    using P = point_params;
    return {
        make_key("lif", "tau_syn", &P::tau_syn, "TU", "synaptic current time constant",
                 between(0, 1000, true)),
        make_key("lif", "t_ref", &P::t_ref, "TU", "refractory period (whole integration steps)",
                 between(0, 1000)),
        make_key("lif", "i_bias", &P::i_bias, "", "constant drive in threshold units", between(-100, 100)),
        make_key("lif", "tau_readout", &P::tau_readout, "TU", "readout filter of the spike trains",
                 between(0, 1000, true)),
        make_key("lif", "substeps", &P::substeps, "", "integration steps per dt", between(1, 1000)),
        make_key(
            "lif", "input_form", &P::lif_input_form, "",
            "tau: tau_i dV/dt = -V + inputs; mean: tau_i dV/dt = -V + (tau_i / tau_mean) inputs (Loihi 2's "
            "dv/dt = -v / tau + j)",
            {}, {"tau", "mean"}),
        make_key("cost", "tu_seconds", &P::tu_seconds, "s", "biological and real time of 1 TU",
                 between(0, 1e6, true)),
        make_key("cost", "atp_per_spike", &P::atp_per_spike, "ATP", "ATP per action potential",
                 between(0, 1e15)),
        make_key("cost", "atp_per_synaptic_event", &P::atp_per_synaptic_event, "ATP",
                 "ATP per spike arriving at one synapse", between(0, 1e15)),
        make_key("cost", "atp_resting_per_neuron_per_s", &P::atp_resting_per_neuron_per_s, "ATP/s",
                 "resting ATP use of one neuron", between(0, 1e15)),
        make_key("cost", "loihi2_synop_j", &P::loihi2_synop_j, "J", "Loihi 2 energy per synaptic event",
                 between(0, 1)),
        make_key("cost", "loihi2_spike_j", &P::loihi2_spike_j, "J", "Loihi 2 energy per spike",
                 between(0, 1)),
        make_key("cost", "loihi2_neuron_update_j", &P::loihi2_neuron_update_j, "J",
                 "Loihi 2 energy per neuron update", between(0, 1)),
        make_key("cost", "loihi2_static_w_per_core", &P::loihi2_static_w_per_core, "W",
                 "Loihi 2 static power per occupied core", between(0, 1e3)),
        make_key("cost", "loihi2_neurons_per_core", &P::loihi2_neurons_per_core, "neurons",
                 "neurons per Loihi 2 core", between(1, 1e9)),
        make_key("cost", "spinnaker2_synop_j", &P::spinnaker2_synop_j, "J",
                 "SpiNNaker 2 energy per synaptic event", between(0, 1)),
        make_key("cost", "spinnaker2_spike_j", &P::spinnaker2_spike_j, "J", "SpiNNaker 2 energy per spike",
                 between(0, 1)),
        make_key("cost", "spinnaker2_neuron_update_j", &P::spinnaker2_neuron_update_j, "J",
                 "SpiNNaker 2 energy per neuron update", between(0, 1)),
        make_key("cost", "spinnaker2_static_w_per_core", &P::spinnaker2_static_w_per_core, "W",
                 "SpiNNaker 2 static power per occupied processing element", between(0, 1e3)),
        make_key("cost", "spinnaker2_neurons_per_core", &P::spinnaker2_neurons_per_core, "neurons",
                 "neurons per SpiNNaker 2 processing element", between(1, 1e9)),
        make_key(
            "cost", "static_share", &P::static_share, "",
            "chip static power for the cores' share the network fills (pro_rata) or per whole core (core)",
            {}, {"pro_rata", "core"}),
    };
}

// Measured at N = 200 against the rate network (bench_lif and `hetsweep point`): a dt step costs
// about 36 rate-FLOPs per neuron, each integration substep about 4 more, and each synaptic event 1,
// at the default regime's rate of about 4 spikes per neuron per TU.
double lif_simulation_cost(const point_params& p) {
    const double steps = run_steps(p);
    const double events_per_neuron = p.p * double(p.N) * (1 - p.prune) * 4.0 * p.dt;
    return steps * double(p.N) * (36 + 4 * double(p.substeps) + events_per_neuron);
}

std::string no_rule(const point_params&) {
    return {};
}

}  // namespace

const model_rules& lif_rules() {
    static const model_rules rules{
        "lif",
        "leaky integrate-and-fire network, exponential synaptic currents, exact integration",
        {"lif", "cost"},
        lif_keys,
        no_rule,
        lif_simulation_cost,
        false};
    return rules;
}

}  // namespace hetsweep
