#pragma once

// Rank 0's own compute thread: the master hands it one batch at a time
// between its messages. It never calls MPI or HDF5 (MPI runs
// MPI_THREAD_FUNNELED), so the master records its outcomes.

#include "point_outcome.hpp"
#include "protocol.hpp"

#include <hetsweep/model/evaluate.hpp>
#include <hetsweep/sweep/grid.hpp>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <thread>

namespace hetsweep::engine {

class local_worker {
  public:
    // `g` must outlive the worker.
    local_worker(const grid& g, std::uint64_t sweep_seed, bool trivial, double synthetic_seconds = 0);
    // Waits for the point in progress, if any.
    ~local_worker();

    local_worker(const local_worker&) = delete;
    local_worker& operator=(const local_worker&) = delete;

    // No batch in progress and no outcome waiting to be taken.
    bool idle() const { return !busy_; }
    // Only when idle().
    void start(const work_assignment& job);
    // The finished batch's outcomes, once; the worker is idle after it.
    std::optional<std::vector<point_outcome>> take_result();

  private:
    void loop();

    const grid& grid_;
    evaluator eval_;
    bool trivial_;
    double synthetic_seconds_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::optional<work_assignment> job_;
    std::optional<std::vector<point_outcome>> result_;
    std::atomic<bool> busy_{false};
    bool quit_ = false;
    std::thread thread_;  // last: it starts once everything else is built
};

}  // namespace hetsweep::engine
