// `hetsweep run SPEC --store FILE.h5`: the command around engine::run_sweep.
// It owns MPI, the stop signals, the command line, the final lines and the
// exit code; the run itself is src/engine/. See docs/running.md.

#include "common.hpp"
#include "summary.hpp"

#include <hetsweep/cli/args.hpp>
#include <hetsweep/cli/commands.hpp>
#include <hetsweep/comm/context.hpp>
#include <hetsweep/comm/mpi_session.hpp>
#include <hetsweep/engine/read_spec.hpp>
#include <hetsweep/engine/run_sweep.hpp>
#include <hetsweep/errors.hpp>
#include <hetsweep/store/sweep_store.hpp>
#include <hetsweep/sweep/grid.hpp>
#include <hetsweep/text.hpp>

#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <iostream>

namespace hetsweep::cli {

namespace {

volatile std::sig_atomic_t stop_signal = 0;
// The first signal drains the run (points in flight finish). Two later signals mean "now": SIGTERM
// after SIGUSR1 (SLURM's time limit after its warning: the grace is over) and a second SIGINT (a
// user's second Ctrl-C). They abandon the points in flight at once: as safe as SIGKILL, which loses
// at most those points (a row's status is written last), and the exit code still says "resumable".
// Any other repeat keeps draining: a rank may get SIGTERM both from SLURM and from mpirun or srun,
// and SIGUSR1 from a batch script that turns SLURM's SIGTERM into the drain request.
extern "C" void on_stop_signal(int signum) {
    const bool now = (signum == SIGTERM && stop_signal == SIGUSR1) || (signum == SIGINT && stop_signal != 0);
    if (now) {
        static const char text[] =
            "hetsweep run: a second signal: abandoning the points in flight, exit 75\n";
        (void)!::write(2, text, sizeof text - 1);
        ::_exit(exit_interrupted);
    }
    if (stop_signal == 0) stop_signal = signum;
}

void install_signal_handlers() {
    struct sigaction action {};
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    for (int s : {SIGTERM, SIGUSR1, SIGINT}) sigaction(s, &action, nullptr);
}

int run_command(comm::context& ctx, const args& a) {
    const auto& words = a.positional();
    if (words.empty())
        throw config_error("usage: mpirun -n R hetsweep run SPEC --store FILE.h5 [key=value ...]");
    const auto store_path = a.option("store");
    if (!store_path)
        throw config_error("run needs --store FILE.h5 (the sweep's results file; created if missing)");
    engine::run_options options;
    options.store_path = *store_path;
    options.retry = !a.flag("no-retry");
    if (const char* job = std::getenv("SLURM_JOB_ID")) options.job_id = job;

    sweep_spec spec = engine::read_spec(ctx, words[0], *store_path);
    for (std::size_t i = 1; i < words.size(); ++i) apply_override(spec, words[i]);
    spec.trivial = a.flag("trivial") || a.option("synthetic");
    if (const auto s = a.option("synthetic")) {
        char* end = nullptr;
        spec.synthetic_seconds = std::strtod(s->c_str(), &end);
        if (end == s->c_str() || *end || !(spec.synthetic_seconds >= 0 && spec.synthetic_seconds <= 3600))
            throw config_error("--synthetic " + *s + ": must be a number of seconds in [0, 3600]");
    }
    const engine::run_summary r = engine::run_sweep(ctx, spec, options, engine::stop_token(&stop_signal));

    if (ctx.rank() == 0) {
        std::cout << "sweep " << spec.name << ": " << r.done << " of " << r.points << " points done, "
                  << r.failed << " failed (" << r.outcome << ")\n";
        if (r.interrupted)
            std::cout << "interrupted: run the same command again to resume (exit code " << exit_interrupted
                      << ")\n";
        else
            std::cout << summary_table(store::sweep_store::open_read_only(*store_path), grid(spec));
        if (spec.trivial && r.master_seconds > 0)
            std::cout << "master: busy " << fixed(100 * r.master_busy_seconds / r.master_seconds, 1)
                      << "% of " << fixed(r.master_seconds, 2) << " s, " << r.master_messages << " messages ("
                      << fixed(1e6 * r.master_busy_seconds /
                                   double(std::max<std::size_t>(1, r.master_messages)),
                               1)
                      << " us of busy time each)\n";
    }
    if (r.interrupted) return exit_interrupted;
    return r.failed ? exit_failures : exit_ok;
}

}  // namespace

int cmd_run(const std::vector<std::string>& words) {
    const args a(words, {"no-retry", "trivial"}, {"store", "synthetic"});
    int argc = 0;
    char** argv = nullptr;
    comm::mpi_session session(argc, argv);
    install_signal_handlers();
    auto ctx = comm::make_mpi_context();
    try {
        return run_command(*ctx, a);
    } catch (const config_error& e) {
        // Every rank reached the same verdict from the same input: one message, a clean exit.
        if (ctx->rank() == 0) std::cerr << error_lines("hetsweep run: ", e.what());
        return exit_usage;
    } catch (const std::exception& e) {
        std::cerr << "rank " << ctx->rank() << ": " << cut(e.what()) << std::endl;
        comm::abort_all(exit_error);
    }
}

}  // namespace hetsweep::cli
