#include <hetsweep/engine/run_sweep.hpp>

#include "master.hpp"
#include "worker.hpp"

#include <hetsweep/comm/pack.hpp>
#include <hetsweep/engine/platform.hpp>
#include <hetsweep/engine/store_lock.hpp>
#include <hetsweep/engine/store_setup.hpp>
#include <hetsweep/errors.hpp>
#include <hetsweep/model/blas.hpp>
#include <hetsweep/store/sweep_store.hpp>
#include <hetsweep/sweep/batching.hpp>
#include <hetsweep/sweep/grid.hpp>

#include <cstdint>
#include <iostream>
#include <vector>

namespace hetsweep::engine {

namespace {

// Rank 0's counts, for every rank.
run_summary shared_from_master(const comm::context& ctx, const run_summary& mine) {
    const auto shared = comm::unpack<std::vector<std::int64_t>>(ctx.broadcast(
        comm::pack(std::vector<std::int64_t>{std::int64_t(mine.points), std::int64_t(mine.done),
                                             std::int64_t(mine.failed), std::int64_t(mine.interrupted)}),
        0));
    run_summary totals;
    totals.points = std::size_t(shared[0]);
    totals.done = std::size_t(shared[1]);
    totals.failed = std::size_t(shared[2]);
    totals.interrupted = shared[3] != 0;
    totals.outcome = totals.interrupted ? "interrupted"
                     : totals.failed    ? "complete with failures"
                                        : "complete";
    return totals;
}

// Runs `write` (a collective change of the store's metadata) on every rank; if it fails on any, every
// rank throws the same config_error, naming a full disk where that is the cause. The rows already
// written stay as they are.
template <class F>
void record_collectively(const comm::context& ctx, const std::string& path, const char* what, F&& write) {
    std::string error;
    try {
        write();
    } catch (const store_error& e) {
        error = e.what();
    }
    if (!ctx.any(!error.empty())) return;
    const std::string space = resume_space_problem(path);
    throw config_error(std::string("cannot ") + what + " " + path + ": " +
                       (space.empty() ? (error.empty() ? "it failed on another rank" : error)
                                      : space + (error.empty() ? "" : " (" + error + ")")));
}

// Rank 0 says so when this run's platform is not the one an earlier run recorded: its points agree
// with theirs to rounding, not bit for bit. The run log keeps both platforms (status shows them).
void warn_of_another_platform(const comm::context& ctx, const std::vector<store::run_record>& runs,
                              const std::string& platform) {
    if (ctx.rank() != 0) return;
    for (std::size_t i = runs.size(); i-- > 0;) {
        if (runs[i].platform.empty() || runs[i].platform == platform) continue;
        std::cerr << "hetsweep run: run " << i << " of this store computed on another platform ("
                  << runs[i].platform << "); this run computes on " << platform
                  << ": their points agree to rounding, not bit for bit (docs/running.md, Reproducibility)"
                  << std::endl;
        return;
    }
}

}  // namespace

run_summary run_sweep(comm::context& ctx, const sweep_spec& spec, const run_options& options,
                      const stop_token& stop) {
    const grid g(spec);
    // Rank 0's batches: the master's units of work. Every rank's largest batch must fit in its share
    // of the node before anything is touched.
    const auto batches =
        ctx.rank() == 0 ? make_batches(g, spec.batch) : std::vector<std::vector<std::size_t>>{};
    std::string too_big;
    if (ctx.rank() == 0)
        too_big = memory_problem(g, largest_memory_need(g, batches), memory_limit_per_rank(ctx.size()));
    too_big = comm::unpack<std::string>(ctx.broadcast(comm::pack(too_big), 0));
    if (!too_big.empty()) throw config_error(too_big);
    // Held until the store is closed: it is declared first, so it is destroyed last.
    const store_lock lock = store_lock::acquire(ctx, options.store_path, options.job_id);
    store::sweep_store s = open_or_create_store(ctx, options.store_path, spec, g);
    // The run record is the one thing a resume adds to the file; a disk that fills after the checks
    // above fails here, on every rank alike, as a clean error.
    std::size_t run = 0;
    const std::string platform = platforms_of(ctx);
    warn_of_another_platform(ctx, s.runs().list(), platform);
    record_collectively(ctx, options.store_path, "record this run in", [&] {
        run = s.runs().begin(
            {utc_now(), "", "running", options.job_id, ctx.size(), blas_in_use().text(), platform});
    });

    run_summary mine;
    if (ctx.rank() == 0)
        mine = run_master(ctx, s, spec, g, batches, options.retry, stop);
    else
        run_worker(ctx, s, spec, g, stop);

    // Everyone agrees on the outcome before it is recorded.
    run_summary totals = shared_from_master(ctx, mine);
    totals.master_seconds = mine.master_seconds;
    totals.master_busy_seconds = mine.master_busy_seconds;
    totals.master_messages = mine.master_messages;
    record_collectively(ctx, options.store_path, "record the end of this run in",
                        [&] { s.runs().end(run, utc_now(), totals.outcome); });
    s.close();
    return totals;
}

}  // namespace hetsweep::engine
