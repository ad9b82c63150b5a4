#include "master.hpp"

#include "local_worker.hpp"
#include "paired_progress.hpp"
#include "point_outcome.hpp"
#include "protocol.hpp"

#include <hetsweep/comm/pack.hpp>
#include <hetsweep/model/evaluate.hpp>
#include <hetsweep/sweep/scheduler.hpp>
#include <hetsweep/text.hpp>

#include <fcntl.h>
#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace hetsweep::engine {

namespace {

// A point that repeats another (grid::same_as) is written with it. A run killed between the two
// writes leaves the copy behind: it is filled here from the stored row, before any work. Returns how
// many points were filled; `status` is updated.
std::size_t fill_copies(store::sweep_store& s, const grid& g, std::vector<store::point_status>& status,
                        const std::vector<std::int32_t>& attempts, bool retry) {
    std::size_t filled = 0;
    std::vector<double> metrics;
    std::vector<std::string> messages;
    for (std::size_t j = 0; j < g.size(); ++j) {
        const std::size_t i = g.same_as(j);
        if (i == j || status[j] == status[i]) continue;
        if (status[i] == store::point_status::done) {
            if (metrics.empty()) metrics = s.read_metrics();
            copy_done_row(s, i, metrics, attempts[i], s, j);
        } else if (status[i] == store::point_status::failed && !retry) {
            if (messages.empty()) messages = s.read_messages();
            s.write_failed(j, messages[i], attempts[i]);
        } else {
            continue;
        }
        status[j] = status[i];
        ++filled;
    }
    return filled;
}

// The progress line: rewritten in place where a person watches (stderr a terminal, or, under
// mpirun, which hands the ranks pipes, a controlling terminal), else a plain line each time, for
// logs. HETSWEEP_PROGRESS=lines or =inplace decides instead. Other messages go on lines of their own.
class progress_display {
  public:
    progress_display() {
        const char* choice = std::getenv("HETSWEEP_PROGRESS");
        if (choice && std::string(choice) == "lines") {
            in_place_ = false;
        } else if (choice && std::string(choice) == "inplace") {
            in_place_ = true;
        } else if (isatty(2)) {
            in_place_ = true;
        } else {
            const int tty = ::open("/dev/tty", O_WRONLY | O_NOCTTY);
            in_place_ = tty >= 0;
            if (tty >= 0) ::close(tty);
        }
    }
    void progress(const std::string& line) {
        if (in_place_) {
            std::cerr << '\r' << line << "\033[K" << std::flush;
            open_ = true;
        } else {
            std::cerr << line << std::endl;
        }
    }
    void message(const std::string& text) {
        finish();
        std::cerr << text << std::endl;
    }
    void finish() {
        if (open_) std::cerr << std::endl;
        open_ = false;
    }

  private:
    bool in_place_ = false, open_ = false;
};

}  // namespace

