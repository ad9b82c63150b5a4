// `hetsweep run SPEC --store FILE.h5`: rank 0 hands points to idle ranks,
// most expensive first, and computes too (on a second thread); every rank
// writes the rows it computed. See the README's "Running a sweep".

#include "common.hpp"
#include "summary.hpp"
#include "sweep_setup.hpp"

#include <hetsweep/cli/commands.hpp>
#include <hetsweep/comm/context.hpp>
#include <hetsweep/comm/mpi_session.hpp>
#include <hetsweep/comm/pack.hpp>
#include <hetsweep/errors.hpp>
#include <hetsweep/model/evaluate.hpp>
#include <hetsweep/model/outputs.hpp>
#include <hetsweep/model/tasks.hpp>
#include <hetsweep/store/sweep_store.hpp>
#include <hetsweep/sweep/scheduler.hpp>

#include <sys/statvfs.h>
#include <unistd.h>
#include <atomic>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>

namespace hetsweep::cli {

namespace {

volatile std::sig_atomic_t stop_signal = 0;
extern "C" void on_stop_signal(int signum) {
    stop_signal = signum;
}

void install_signal_handlers() {
    struct sigaction action {};
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    for (int s : {SIGTERM, SIGUSR1, SIGINT}) sigaction(s, &action, nullptr);
}

// Messages between ranks.
struct work_request {
    bool interrupted = false;  // this rank received SIGTERM/SIGUSR1
    template <class A>
    void serialize(A& a, unsigned) {
        a& interrupted;
    }
};
struct work_assignment {
    std::uint64_t point = 0;
    std::int32_t attempt = 0;
    template <class A>
    void serialize(A& a, unsigned) {
        a& point& attempt;
    }
};
struct work_report {
    std::uint64_t point = 0;
    bool ok = false;
    bool interrupted = false;
    std::string message;
    template <class A>
    void serialize(A& a, unsigned) {
        a& point& ok& interrupted& message;
    }
};
struct setup_message {
    bool ok = true;
    std::string text;  // the spec text, or the error
    bool store_exists = false;
    template <class A>
    void serialize(A& a, unsigned) {
        a& ok& text& store_exists;
    }
};

// The result of one point, as computed by any rank.
struct outcome {
    std::uint64_t point = 0;
    std::int32_t attempt = 0;
    bool ok = false;
    std::string message;
    point_result result;
};

// `trivial` switches the science off (the engine benchmark): every point
// scores 0 at once, so that what is measured is the master and the store.
outcome compute(evaluator& eval, const grid& g, std::uint64_t point, std::int32_t attempt, bool trivial) {
    outcome out{point, attempt, false, {}, {}};
    try {
        if (trivial) {
            out.result = trivial_result(std::size_t(task_family{}.size()));
        } else {
            out.result = eval.run(g[point]);
        }
        out.ok = true;
    } catch (const std::exception& e) {
        out.message = e.what();
    }
    return out;
}

void record(store::sweep_store& s, const outcome& o) {
    if (o.ok)
        s.write_done(o.point, per_task_rows(o.result), metric_values(o.result), o.attempt);
    else
        s.write_failed(o.point, o.message, o.attempt);
}

// Rank 0's own compute thread: takes one point at a time, never calls MPI or HDF5.
class local_worker {
  public:
    local_worker(const grid& g, std::uint64_t sweep_seed, bool trivial)
        : grid_(g), eval_(sweep_seed), trivial_(trivial), thread_([this] { loop(); }) {}
    ~local_worker() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            quit_ = true;
        }
        wake_.notify_all();
        thread_.join();
    }
    bool idle() const { return !busy_; }
    void start(std::uint64_t point, std::int32_t attempt) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            job_ = work_assignment{point, attempt};
            busy_ = true;
        }
        wake_.notify_all();
    }
    std::optional<outcome> take_result() {
        std::lock_guard<std::mutex> lock(mutex_);
        std::optional<outcome> r = std::move(result_);
        result_.reset();
        if (r) busy_ = false;
        return r;
    }

  private:
    void loop() {
        for (;;) {
            work_assignment job;
            {
                std::unique_lock<std::mutex> lock(mutex_);
                wake_.wait(lock, [&] { return quit_ || job_.has_value(); });
                if (quit_) return;
                job = *job_;
                job_.reset();
            }
            outcome o = compute(eval_, grid_, job.point, job.attempt, trivial_);
            std::lock_guard<std::mutex> lock(mutex_);
            result_ = std::move(o);
        }
    }

    const grid& grid_;
    evaluator eval_;
    bool trivial_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::optional<work_assignment> job_;
    std::optional<outcome> result_;
    std::atomic<bool> busy_{false};
    bool quit_ = false;
    std::thread thread_;
};

