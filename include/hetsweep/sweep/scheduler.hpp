#pragma once

// Which batch of points (sweep/batching.hpp) a free worker gets next: the most expensive first, so
// that the long points do not finish last; among batches of equal cost, those of one benchmark (the
// same input realisation and timeline) together, so that a rank reuses its input and targets, then
// by the first id. And how far the run is, in points.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace hetsweep {

class scheduler {
  public:
    // `todo` are the batches of points to compute in this run, `cost[i]` the relative cost of point i,
    // `benchmark[i]` a number naming point i's benchmark (empty: one for all).
    scheduler(std::vector<std::vector<std::uint64_t>> todo, const std::vector<double>& cost,
              const std::vector<std::uint64_t>& benchmark = {});

    // The next batch to hand out, or nothing when none is left or the run is draining.
    std::optional<std::vector<std::uint64_t>> next();
    void finished(std::uint64_t point, bool ok);
    // No new work is handed out from now on; work in flight finishes.
    void drain() { draining_ = true; }

    bool draining() const { return draining_; }
    std::size_t total() const { return total_; }
    std::size_t done() const { return done_; }
    std::size_t failed() const { return failed_; }
    std::size_t in_flight() const { return in_flight_; }  // points handed out and not yet reported
    std::size_t waiting() const { return waiting_; }      // points not yet handed out
    // Nothing in flight and nothing more will be handed out.
    bool finished_all() const { return in_flight_ == 0 && (queue_.empty() || draining_); }

  private:
    std::deque<std::vector<std::uint64_t>> queue_;
    std::size_t total_ = 0, waiting_ = 0, done_ = 0, failed_ = 0, in_flight_ = 0;
    bool draining_ = false;
};

// "48/120 done, 1 failed, 2 running | 1.9 points/s | ETA 38 s": the rate is
// measured over this run's completed points.
class progress_meter {
  public:
    explicit progress_meter(std::size_t already_done, std::size_t total);
    std::string line(const scheduler& s) const;

  private:
    std::size_t already_done_, total_;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace hetsweep
