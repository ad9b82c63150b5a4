#pragma once

// Rank 0's side of a run: the scheduler, its own compute thread, the workers'
// requests and reports, and the progress lines.

#include <hetsweep/comm/context.hpp>
#include <hetsweep/engine/run_sweep.hpp>
#include <hetsweep/store/sweep_store.hpp>
#include <hetsweep/sweep/grid.hpp>

#include <cstddef>
#include <vector>

namespace hetsweep::engine {

// Hands out the store's pending points (and its failed ones, with `retry`), in the grid's `batches`
// (sweep/batching.hpp), until none is left or a stop is asked for, here or by a worker, and every
// worker has been told to stop. Returns the store's counts; `outcome` is left empty.
run_summary run_master(comm::context& ctx, store::sweep_store& s, const sweep_spec& spec, const grid& g,
                       const std::vector<std::vector<std::size_t>>& batches, bool retry,
                       const stop_token& stop);

}  // namespace hetsweep::engine
