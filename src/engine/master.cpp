#include "master.hpp"

#include "local_worker.hpp"
#include "point_outcome.hpp"
#include "protocol.hpp"

#include <hetsweep/comm/pack.hpp>
#include <hetsweep/model/evaluate.hpp>
#include <hetsweep/sweep/scheduler.hpp>

#include <unistd.h>
#include <chrono>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace hetsweep::engine {

run_summary run_master(comm::context& ctx, store::sweep_store& s, const sweep_spec& spec, const grid& g,
                       bool retry, const stop_token& stop) {
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

    local_worker local(g, spec.seed, spec.trivial);
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
        if (stop.signal() && !sched.draining()) {
            sched.drain();
            std::cerr << "hetsweep run: signal " << stop.signal()
                      << ": finishing the points in flight, then stopping" << std::endl;
        }
        if (auto o = local.take_result()) {
            record(s, *o);
            note(o->point, o->ok, o->message, false);
            progressed = true;
        }
        if (local.idle())
            if (auto job = assign()) local.start(*job);
        while (auto env = ctx.try_receive()) {
            progressed = true;
            if (tag_of(*env) == tag::report) {
                const auto r = comm::unpack<work_report>(env->bytes);
                note(r.point, r.ok, r.message, r.interrupted);
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
            std::cerr << meter.line(sched) << std::endl;
            last_progress = now;
        }
        if (!progressed) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    std::cerr << meter.line(sched) << std::endl;
    run_summary totals;
    totals.points = g.size();
    totals.done = already_done + sched.done();
    totals.failed = kept_failed + sched.failed();
    totals.interrupted = sched.waiting() > 0;
    return totals;
}

}  // namespace hetsweep::engine
