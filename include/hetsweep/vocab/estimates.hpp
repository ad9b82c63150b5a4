#pragma once

// What a point will take, from its keys alone: its timeline in steps, its work and its memory. The
// scheduler, `plan` and the memory check use these before anything is computed.

#include <hetsweep/vocab/params.hpp>

#include <cstddef>
#include <cstdint>

namespace hetsweep {

// Sample counts of the timeline (see docs/model.md): margin, washout, train, test, margin.
struct timeline_steps {
    std::int64_t margin, washout, train, test;
    std::int64_t total() const { return 2 * margin + washout + train + test; }
    std::int64_t train_from() const { return margin + washout; }
    std::int64_t test_from() const { return train_from() + train; }
};
timeline_steps make_timeline(const point_params& p);
// The dt steps of a whole run (margins, washout, training, test) as one rounded span: what the
// models' simulation costs count.
double run_steps(const point_params& p);

// Work of evaluating p, in FLOPs of the readout plus the model's simulation cost in the same
// units: for scheduling the longest points first and for plan's estimate.
double relative_cost(const point_params& p);

// About the most memory evaluating p takes in a batch of `members` (evaluator::run_batch), in bytes:
// the members' states, the input and task targets, the readout's products and the mechanisms'
// matrices. An estimate from the sizes alone, above the measured peak resident size (by 1.5 times
// at N = 200 and 1.3 times at N = 800, `hetsweep point` under /usr/bin/time -v), so that a point
// too large for its node is refused before it starts.
double point_memory_bytes(const point_params& p, std::size_t members = 1);

}  // namespace hetsweep
