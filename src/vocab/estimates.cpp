#include <hetsweep/vocab/estimates.hpp>

#include <hetsweep/vocab/model_rules.hpp>
#include <hetsweep/vocab/task_family.hpp>

#include <cmath>

namespace hetsweep {

namespace {

std::int64_t steps(double span, double dt) {
    return static_cast<std::int64_t>(std::llround(span / dt));
}

}  // namespace

timeline_steps make_timeline(const point_params& p) {
    return {steps(p.margin, p.dt), steps(p.washout, p.dt), steps(p.train, p.dt), steps(p.test, p.dt)};
}

double run_steps(const point_params& p) {
    return std::round((p.washout + p.train + p.test + 2 * p.margin) / p.dt);
}

double relative_cost(const point_params& p) {
    const double n = double(p.N) + 1, tasks = task_family{}.size();
    const double train = std::round(p.train / p.dt), test = std::round(p.test / p.dt);
    double readout = train * n * n + 2 * train * n * tasks + 2 * test * n * tasks;  // X'X by a rank update
    if (p.readout_mode == "validated") {
        // Per fold an eigendecomposition and rotations (about 13 n^3) and 4 n^2 m of products; per task
        // one n x n x m product per fold (partial fractions) or per fold and candidate (direct); the
        // refit a Cholesky per distinct factor (a few).
        const double folds = double(p.folds),
                     candidates = p.scoring == "direct" ? double(p.ridge_steps) : 1.0;
        readout += folds * (13 * n * n * n + 4 * n * n * tasks) + n * n * n;
        if (p.select == "task") readout += folds * candidates * 2 * n * n * tasks;
    }
    return readout + find_model_rules(p.model).simulation_cost(p);
}

double point_memory_bytes(const point_params& p, std::size_t members) {
    const timeline_steps tl = make_timeline(p);
    const double n = double(p.N) + 1, tasks = task_family{}.size(), recorded = double(tl.train + tl.test);
    const double states = 8 * n * recorded * double(members);
    // The input; the targets, built and kept, and their float copy for the training window.
    const double benchmark =
        8 * 3 * double(tl.total()) + 2 * 8 * tasks * recorded + 4 * tasks * double(tl.train);
    const double readout = 8 * n * tasks * 12 + 4 * (tasks + n) * double(tl.train) + 8 * 4 * n * n;
    const double mechanisms = 8 * 4 * n * n + 8 * n * double(tl.test);
    return states + benchmark + readout + mechanisms;
}

}  // namespace hetsweep
