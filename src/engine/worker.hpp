#pragma once

// A worker rank's side of a run.

#include <hetsweep/comm/context.hpp>
#include <hetsweep/engine/run_sweep.hpp>
#include <hetsweep/store/sweep_store.hpp>
#include <hetsweep/sweep/grid.hpp>

namespace hetsweep::engine {

// Asks rank 0 for a point, computes it, records it and reports, until rank 0
// says that no work is left. A raised `stop` travels with every message, and
// rank 0 then stops handing out points.
void run_worker(comm::context& ctx, store::sweep_store& s, const sweep_spec& spec, const grid& g,
                const stop_token& stop);

}  // namespace hetsweep::engine
