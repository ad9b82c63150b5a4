#pragma once

// One writer per store. Before a run touches FILE.h5, rank 0 creates FILE.h5.lock with
// O_CREAT | O_EXCL and writes into it who holds it: host, pid (and the process's start time, so
// that a reused pid is not taken for the holder), SLURM job id and start time. A second run finds
// the file and stops with exit 2, naming the holder, before it reads or writes anything of the
// store. The file goes when the run ends, by any path but SIGKILL or a node's crash; such a stale
// lock is taken over where that is safe: the holder was on this host and its process is gone, or
// the holder is an earlier incarnation of this very SLURM job (a requeue, on any node). Otherwise
// the message says how to clear it.
//
// Why a lock file and not flock() or HDF5's own file locking: HDF5 does not lock files opened
// through MPI-IO, and flock() is local to a node on NFS and needs the `flock` mount option on
// Lustre. An exclusive create is atomic on a local file system, on NFS (version 3 and later) and
// on Lustre and GPFS, so two runs on two nodes cannot both win.

#include <hetsweep/comm/context.hpp>

#include <string>

namespace hetsweep::engine {

class store_lock {
  public:
    // Collective: rank 0 takes the lock of `store_path` and every rank learns the outcome. Throws
    // config_error on every rank, naming the holder, when another run holds it. Where the lock
    // cannot be created at all (a folder that does not exist or cannot be written), nothing is
    // locked and the store's own checks report the problem.
    static store_lock acquire(const comm::context& ctx, const std::string& store_path,
                              const std::string& job_id);

    store_lock(store_lock&& other) noexcept;
    store_lock& operator=(store_lock&&) = delete;
    store_lock(const store_lock&) = delete;
    ~store_lock();  // rank 0 removes the lock file it made

    static std::string path_of(const std::string& store_path) { return store_path + ".lock"; }

  private:
    explicit store_lock(std::string path) : path_(std::move(path)) {}
    std::string path_;  // empty: nothing to remove (not rank 0, or not locked)
};

}  // namespace hetsweep::engine
