#pragma once

// The result of one point, as computed by any rank, and how it goes into the store.

#include <hetsweep/model/evaluate.hpp>
#include <hetsweep/store/sweep_store.hpp>
#include <hetsweep/sweep/grid.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace hetsweep::engine {

struct point_outcome {
    std::uint64_t point = 0;
    std::int32_t attempt = 0;
    bool ok = false;
    std::string message;  // why the point failed
    point_result result;  // when ok
};

// Evaluates the batch `points` of `g` (evaluator::run_batch), `attempts` counting each point's
// computations; an exception becomes a failed outcome, so one bad point never ends the sweep.
// `trivial` switches the science off (the engine benchmark): every point scores 0 at once, so that
// what is measured is the master and the store; with `synthetic_seconds` > 0 each such point
// sleeps that long first, standing in for the cost of a real one.
std::vector<point_outcome> compute(evaluator& eval, const grid& g, const std::vector<std::uint64_t>& points,
                                   const std::vector<std::int32_t>& attempts, bool trivial,
                                   double synthetic_seconds = 0);

// Writes done row `row` of `from` (its per-task rows, its metrics out of `metrics`, all of
// from.read_metrics(), and `attempts`) as done point `point` of `to`, which may be `from`.
void copy_done_row(const store::sweep_store& from, std::uint64_t row, const std::vector<double>& metrics,
                   std::int32_t attempts, store::sweep_store& to, std::uint64_t point);

// Writes the outcome into the point's row, then into the rows of its copies (grid::copies: points of
// the same identity, whose results are the same): independent, by the rank that computed it.
void record(store::sweep_store& s, const grid& g, const point_outcome& o);

}  // namespace hetsweep::engine
