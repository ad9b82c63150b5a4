#pragma once

// `run_sweep`: computes a sweep's pending points into its store on every rank
// of a context. Rank 0 is the master: it hands points to idle ranks, most
// expensive first, and computes too (on a second thread); every rank writes
// the rows it computed. See docs/running.md.

#include <hetsweep/comm/context.hpp>
#include <hetsweep/sweep/spec.hpp>

#include <csignal>
#include <cstddef>
#include <string>

namespace hetsweep::engine {

struct run_options {
    std::string store_path;  // opened, or created whole if there is none
    bool retry = true;       // compute again the points that failed in earlier runs
    std::string job_id;      // the batch job's id (SLURM_JOB_ID) for the run record, or ""
};

// Asks a run to stop: the engine only reads a flag that someone else sets, for
// example a POSIX signal handler, or a test. Once it reads non-zero, no new
// point is handed out and the points in flight finish. A default token never
// stops.
class stop_token {
  public:
    stop_token() = default;
    // `flag` must outlive the run; its value is the signal number that asked to stop.
    explicit stop_token(const volatile std::sig_atomic_t* flag) : flag_(flag) {}

    // The signal number that asked this rank to stop, or 0.
    int signal() const { return flag_ ? int(*flag_) : 0; }

  private:
    const volatile std::sig_atomic_t* flag_ = nullptr;
};

// The store after the run, the same on every rank.
struct run_summary {
    std::size_t points = 0;    // in the grid
    std::size_t done = 0;      // in the store, this run's and earlier runs'
    std::size_t failed = 0;    // in the store, this run's and those kept by retry = false
    bool interrupted = false;  // stopped with points still pending
    std::string outcome;       // as recorded in the run record: "complete", "complete with failures"
                               // or "interrupted"
    // Rank 0 only: the master loop's wall time, the part of it spent handling messages, assigning
    // and recording (not waiting), and the messages it handled.
    double master_seconds = 0, master_busy_seconds = 0;
    std::size_t master_messages = 0;
};

// Collective. Opens or creates the store (see open_or_create_store), records a
// run in it, computes every pending point (and failed one, with retry) until
// none is left or `stop` asks to stop, records the outcome and closes the
// store. Throws config_error, alike on every rank, for input that cannot run:
// a grid with a bad point, a store path that cannot hold a store, a full disk,
// a store of another spec. Progress goes to standard error on rank 0.
run_summary run_sweep(comm::context& ctx, const sweep_spec& spec, const run_options& options,
                      const stop_token& stop);

}  // namespace hetsweep::engine
