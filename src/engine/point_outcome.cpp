#include "point_outcome.hpp"

#include <hetsweep/model/outputs.hpp>
#include <hetsweep/model/tasks.hpp>

#include <chrono>
#include <exception>
#include <thread>

namespace hetsweep::engine {

std::vector<point_outcome> compute(evaluator& eval, const grid& g, const std::vector<std::uint64_t>& points,
                                   const std::vector<std::int32_t>& attempts, bool trivial,
                                   double synthetic_seconds) {
    std::vector<point_outcome> out;
    for (std::size_t j = 0; j < points.size(); ++j) out.push_back({points[j], attempts[j], false, {}, {}});
    if (trivial) {
        for (auto& o : out) {
            if (synthetic_seconds > 0)
                std::this_thread::sleep_for(std::chrono::duration<double>(synthetic_seconds));
            o.result = trivial_result(std::size_t(task_family{}.size()));
            o.ok = true;
        }
        return out;
    }
    try {
        std::vector<point_params> ps;
        for (const auto point : points) ps.push_back(g[point]);
        auto members = eval.run_batch(ps);
        for (std::size_t j = 0; j < out.size(); ++j) {
            out[j].ok = members[j].ok;
            out[j].message = std::move(members[j].message);
            out[j].result = std::move(members[j].result);
        }
    } catch (const std::exception& e) {
        for (auto& o : out) o.message = e.what();
    }
    return out;
}

void copy_done_row(const store::sweep_store& from, std::uint64_t row, const std::vector<double>& metrics,
                   std::int32_t attempts, store::sweep_store& to, std::uint64_t point) {
    const std::size_t n_metrics = from.metric_names().size();
    std::vector<std::vector<double>> rows;
    std::vector<const double*> pointers;
    for (const auto& name : to.per_task_names()) rows.push_back(from.read_per_task(name, row, 1));
    for (const auto& r : rows) pointers.push_back(r.data());
    to.write_done(point, pointers,
                  std::vector<double>(metrics.begin() + long(row * n_metrics),
                                      metrics.begin() + long((row + 1) * n_metrics)),
                  attempts);
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
