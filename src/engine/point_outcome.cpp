#include "point_outcome.hpp"

#include <hetsweep/model/outputs.hpp>
#include <hetsweep/model/tasks.hpp>

#include <chrono>
#include <exception>
#include <thread>

namespace hetsweep::engine {

point_outcome compute(evaluator& eval, const grid& g, std::uint64_t point, std::int32_t attempt, bool trivial,
                      double synthetic_seconds) {
    point_outcome out{point, attempt, false, {}, {}};
    if (trivial && synthetic_seconds > 0)
        std::this_thread::sleep_for(std::chrono::duration<double>(synthetic_seconds));
    try {
        out.result = trivial ? trivial_result(std::size_t(task_family{}.size())) : eval.run(g[point]);
        out.ok = true;
    } catch (const std::exception& e) {
        out.message = e.what();
    }
    return out;
}

void record(store::sweep_store& s, const grid& g, const point_outcome& o) {
    // In the store's own order and selection: a store made by an older build lists fewer outputs.
    const auto rows = o.ok ? per_task_rows(o.result, s.per_task_names()) : std::vector<const double*>{};
    const auto metrics = o.ok ? metric_values(o.result, s.metric_names()) : std::vector<double>{};
    auto write = [&](std::uint64_t point) {
        if (o.ok)
            s.write_done(point, rows, metrics, o.attempt);
        else
            s.write_failed(point, o.message, o.attempt);
    };
    write(o.point);
    for (std::size_t copy : g.copies(o.point)) write(copy);
}

}  // namespace hetsweep::engine
