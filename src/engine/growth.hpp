#pragma once

// A store rebuilt for a larger grid of the same numerics and sweep seed. Shared: defined in
// growth.cpp, chosen by open_or_create_store (store_setup.cpp) when a store meets another spec.

#include <hetsweep/comm/context.hpp>
#include <hetsweep/store/sweep_store.hpp>
#include <hetsweep/sweep/grid.hpp>
#include <hetsweep/sweep/spec.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace hetsweep::engine {

// How the store `s` grows into the grid of `spec`: for each of its rows that was computed (done or
// failed), the new grid's point of the same identity. A store grows when the spec keeps every one
// of its points (more seeds, more levels, another grid) and the sweep seed and numerics.
struct growth {
    std::string problem;                                        // why it cannot grow; "" if it can
    std::vector<std::pair<std::uint64_t, std::uint64_t>> rows;  // (stored row, new point)
    std::size_t kept = 0;                                       // stored points the new grid keeps
};

// The rows of `s` that `spec` keeps, or why it cannot grow into it (growth::problem).
growth plan_growth(const store::sweep_store& s, const sweep_spec& spec, const grid& g);

// Collective. The store at `path` (open as `old`, of `old_points` points) rebuilt for the grid of
// `spec`: a new store made as PATH.grow.partial, the computed rows copied to their points there,
// the run log carried over with a record of the growth, then renamed over the old one. A run
// killed on the way leaves the old store whole (and a .grow.partial, replaced next time).
store::sweep_store grow_store(const comm::context& ctx, store::sweep_store old, const std::string& path,
                              const sweep_spec& spec, const grid& g, const growth& plan);

}  // namespace hetsweep::engine
