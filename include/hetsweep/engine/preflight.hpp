#pragma once

// What a run checks before it touches anything, so that a sweep that cannot fit is refused with
// the sizes at once: the store's size, whether its path and file system can hold it, the memory.

#include <hetsweep/sweep/grid.hpp>

#include <string>

namespace hetsweep::engine {

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

// The memory one rank may use: HETSWEEP_MEMORY_LIMIT (bytes, or with a K, M or G suffix) if set,
// else 90% of the node's memory (MemTotal) over the ranks on the node (Open MPI's or SLURM's count
// of local ranks, else `local_ranks`). Throws config_error for an unreadable HETSWEEP_MEMORY_LIMIT.
double memory_limit_per_rank(int local_ranks);

}  // namespace hetsweep::engine
