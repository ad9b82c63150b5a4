#pragma once

// Everything about a sweep's store before any point is computed, shared by
// `plan`, `submit` and `run`: its schema and provenance for a spec, its size,
// whether a path can hold it, whether an existing one belongs to the spec,
// and its creation.

#include <hetsweep/comm/context.hpp>
#include <hetsweep/store/sweep_store.hpp>
#include <hetsweep/sweep/grid.hpp>

#include <string>

namespace hetsweep::engine {

// The store's grid columns (every model key) and its task table, taken from
// the benchmark of the grid's first point.
store::schema make_schema(const grid& g, std::uint64_t sweep_seed);
store::provenance make_provenance(const sweep_spec& spec);

// About how many bytes the store of `g` takes on disk: all of it is allocated
// when the store is created, so a run never needs more.
double store_bytes(const grid& g);

// Empty if `path` names an existing store file that can be written, or a file that can be created;
// else why not (a read-only file system, no permission, no such folder, a folder).
std::string store_path_problem(const std::string& path);
// Empty if the file system of the existing store at `path` has room for what a resume adds (its lock
// and run record, about 1 MiB at most); else how much it has.
std::string resume_space_problem(const std::string& path);
// Empty if the file system that would hold a new store at `path` has room for the store of `g`; else
// both sizes.
std::string free_disk_problem(const std::string& path, const grid& g);

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

// The memory one rank may use: HETSWEEP_MEMORY_LIMIT (bytes, or with a K, M or G suffix) if set,
// else 90% of the node's memory (MemTotal) over the ranks on the node (Open MPI's or SLURM's count
// of local ranks, else `local_ranks`). Throws config_error for an unreadable HETSWEEP_MEMORY_LIMIT.
double memory_limit_per_rank(int local_ranks);

// The current time as ISO 8601 UTC, "2024-05-01T12:00:00Z".
std::string utc_now();

}  // namespace hetsweep::engine