struct run_totals {
    std::size_t done = 0, failed = 0;
    bool interrupted = false;
};

run_totals master(comm::context& ctx, store::sweep_store& s, const grid& g, std::uint64_t sweep_seed,
                  bool retry, bool trivial) {
    const auto status = s.read_status();
    auto attempts = s.read_attempts();
    std::vector<std::uint64_t> todo;
    std::size_t already_done = 0, kept_failed = 0;
    for (std::uint64_t i = 0; i < status.size(); ++i) {
        if (status[i] == store::point_status::done)
            ++already_done;
        else if (status[i] == store::point_status::failed && !retry)
            ++kept_failed;
        else
            todo.push_back(i);
    }
    std::vector<double> cost;
    for (const auto& p : g.points()) cost.push_back(relative_cost(p));
    scheduler sched(todo, cost);
    progress_meter meter(already_done, g.size());
    std::cerr << "hetsweep run: " << g.size() << " points: " << already_done << " done, " << todo.size()
              << " to compute"
              << (kept_failed ? ", " + std::to_string(kept_failed) + " failed kept (--no-retry)" : "")
              << ", on " << ctx.size() << (ctx.size() == 1 ? " rank" : " ranks") << std::endl;

    local_worker local(g, sweep_seed, trivial);
    int workers_running = ctx.size() - 1;
    auto last_progress = std::chrono::steady_clock::now();
    const auto progress_every = std::chrono::seconds(isatty(2) ? 1 : 5);
    auto assign = [&]() -> std::optional<work_assignment> {
        auto point = sched.next();
        if (!point) return std::nullopt;
        return work_assignment{*point, ++attempts[*point]};
    };
    auto note = [&](std::uint64_t point, bool ok, const std::string& message, bool interrupted) {
        sched.finished(point, ok);
        if (!ok)
            std::cerr << "point " << point << " (" << g.describe(point) << ") failed: " << message
                      << std::endl;
        if (interrupted) sched.drain();
    };

    while (!(sched.finished_all() && workers_running == 0 && local.idle())) {
        bool progressed = false;
        if (stop_signal && !sched.draining()) {
            sched.drain();
            std::cerr << "hetsweep run: signal " << int(stop_signal)
                      << ": finishing the points in flight, then stopping" << std::endl;
        }
        if (auto o = local.take_result()) {
            record(s, *o);
            note(o->point, o->ok, o->message, false);
            progressed = true;
        }
        if (local.idle())
            if (auto job = assign()) local.start(job->point, job->attempt);
        while (auto env = ctx.try_receive()) {
            progressed = true;
            if (env->t == comm::tag::report) {
                const auto r = comm::unpack<work_report>(env->bytes);
                note(r.point, r.ok, r.message, r.interrupted);
            } else if (env->t == comm::tag::request) {
                if (comm::unpack<work_request>(env->bytes).interrupted) sched.drain();
                if (auto job = assign()) {
                    ctx.send(env->source, comm::tag::assign, comm::pack(*job));
                } else {
                    ctx.send(env->source, comm::tag::stop, {});
                    --workers_running;
                }
            }
        }
        const auto now = std::chrono::steady_clock::now();
        if (progressed && now - last_progress >= progress_every) {
            std::cerr << meter.line(sched) << std::endl;
            last_progress = now;
        }
        if (!progressed) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    std::cerr << meter.line(sched) << std::endl;
    run_totals t;
    t.done = already_done + sched.done();
    t.failed = kept_failed + sched.failed();
    t.interrupted = sched.waiting() > 0;
    return t;
}

void worker(comm::context& ctx, store::sweep_store& s, const grid& g, std::uint64_t sweep_seed,
            bool trivial) {
    evaluator eval(sweep_seed);
    for (;;) {
        ctx.send(0, comm::tag::request, comm::pack(work_request{stop_signal != 0}));
        const comm::envelope env = ctx.receive();
        if (env.t == comm::tag::stop) return;
        const auto job = comm::unpack<work_assignment>(env.bytes);
        const outcome o = compute(eval, g, job.point, job.attempt, trivial);
        record(s, o);
        ctx.send(0, comm::tag::report, comm::pack(work_report{o.point, o.ok, stop_signal != 0, o.message}));
    }
}

// Rank 0 reads the spec and looks at the store path; every rank then parses
// the same text, so a bad spec gives every rank the same error.
setup_message read_setup(const comm::context& ctx, const std::string& spec_path,
                         const std::string& store_path) {
    setup_message m;
    if (ctx.rank() == 0) {
        std::ifstream in(spec_path);
        std::stringstream text;
        text << in.rdbuf();
        namespace fs = std::filesystem;
        const fs::path parent = fs::absolute(store_path).parent_path();
        std::error_code ec;
        m.store_exists = fs::exists(store_path, ec);
        if (!in) {
            m = {false, spec_path + ": cannot read the spec file", false};
        } else if (!m.store_exists && (!fs::is_directory(parent, ec) || access(parent.c_str(), W_OK) != 0)) {
            m = {false,
                 "--store " + store_path + ": cannot create a file in " + parent.string() +
                     " (no such directory, or not writable)",
                 false};
        } else if (m.store_exists && fs::is_directory(store_path, ec)) {
            m = {false, "--store " + store_path + ": is a directory", false};
        } else {
            m.text = text.str();
        }
    }
    return comm::unpack<setup_message>(ctx.broadcast(comm::pack(m), 0));
}

// A new store appears under its name only once it is complete: it is built
// as NAME.partial and renamed, so a run killed while creating it leaves no
// half-made store behind (a stale NAME.partial is replaced next time).
void create_store(const comm::context& ctx, const std::string& path, const grid& g, const sweep_spec& spec) {
    const std::string partial = path + ".partial";
    if (ctx.rank() == 0) std::filesystem::remove(partial);
    ctx.barrier();
    try {
        store::sweep_store::create(ctx, partial, make_schema(g, spec.seed), make_provenance(spec)).close();
    } catch (const store_error&) {
        // Every rank failed alike (a full disk, a path that cannot be written): leave nothing behind.
        ctx.barrier();
        if (ctx.rank() == 0) std::filesystem::remove(partial);
        throw;
    }
    std::string error;
    if (ctx.rank() == 0) {
        std::error_code ec;
        std::filesystem::rename(partial, path, ec);
        if (ec) error = "cannot rename " + partial + " to " + path + ": " + ec.message();
    }
    error = comm::unpack<std::string>(ctx.broadcast(comm::pack(error), 0));
    if (!error.empty()) throw store_error(error);
}

int run_sweep(comm::context& ctx, const args& a) {
    const auto& words = a.positional();
    if (words.empty())
        throw config_error("usage: mpirun -n R hetsweep run SPEC --store FILE.h5 [key=value ...]");
    const auto store_path = a.option("store");
    if (!store_path)
        throw config_error("run needs --store FILE.h5 (the sweep's results file; created if missing)");
    const bool retry = !a.flag("no-retry");

    const setup_message setup = read_setup(ctx, words[0], *store_path);
    if (!setup.ok) throw config_error(setup.text);
    sweep_spec spec = parse_spec(setup.text, words[0]);
    for (std::size_t i = 1; i < words.size(); ++i) apply_override(spec, words[i]);
    spec.trivial = a.flag("trivial");
    const grid g(spec);

    // A store takes all its space when it is created (a run never needs more), so
    // a disk that is too small is found here, before any work, with the sizes.
    if (!setup.store_exists) {
        std::string error;
        if (ctx.rank() == 0) {
            struct statvfs fs {};
            const auto parent = std::filesystem::absolute(*store_path).parent_path();
            const double need = store_bytes(g);
            if (statvfs(parent.c_str(), &fs) == 0 && double(fs.f_bavail) * double(fs.f_frsize) < need)
                error = "--store " + *store_path + ": the store needs about " + human_bytes(need) + ", and " +
                        parent.string() + " has " + human_bytes(double(fs.f_bavail) * double(fs.f_frsize)) +
                        " free";
        }
        error = comm::unpack<std::string>(ctx.broadcast(comm::pack(error), 0));
        if (!error.empty()) throw config_error(error);
    }
    // Opening and creating are collective and fail alike on every rank: a clean exit, not an abort.
    auto open_or_create = [&] {
        try {
            if (!setup.store_exists) create_store(ctx, *store_path, g, spec);
            return store::sweep_store::open(ctx, *store_path);
        } catch (const store_error& e) {
            throw config_error(e.what());
        }
    };
    store::sweep_store s = open_or_create();
    const std::string mismatch =
        store_mismatch(*store_path, s, spec, g, "resume with the store's own spec, or give a new --store");
    if (!mismatch.empty()) {
        s.close();
        throw config_error(mismatch);
    }
    const char* job = std::getenv("SLURM_JOB_ID");
    const std::size_t run = s.runs().begin({utc_now(), "", "running", job ? job : "", ctx.size()});

    run_totals totals;
    if (ctx.rank() == 0)
        totals = master(ctx, s, g, spec.seed, retry, spec.trivial);
    else
        worker(ctx, s, g, spec.seed, spec.trivial);

    // Everyone agrees on the outcome before it is recorded.
    const auto shared = comm::unpack<std::vector<std::int64_t>>(ctx.broadcast(
        comm::pack(std::vector<std::int64_t>{std::int64_t(totals.done), std::int64_t(totals.failed),
                                             std::int64_t(totals.interrupted)}),
        0));
    totals = {std::size_t(shared[0]), std::size_t(shared[1]), shared[2] != 0};
    const std::string outcome = totals.interrupted ? "interrupted"
                                : totals.failed    ? "complete with failures"
                                                   : "complete";
    s.runs().end(run, utc_now(), outcome);
    if (ctx.rank() == 0) {
        std::cout << "sweep " << spec.name << ": " << totals.done << " of " << g.size() << " points done, "
                  << totals.failed << " failed (" << outcome << ")\n";
        if (totals.interrupted)
            std::cout << "interrupted: run the same command again to resume (exit code " << exit_interrupted
                      << ")\n";
        else
            std::cout << summary_table(s, g);
    }
    s.close();
    if (totals.interrupted) return exit_interrupted;
    return totals.failed ? exit_failures : exit_ok;
}

}  // namespace

int cmd_run(const std::vector<std::string>& words) {
    const args a(words, {"no-retry", "trivial"}, {"store"});
    int argc = 0;
    char** argv = nullptr;
    comm::mpi_session session(argc, argv);
    install_signal_handlers();
    auto ctx = comm::make_mpi_context();
    try {
        return run_sweep(*ctx, a);
    } catch (const config_error& e) {
        // Every rank reached the same verdict from the same input: one message, a clean exit.
        if (ctx->rank() == 0) std::cerr << "hetsweep run: " << e.what() << '\n';
        return exit_usage;
    } catch (const std::exception& e) {
        std::cerr << "rank " << ctx->rank() << ": " << e.what() << std::endl;
        comm::abort_all(exit_error);
    }
}

}  // namespace hetsweep::cli
