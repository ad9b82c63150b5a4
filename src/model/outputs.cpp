#include <hetsweep/model/outputs.hpp>

#include <algorithm>
#include <stdexcept>
#include <vector>

namespace hetsweep {

namespace {

// The table's entries, in the two shapes.
output metric(const char* name, const char* unit, const char* doc, double (*get)(const point_result&),
              bool timing = false) {
    return {name, output_shape::per_point, unit, doc, get, nullptr, timing};
}
output matrix(const char* name, const char* unit, const char* doc, Eigen::ArrayXd point_result::*row) {
    return {name, output_shape::per_task, unit, doc, nullptr, row, false};
}

std::vector<output> build_outputs() {
    using R = const point_result&;
    return {
        metric("r2_mean", "", "mean raw R^2 over the tasks (test window)", [](R r) { return r.r2.mean(); }),
        metric("r2_clipped_mean", "", "mean R^2 over the tasks, each clipped at 0 first",
               [](R r) { return r.r2.max(0.0).mean(); }),
        metric("tau_mean", "TU", "realised mean time constant", [](R r) { return r.tau.mean; }),
        metric("tau_std", "TU", "realised std of the time constants", [](R r) { return r.tau.std; }),
        metric("tau_skew", "", "realised skewness of the time constants", [](R r) { return r.tau.skew; }),
        metric("tau_floor_fraction", "", "fraction of the time constants at tau.floor",
               [](R r) { return r.tau_floor_fraction; }),
        metric("lambda", "", "ridge penalty used by the readout (NaN when each task has its own)",
               [](R r) { return r.lambda; }),
        metric("readout_flops", "FLOP", "floating-point operations of the readout",
               [](R r) { return r.readout_flops; }),
        metric(
            "time_input", "s", "building the input series", [](R r) { return r.seconds.input; }, true),
        metric(
            "time_tasks", "s", "building the task targets", [](R r) { return r.seconds.tasks; }, true),
        metric(
            "time_simulation", "s", "simulating the network", [](R r) { return r.seconds.simulation; }, true),
        metric(
            "time_readout", "s", "fitting and scoring the readout", [](R r) { return r.seconds.readout; },
            true),
        metric("rate_mean", "1/TU", "spikes per neuron per TU (spiking models)",
               [](R r) { return r.rate_mean; }),
        metric("silent_fraction", "", "neurons that never fire in the recorded window (spiking models)",
               [](R r) { return r.silent_fraction; }),
        metric("isi_cv", "", "mean CV of the inter-spike intervals (spiking models)",
               [](R r) { return r.isi_cv; }),
        metric("flops_per_step", "FLOP", "estimated FLOPs per dt step of the simulation",
               [](R r) { return r.flops_per_step; }),
        metric("memory_bytes", "B", "parameters and state of the network",
               [](R r) { return r.memory_bytes; }),
        metric("spikes", "", "spikes of the whole run (spiking models)", [](R r) { return r.spikes; }),
        metric("synaptic_events", "", "spikes times outgoing edges, whole run (spiking models)",
               [](R r) { return r.synaptic_events; }),
        metric("atp", "ATP", "estimated ATP molecules of the run (spiking models)",
               [](R r) { return r.atp; }),
        metric("energy_loihi2_j", "J", "estimated energy on Loihi 2 (spiking models)",
               [](R r) { return r.energy_loihi2_j; }),
        metric("energy_spinnaker2_j", "J", "estimated energy on SpiNNaker 2 (spiking models)",
               [](R r) { return r.energy_spinnaker2_j; }),
        metric("energy_loihi2_static_j", "J", "static part of energy_loihi2_j (cost.static_share)",
               [](R r) { return r.energy_loihi2_static_j; }),
        metric("energy_loihi2_dynamic_j", "J",
               "dynamic part of energy_loihi2_j (synaptic events, spikes, updates)",
               [](R r) { return r.energy_loihi2_dynamic_j; }),
        metric("energy_spinnaker2_static_j", "J", "static part of energy_spinnaker2_j (cost.static_share)",
               [](R r) { return r.energy_spinnaker2_static_j; }),
        metric("energy_spinnaker2_dynamic_j", "J", "dynamic part of energy_spinnaker2_j",
               [](R r) { return r.energy_spinnaker2_dynamic_j; }),
        metric("participation_ratio", "", "participation ratio of the test-window state",
               [](R r) { return r.participation_ratio; }),
        metric("participation_ratio_standardised", "",
               "participation ratio of the test-window state's correlation matrix (each neuron standardised)",
               [](R r) { return r.participation_ratio_standardised; }),
        metric("alignment_components", "", "principal components the alignment projects on",
               [](R r) { return r.alignment_components; }),
        metric("alignment_mean", "", "mean task alignment over the tasks",
               [](R r) { return r.alignment.size() ? r.alignment.mean() : point_result::nan; }),
        metric("alignment_fixed_components", "", "principal components alignment_fixed projects on",
               [](R r) { return r.alignment_fixed_components; }),
        metric("alignment_fixed_mean", "", "mean over the tasks of alignment_fixed",
               [](R r) { return r.alignment_fixed.size() ? r.alignment_fixed.mean() : point_result::nan; }),
        metric(
            "time_mechanisms", "s", "the mechanism analyses", [](R r) { return r.seconds.mechanisms; }, true),
        metric("ridge_chosen", "",
               "ridge factor of the readout (the median over the tasks when each has its own)",
               [](R r) {
                   if (!r.ridge_factor.size()) return point_result::nan;
                   std::vector<double> v(r.ridge_factor.begin(), r.ridge_factor.end());
                   std::nth_element(v.begin(), v.begin() + long(v.size() / 2), v.end());
                   return v[v.size() / 2];
               }),
        metric(
            "r2_validation_mean", "",
            "mean over the tasks of the validation R^2 (blocked cross-validation on the training window) at "
            "the chosen ridge factors; what a tuned baseline chooses settings by (NaN for a fixed readout)",
            [](R r) { return r.validation_r2_mean; }),
        matrix("scores", "", "raw R^2 of each task on the test window", &point_result::r2),
        matrix("alignment", "", "fraction of each test target's variance in the state's top components",
               &point_result::alignment),
        matrix("alignment_fixed", "",
               "fraction of each test target's variance in the state's top mechanisms.components components",
               &point_result::alignment_fixed),
        matrix("ridge_factor", "",
               "ridge factor of each task's readout: fixed, or chosen on the training window",
               &point_result::ridge_factor),
    };
}

}  // namespace

const std::vector<output>& outputs() {
    static const std::vector<output> table = build_outputs();
    return table;
}

std::vector<const output*> outputs_of(output_shape shape) {
    std::vector<const output*> out;
    for (const auto& o : outputs())
        if (o.shape == shape) out.push_back(&o);
    return out;
}

std::vector<std::string> output_names(output_shape shape) {
    std::vector<std::string> names;
    for (const auto* o : outputs_of(shape)) names.emplace_back(o->name);
    return names;
}

const output* find_output(const std::string& name, output_shape shape) {
    for (const auto* o : outputs_of(shape))
        if (name == o->name) return o;
    return nullptr;
}

namespace {

const output& output_named(const std::string& name, output_shape shape) {
    if (const output* o = find_output(name, shape)) return *o;
    throw std::logic_error("no " + std::string(shape == output_shape::per_point ? "per-point" : "per-task") +
                           " output named " + name);
}

}  // namespace

std::vector<double> metric_values(const point_result& r, const std::vector<std::string>& names) {
    std::vector<double> values;
    for (const auto& name : names) values.push_back(output_named(name, output_shape::per_point).scalar(r));
    return values;
}

std::vector<const double*> per_task_rows(const point_result& r, const std::vector<std::string>& names) {
    std::vector<const double*> rows;
    for (const auto& name : names)
        rows.push_back((r.*(output_named(name, output_shape::per_task).row)).data());
    return rows;
}

point_result trivial_result(std::size_t n_tasks) {
    point_result r;
    for (const auto* o : outputs_of(output_shape::per_task))
        r.*(o->row) = Eigen::ArrayXd::Zero(Eigen::Index(n_tasks));
    return r;
}

}  // namespace hetsweep
