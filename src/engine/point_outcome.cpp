#include "point_outcome.hpp"

#include <hetsweep/model/tasks.hpp>

#include <exception>

namespace hetsweep::engine {

point_outcome compute(evaluator& eval, const grid& g, std::uint64_t point, std::int32_t attempt,
                      bool trivial) {
    point_outcome out{point, attempt, false, {}, {}};
    try {
        if (trivial) {
            out.result.r2 = Eigen::ArrayXd::Zero(task_family{}.size());
            out.result.alignment = Eigen::ArrayXd::Zero(task_family{}.size());
        } else {
            out.result = eval.run(g[point]);
        }
        out.ok = true;
    } catch (const std::exception& e) {
        out.message = e.what();
    }
    return out;
}

void record(store::sweep_store& s, const point_outcome& o) {
    // The per-task rows in the order of make_schema's per_task_names.
    if (o.ok)
        s.write_done(o.point, {o.result.r2.data(), o.result.alignment.data()}, o.result.metrics(), o.attempt);
    else
        s.write_failed(o.point, o.message, o.attempt);
}

}  // namespace hetsweep::engine
