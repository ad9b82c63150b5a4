#include "common.hpp"

#include <hetsweep/cli/commands.hpp>
#include <hetsweep/engine/store_setup.hpp>
#include <hetsweep/errors.hpp>
#include <hetsweep/model/blas.hpp>
#include <hetsweep/model/evaluate.hpp>
#include <hetsweep/model/outputs.hpp>
#include <hetsweep/sweep/batching.hpp>
#include <hetsweep/sweep/grid.hpp>
#include <hetsweep/text.hpp>

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <new>
#include <sstream>

namespace hetsweep::cli {

namespace {

// Every output of the point, under the names the store uses; null where a metric does not apply.
void write_json(const std::string& path, const sweep_spec& spec, const point_params& p, const point_result& r,
                const task_set& tasks) {
    std::ofstream out(path);
    if (!out) throw config_error("--json " + path + ": cannot write this file");
    out << "{\n  \"sweep_seed\": " << spec.seed << ",\n  \"params\": {";
    bool first = true;
    for (const auto& key : param_table()) {
        out << (first ? "\n" : ",\n") << "    " << json_string(key.name) << ": " << format_value(key.get(p));
        first = false;
    }
    out << "\n  },\n  \"metrics\": {";
    first = true;
    for (const auto* o : outputs_of(output_shape::per_point)) {
        out << (first ? "\n" : ",\n") << "    " << json_string(o->name) << ": " << json_number(o->scalar(r));
        first = false;
    }
    out << "\n  },\n  \"tasks\": [";
    for (int t = 0; t < tasks.size(); ++t) {
        const auto& info = tasks.info[std::size_t(t)];
        out << (t ? ",\n" : "\n") << "    {\"index\": " << t;
        for (const auto& c : task_columns())
            out << ", " << json_string(c.name) << ": " << json_number(c.get(info));
        for (const auto* o : outputs_of(output_shape::per_task))
            out << ", " << json_string(o->name) << ": " << json_number((r.*(o->row))[t]);
        out << "}";
    }
    out << "\n  ]\n}\n";
    if (!out) throw config_error("--json " + path + ": write failed (disk full?)");
}

// A per-point output of r by name.
double metric(const point_result& r, const std::string& name) {
    for (const auto* o : outputs_of(output_shape::per_point))
        if (name == o->name) return o->scalar(r);
    throw std::logic_error("no per-point output named " + name);
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
    // What `run` checks before it starts, checked before the work: the memory and the output file.
    const memory_need need{point_memory_bytes(p), std::size_t(index), 1};
    if (const std::string problem = memory_problem(g, need, engine::memory_limit_per_rank(1));
        !problem.empty())
        throw config_error(problem);
    if (const auto path = a.option("json")) {
        std::error_code ec;
        const auto parent = std::filesystem::absolute(*path, ec).parent_path();
        if (std::filesystem::is_directory(*path, ec) || access(parent.c_str(), W_OK) != 0 ||
            (std::filesystem::exists(*path, ec) && access(path->c_str(), W_OK) != 0))
            throw config_error("--json " + *path + ": cannot write this file (a folder, or not writable)");
    }

    evaluator eval(spec.seed);
    const point_result r = [&] {
        try {
            return eval.run(p);
        } catch (const std::bad_alloc&) {
            throw config_error(
                "point " + std::to_string(index) +
                ": out of memory (std::bad_alloc): it needs more memory than this process could "
                "get; `hetsweep plan` estimates it");
        }
    }();
    const task_set& tasks = eval.benchmark(p).tasks;

    std::cout << "point " << index << " of " << spec.name << ": " << g.describe(std::size_t(index)) << " ("
              << blas_in_use().text() << ")\n";
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
    const auto m = [&r](const char* name) { return metric(r, name); };
    std::printf(
        "  mechanisms: participation ratio %.2f, mean task alignment %.3f (on %.0f components), %.3f (on "
        "%.0f)\n",
        m("participation_ratio"), m("alignment_mean"), m("alignment_components"), m("alignment_fixed_mean"),
        m("alignment_fixed_components"));
    if (std::isfinite(m("rate_mean")))
        std::printf("  firing: %.2f spikes per neuron per TU, %.1f%% silent, ISI CV %.2f\n", m("rate_mean"),
                    100 * m("silent_fraction"), m("isi_cv"));
    std::printf("  cost (estimates): %.0f FLOP per step, %.0f bytes, readout %.2f GFLOP", m("flops_per_step"),
                m("memory_bytes"), m("readout_flops") / 1e9);
    if (std::isfinite(m("atp")))
        std::printf(
            "; %.3g spikes, %.3g ATP, %.3g J on Loihi 2 (%.2g static, %.2g dynamic), %.3g J on SpiNNaker 2 "
            "(%.2g static, %.2g dynamic)",
            m("spikes"), m("atp"), m("energy_loihi2_j"), m("energy_loihi2_static_j"),
            m("energy_loihi2_dynamic_j"), m("energy_spinnaker2_j"), m("energy_spinnaker2_static_j"),
            m("energy_spinnaker2_dynamic_j"));
    std::printf("\n");
    std::fflush(stdout);
    const double gflops = r.readout_flops / r.seconds.readout / 1e9;
    std::cout << "  time: input " << fixed(r.seconds.input, 3) << " s, tasks " << fixed(r.seconds.tasks, 3)
              << " s, simulation " << fixed(r.seconds.simulation, 3) << " s, readout "
              << fixed(r.seconds.readout, 3) << " s (" << fixed(gflops, 1) << " GFLOP/s), mechanisms "
              << fixed(m("time_mechanisms"), 3) << " s\n";
    if (auto path = a.option("json")) {
        write_json(*path, spec, p, r, tasks);
        std::cout << "  per-task scores written to " << *path << '\n';
    }
    return exit_ok;
}

}  // namespace hetsweep::cli
