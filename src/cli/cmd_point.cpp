#include "common.hpp"

#include <hetsweep/cli/commands.hpp>
#include <hetsweep/errors.hpp>
#include <hetsweep/model/evaluate.hpp>
#include <hetsweep/sweep/grid.hpp>

#include <cmath>
#include <fstream>
#include <sstream>
#include <iostream>

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
    for (const auto& key: param_table()) {
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
            << ", \"shift\": " << ti.shift << ", \"complexity\": " << ti.complexity << ", \"tier\": " << ti.tier
            << ", \"r2\": " << json_number(r.r2[t]) << ", \"alignment\": " << json_number(r.alignment[t]) << "}";
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
    std::cout << "  model = " << p.model << ", N = " << p.N << ", profile = " << p.profile << ", cv = " << p.cv
              << ", tau_mean = " << p.tau_mean << " TU, seed = " << p.seed << '\n';
    std::cout << "  realised tau: mean " << fixed(r.tau.mean, 4) << " TU, std " << fixed(r.tau.std, 4)
              << " TU, skew " << fixed(r.tau.skew, 3) << '\n';
    std::cout << "  R^2 over " << tasks.size() << " tasks (test window):   raw mean   clipped-at-0 mean\n";
    std::cout << "    all tasks                            " << fixed(r.r2.mean(), 4) << "       "
              << fixed(r.r2.max(0.0).mean(), 4) << '\n';
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
        std::cout << "    tier " << tier << " (" << tier_names[tier] << " complexity, " << n
                  << " tasks)       " << fixed(raw / n, 4) << "       " << fixed(clipped / n, 4) << '\n';
    }
    const double gflops = r.readout_flops / r.seconds.readout / 1e9;
    std::cout << "  time: input " << fixed(r.seconds.input, 3) << " s, tasks " << fixed(r.seconds.tasks, 3)
              << " s, simulation " << fixed(r.seconds.simulation, 3) << " s, readout " << fixed(r.seconds.readout, 3)
              << " s (" << fixed(gflops, 1) << " GFLOP/s)\n";
    if (auto path = a.option("json")) {
        write_json(*path, spec, p, r, tasks);
        std::cout << "  per-task scores written to " << *path << '\n';
    }
    return exit_ok;
}

}  // namespace hetsweep::cli
