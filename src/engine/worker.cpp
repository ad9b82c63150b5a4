#include "worker.hpp"

#include "point_outcome.hpp"
#include "protocol.hpp"

#include <hetsweep/comm/pack.hpp>
#include <hetsweep/model/evaluate.hpp>

namespace hetsweep::engine {

void run_worker(comm::context& ctx, store::sweep_store& s, const sweep_spec& spec, const grid& g,
                const stop_token& stop) {
    evaluator eval(spec.seed);
    for (;;) {
        send(ctx, 0, tag::request, comm::pack(work_request{stop.signal() != 0}));
        const comm::envelope env = ctx.receive();
        if (tag_of(env) == tag::stop) return;
        const auto job = comm::unpack<work_assignment>(env.bytes);
        work_report report;
        for (const point_outcome& o :
             compute(eval, g, job.points, job.attempts, spec.trivial, spec.synthetic_seconds)) {
            record(s, g, o);
            report.points.push_back({o.point, o.ok, o.message, o.ok ? o.result.r2.max(0.0).mean() : 0.0});
        }
        report.interrupted = stop.signal() != 0;
        send(ctx, 0, tag::report, comm::pack(report));
    }
}

}  // namespace hetsweep::engine
