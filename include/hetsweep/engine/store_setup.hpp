#pragma once

// A sweep's store before any point is computed, shared by `plan`, `submit` and `run`: its schema for
// a spec, whether an existing one belongs to the spec, and its creation (or growth into the spec).
// The checks made first (preflight.hpp) and what a new store records of its making (provenance.hpp)
// have their own headers, included here for every caller of the setup.

#include <hetsweep/comm/context.hpp>
#include <hetsweep/engine/preflight.hpp>
#include <hetsweep/engine/provenance.hpp>
#include <hetsweep/store/sweep_store.hpp>
#include <hetsweep/sweep/grid.hpp>

#include <string>

namespace hetsweep::engine {

// The store's grid columns (every model key) and its task table, taken from
// the benchmark of the grid's first point.
store::schema make_schema(const grid& g, std::uint64_t sweep_seed);

// Empty if the store at `path` was made for this spec and grid, else why not,
// naming both spec hashes; `advice` ends the message ("resume with ...").
std::string store_mismatch(const std::string& path, const store::sweep_store& s, const sweep_spec& spec,
                           const grid& g, const std::string& advice);

// Collective. The store of `spec` at `path`, open for writing. One that does
// not exist is created whole: built as PATH.partial and renamed, so that a run
// killed while creating it leaves no half-made store behind (a stale
// PATH.partial is replaced next time). Every failure is a config_error that
// every rank throws alike: a path that cannot hold a store, a disk without room
// for it, a file that is not a store, a store of another spec.
store::sweep_store open_or_create_store(const comm::context& ctx, const std::string& path,
                                        const sweep_spec& spec, const grid& g);

}  // namespace hetsweep::engine