run_summary run_master(comm::context& ctx, store::sweep_store& s, const sweep_spec& spec, const grid& g,
                       const std::vector<std::vector<std::size_t>>& batches, bool retry,
                       const stop_token& stop) {
    auto status = s.read_status();
    auto attempts = s.read_attempts();
    const auto damaged = s.damaged_done_points(status);
    for (auto i : damaged) status[i] = store::point_status::pending;  // computed and written again
    if (!damaged.empty())
        std::cerr << "hetsweep run: " << damaged.size() << " done point" << (damaged.size() == 1 ? "" : "s")
                  << " no longer match their checksum (the file was damaged): " << point_list(damaged)
                  << "; computing them again" << std::endl;
    const std::size_t filled = fill_copies(s, g, status, attempts, retry);
    std::vector<bool> to_compute(status.size(), false);
    std::size_t already_done = 0, kept_failed = 0, copies = 0, computations = 0;
    for (std::uint64_t i = 0; i < status.size(); ++i) {
        if (status[i] == store::point_status::done)
            ++already_done;
        else if (status[i] == store::point_status::failed && !retry)
            ++kept_failed;
        else if (g.same_as(i) != i)
            ++copies;  // written with the point it repeats
        else
            to_compute[i] = true;
    }
    // The spec's batches, less their points that need no computing.
    std::vector<std::vector<std::uint64_t>> todo;
    for (const auto& batch : batches) {
        std::vector<std::uint64_t> left;
        for (const auto i : batch)
            if (to_compute[i]) left.push_back(i);
        computations += left.size();
        if (!left.empty()) todo.push_back(std::move(left));
    }
    std::vector<double> cost;
    for (const auto& p : g.points()) cost.push_back(relative_cost(p));
    // Each point's benchmark (input realisation and timeline), numbered in order of first appearance.
    std::vector<std::uint64_t> benchmark;
    std::unordered_map<std::string, std::uint64_t> benchmark_ids;
    for (const auto& p : g.points()) {
        std::string key;
        for (const auto& k : param_table())
            if (shapes_benchmark(k)) key += format_value(k.get(p)) + ' ';
        benchmark.push_back(benchmark_ids.emplace(key, benchmark_ids.size()).first->second);
    }
    scheduler sched(todo, cost, benchmark);
    progress_meter meter(already_done, already_done + computations);  // counts computations
    std::cerr << "hetsweep run: " << g.size() << " points: " << already_done << " done, " << computations
              << " to compute"
              << (todo.size() < computations ? " in " + std::to_string(todo.size()) + " batches" : "")
              << (copies ? " (" + std::to_string(copies) + " more repeat one of them)" : "")
              << (kept_failed ? ", " + std::to_string(kept_failed) + " failed kept (--no-retry)" : "")
              << (filled ? ", " + std::to_string(filled) + " copied from the point they repeat" : "")
              << ", on " << ctx.size() << (ctx.size() == 1 ? " rank" : " ranks") << std::endl;

    const std::size_t ranks = std::size_t(ctx.size());
    if (todo.size() < computations && todo.size() < 2 * ranks && computations >= 2 * ranks)
        std::cerr << "hetsweep run: " << todo.size() << " batches for " << ranks
                  << " ranks leave ranks idle at the end: a smaller sweep.batch (now " << spec.batch
                  << ") spreads the work more evenly" << std::endl;

    // The headline paired difference so far, from the stored scores and each new one.
    paired_progress paired(g);
    if (already_done) {
        const auto names = s.metric_names();
        const auto column = std::find(names.begin(), names.end(), "r2_clipped_mean") - names.begin();
        if (std::size_t(column) < names.size()) {
            const auto metrics = s.read_metrics();
            for (std::size_t i = 0; i < status.size(); ++i)
                if (status[i] == store::point_status::done)
                    paired.done(i, metrics[i * names.size() + std::size_t(column)]);
        }
    }
    progress_display display;

    local_worker local(g, spec.seed, spec.trivial, spec.synthetic_seconds);
    using clock = std::chrono::steady_clock;
    const auto loop_start = clock::now();
    double busy = 0;
    std::size_t messages = 0;
    int workers_running = ctx.size() - 1;
    auto last_progress = std::chrono::steady_clock::now();
    const auto progress_every = std::chrono::seconds(1);
    auto assign = [&]() -> std::optional<work_assignment> {
        auto batch = sched.next();
        if (!batch) return std::nullopt;
        work_assignment job;
        for (const auto point : *batch) job.attempts.push_back(++attempts[point]);
        job.points = std::move(*batch);
        return job;
    };
    auto note = [&](std::uint64_t point, bool ok, const std::string& message, double score,
                    bool interrupted) {
        sched.finished(point, ok);
        const auto now = ok ? store::point_status::done : store::point_status::failed;
        status[point] = now;
        for (std::size_t copy : g.copies(point)) status[copy] = now;
        if (ok) paired.done(point, score);
        if (!ok)
            display.message("point " + std::to_string(point) + " (" + g.describe(point) +
                            ") failed: " + message);
        if (interrupted) sched.drain();
    };

    while (!(sched.finished_all() && workers_running == 0 && local.idle())) {
        const auto iteration_start = clock::now();
        bool progressed = false;
        if (stop.signal() && !sched.draining()) {
            sched.drain();
            display.message("hetsweep run: signal " + std::to_string(stop.signal()) +
                            ": finishing the points in flight, then stopping");
        }
        if (auto outcomes = local.take_result()) {
            for (const auto& o : *outcomes) {
                record(s, g, o);
                note(o.point, o.ok, o.message, o.ok ? o.result.r2.max(0.0).mean() : 0.0, false);
            }
            progressed = true;
        }
        if (local.idle())
            if (auto job = assign()) local.start(*job);
        while (auto env = ctx.try_receive()) {
            progressed = true;
            ++messages;
            if (tag_of(*env) == tag::report) {
                const auto r = comm::unpack<work_report>(env->bytes);
                for (const auto& p : r.points) note(p.point, p.ok, p.message, p.score, r.interrupted);
            } else if (tag_of(*env) == tag::request) {
                if (comm::unpack<work_request>(env->bytes).interrupted) sched.drain();
                if (auto job = assign()) {
                    send(ctx, env->source, tag::assign, comm::pack(*job));
                } else {
                    send(ctx, env->source, tag::stop, {});
                    --workers_running;
                }
            }
        }
        const auto now = std::chrono::steady_clock::now();
        if (progressed && now - last_progress >= progress_every) {
            display.progress(meter.line(sched) + paired.text());
            last_progress = now;
        }
        if (progressed)
            busy += std::chrono::duration<double>(clock::now() - iteration_start).count();
        else
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    display.progress(meter.line(sched) + paired.text());
    display.finish();
    run_summary totals;
    totals.points = g.size();
    totals.done = std::size_t(std::count(status.begin(), status.end(), store::point_status::done));
    totals.failed = std::size_t(std::count(status.begin(), status.end(), store::point_status::failed));
    totals.interrupted = sched.waiting() > 0;
    totals.master_seconds = std::chrono::duration<double>(clock::now() - loop_start).count();
    totals.master_busy_seconds = busy;
    totals.master_messages = messages;
    return totals;
}

}  // namespace hetsweep::engine
