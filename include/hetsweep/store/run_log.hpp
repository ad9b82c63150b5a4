#pragma once

// The run log of a sweep store: one record per `run` (or SLURM allocation) that opened it.
//
//   /runs/<NNNN>   one group per run, numbered from 0000 in start order, with attributes
//                  ranks (int32), start_time, end_time, outcome, slurm_job_id, blas, platform
//                  (strings; blas, rank 0's BLAS and kernel, is absent from runs of hetsweep
//                  before 0.4; platform, every rank's CPU, kernel and build, before 0.7).
//                  A run that ended without end() (killed) keeps end_time "" and the outcome
//                  it started with ("running" unless given).

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace hetsweep::comm {
class context;
}

namespace hetsweep::store {

struct run_record {
    std::string start_time;
    std::string end_time;
    std::string outcome;
    std::string slurm_job_id;
    int ranks = 0;
    std::string blas;  // rank 0's BLAS and kernel ("OpenBLAS 0.3.21, kernel Zen"); "" in older stores
    // Every rank's CPU, BLAS kernel and build (engine::platforms_of); "" in stores before hetsweep 0.7
    // and in records that are not runs (a growth).
    std::string platform;
};

// Owned by a sweep_store (sweep_store::runs()); every change is flushed at once.
class run_log {
  public:
    // Collective. Appends a record and returns its index; an empty outcome is stored as "running".
    // Rank 0's record is the one written.
    std::size_t begin(const run_record& r);
    // Collective. Fills in a run's end time and outcome ("complete", "interrupted", ...).
    void end(std::size_t index, const std::string& end_time, const std::string& outcome);
    std::vector<run_record> list() const;

    struct impl;
    explicit run_log(std::unique_ptr<impl> p);
    run_log(run_log&&) noexcept;
    run_log& operator=(run_log&&) noexcept;
    ~run_log();

  private:
    std::unique_ptr<impl> impl_;
};

}  // namespace hetsweep::store
