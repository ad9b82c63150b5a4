#pragma once

// What `plan` and `run` share: the store's schema for a grid, its size, and
// the points' costs.

#include <hetsweep/store/sweep_store.hpp>
#include <hetsweep/sweep/grid.hpp>

#include <string>

namespace hetsweep::cli {

// The store's grid columns (every model key) and its task table, taken from
// the benchmark of the grid's first point.
store::schema make_schema(const grid& g, std::uint64_t sweep_seed);
store::provenance make_provenance(const sweep_spec& spec);
double store_bytes(const grid& g);

// Empty if the store at `path` was made for this spec and grid, else why not,
// naming both spec hashes; `advice` ends the message ("resume with ...").
std::string store_mismatch(const std::string& path, const store::sweep_store& s, const sweep_spec& spec,
                           const grid& g, const std::string& advice);

// Effective FLOP rate of one core on the reference machine (see README), for estimates only.
inline constexpr double reference_flop_rate = 2.0e10;

std::string utc_now();

}  // namespace hetsweep::cli
