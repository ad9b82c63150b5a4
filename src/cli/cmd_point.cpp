#include "common.hpp"

#include <hetsweep/cli/commands.hpp>
#include <hetsweep/errors.hpp>
#include <hetsweep/model/evaluate.hpp>
#include <hetsweep/sweep/grid.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

namespace hetsweep::cli {

namespace {

// JSON has no NaN or infinity: a metric that does not apply to the model is null.
std::string json_number(double x) {
    if (!std::isfinite(x)) return "null";
    std::ostringstream out;
    out.precision(17);
    out << x;
    return out.str();
}

void write_json(const std::string& path, const sweep_spec& spec, const point_params& p, const point_result& r,
                const task_set& tasks) {
    std::ofstream out(path);
    if (!out) throw config_error("--json " + path + ": cannot write this file");
    out.precision(17);
    out << "{\n  \"sweep_seed\": " << spec.seed << ",\n  \"params\": {";
    bool first = true;
    for (const auto& key : param_table()) {
        out << (first ? "\n" : ",\n") << "    \"" << key.name << "\": " << format_value(key.get(p));
        first = false;
    }
    out << "\n  },\n  \"metrics\": {";
    const auto names = metric_names();
    const auto values = r.metrics();
    for (std::size_t i = 0; i < names.size(); ++i)
        out << (i ? ",\n" : "\n") << "    \"" << names[i] << "\": " << json_number(values[i]);
    out << "\n  },\n  \"tasks\": [";
    for (int t = 0; t < tasks.size(); ++t) {
        const auto& ti = tasks.info[std::size_t(t)];
        out << (t ? ",\n" : "\n") << "    {\"index\": " << t << ", \"k\": " << ti.k << ", \"d\": " << ti.d
            << ", \"delta\": " << ti.delta << ", \"delta_realised\": " << ti.delta_realised
            << ", \"shift\": " << ti.shift << ", \"complexity\": " << ti.complexity
            << ", \"tier\": " << ti.tier << ", \"r2\": " << json_number(r.r2[t])
            << ", \"alignment\": " << json_number(r.alignment[t]) << "}";
    }
    out << "\n  ]\n}\n";
    if (!out) throw config_error("--json " + path + ": write failed (disk full?)");
}

}  // namespace

int cmd_point(const std::vector<std::string>& words) {
    const args a(words, {}, {"index", "json"});
    const sweep_spec spec = spec_from_args(a, "point");
    const grid g(spec);
    const long long index = a.integer_or("index", g.size() == 1 ? 0 : -1);
    if (index < 0 || index >= (long long)g.size())
        throw config_error(spec.origin + " spans " + std::to_string(g.size()) +
                           " points: choose one with --index 0.." + std::to_string(g.size() - 1) +
                           " (or give scalar values)");
    const point_params& p = g[std::size_t(index)];

    evaluator eval(spec.seed);
    const point_result r = eval.run(p);
    const task_set& tasks = eval.benchmark(p).tasks;

    std::cout << "point " << index << " of " << spec.name << ": " << g.describe(std::size_t(index)) << '\n';
    std::cout << "  model = " << p.model << ", N = " << p.N << ", profile = " << p.profile
              << ", cv = " << p.cv << ", tau_mean = " << p.tau_mean << " TU, seed = " << p.seed << '\n';
    std::cout << "  realised tau: mean " << fixed(r.tau.mean, 4) << " TU, std " << fixed(r.tau.std, 4)
              << " TU, skew " << fixed(r.tau.skew, 3) << '\n';
    std::cout << "  R^2 over " << tasks.size() << " tasks (test window)            raw   clipped at 0\n";
    auto row = [](const std::string& label, double raw, double clipped) {
        std::printf("    %-38s %8.4f   %8.4f\n", label.c_str(), raw, clipped);
    };
    row("all tasks", r.r2.mean(), r.r2.max(0.0).mean());
    const char* tier_names[] = {"low", "medium", "high"};
    for (int tier = 0; tier < 3; ++tier) {
        double raw = 0, clipped = 0;
        int n = 0;
        for (int t = 0; t < tasks.size(); ++t) {
            if (tasks.info[std::size_t(t)].tier != tier) continue;
            raw += r.r2[t];
            clipped += std::max(0.0, r.r2[t]);
            ++n;
        }
        row("tier " + std::to_string(tier) + " (" + tier_names[tier] + " complexity, " + std::to_string(n) +
                " tasks)",
            raw / n, clipped / n);
    }
    std::cout.flush();
    // Every further metric that applies to this model, by name.
    const auto names = metric_names();
    const auto values = r.metrics();
    auto metric = [&](const std::string& name) {
        for (std::size_t i = 0; i < names.size(); ++i)
            if (names[i] == name) return values[i];
        return std::nan("");
    };
    std::printf("  mechanisms: participation ratio %.2f, mean task alignment %.3f (on %.0f components)\n",
                metric("participation_ratio"), metric("alignment_mean"), metric("alignment_components"));
    if (std::isfinite(metric("rate_mean")))
        std::printf("  firing: %.2f spikes per neuron per TU, %.1f%% silent, ISI CV %.2f\n",
                    metric("rate_mean"), 100 * metric("silent_fraction"), metric("isi_cv"));
    std::printf("  cost (estimates): %.0f FLOP per step, %.0f bytes, readout %.2f GFLOP",
                metric("flops_per_step"), metric("memory_bytes"), metric("readout_flops") / 1e9);
    if (std::isfinite(metric("atp")))
        std::printf("; %.3g spikes, %.3g ATP, %.3g J on Loihi 2, %.3g J on SpiNNaker 2", metric("spikes"),
                    metric("atp"), metric("energy_loihi2_j"), metric("energy_spinnaker2_j"));
    std::printf("\n");
    std::fflush(stdout);
    const double gflops = r.readout_flops / r.seconds.readout / 1e9;
    std::cout << "  time: input " << fixed(r.seconds.input, 3) << " s, tasks " << fixed(r.seconds.tasks, 3)
              << " s, simulation " << fixed(r.seconds.simulation, 3) << " s, readout "
              << fixed(r.seconds.readout, 3) << " s (" << fixed(gflops, 1) << " GFLOP/s), mechanisms "
              << fixed(metric("time_mechanisms"), 3) << " s\n";
    if (auto path = a.option("json")) {
        write_json(*path, spec, p, r, tasks);
        std::cout << "  per-task scores written to " << *path << '\n';
    }
    return exit_ok;
}

}  // namespace hetsweep::cli
