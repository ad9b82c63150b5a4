// engine::run_sweep on every rank of the MPI context: the master on rank 0
// with its compute thread, the workers, the message protocol and the store
// written by all ranks. tests/unit/test_engine.cpp runs it on one rank
// without MPI.

#include "mpi/mpi_test_env.hpp"
#include "unit/engine_check.hpp"

#include <hetsweep/engine/run_sweep.hpp>
#include <hetsweep/store/sweep_store.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <string>

namespace hetsweep {
namespace {

using test::world;

sweep_spec tiny_spec() {
    return parse_spec(test::tiny_engine_spec, "engine.toml");
}

engine::run_options options_for(const std::string& name) {
    engine::run_options o;
    o.store_path = test::scratch_file(name);
    return o;
}

TEST(engine, every_rank_computes_into_one_store_as_a_direct_evaluation_does) {
    auto& ctx = world();
    const sweep_spec spec = tiny_spec();
    const auto o = options_for("engine_complete.h5");
    const auto r = engine::run_sweep(ctx, spec, o, {});
    EXPECT_EQ(r.points, 4u);
    EXPECT_EQ(r.done, 4u);
    EXPECT_EQ(r.failed, 0u);
    EXPECT_FALSE(r.interrupted);
    EXPECT_EQ(r.outcome, "complete");
    if (ctx.rank() == 0) {
        test::expect_store_equals_direct_evaluation(o.store_path, spec);
        const auto runs = store::sweep_store::open_read_only(o.store_path).runs().list();
        ASSERT_EQ(runs.size(), 1u);
        EXPECT_EQ(runs[0].ranks, ctx.size());
        EXPECT_EQ(runs[0].outcome, "complete");
    }
    ctx.barrier();

    // Nothing is left to do: every rank is told so at once and nothing is computed again.
    const auto again = engine::run_sweep(ctx, spec, o, {});
    EXPECT_EQ(again.done, 4u);
    EXPECT_EQ(again.outcome, "complete");
    if (ctx.rank() == 0) {
        const auto attempts = store::sweep_store::open_read_only(o.store_path).read_attempts();
        EXPECT_EQ(attempts, std::vector<std::int32_t>(4, 1));
    }
    ctx.barrier();
}

// The stop reaches rank 0 in the last rank's first request (on one rank, it is rank 0's own). Points
// of about 50 ms each keep the run going far longer than that message takes to arrive.
TEST(engine, a_stop_raised_on_the_last_rank_stops_every_rank) {
    auto& ctx = world();
    sweep_spec spec = tiny_spec();
    apply_override(spec, "network.N=150");
    apply_override(spec, "network.seed=[1, 2, 3, 4, 5, 6]");
    apply_override(spec, "tau.cv=[0.0, 0.25, 0.5, 0.75]");
    const auto o = options_for("engine_stopped.h5");
    volatile std::sig_atomic_t flag = ctx.rank() == ctx.size() - 1 ? SIGUSR1 : 0;
    const auto r = engine::run_sweep(ctx, spec, o, engine::stop_token(&flag));
    EXPECT_EQ(r.points, 24u);
    EXPECT_TRUE(r.interrupted);
    EXPECT_EQ(r.outcome, "interrupted");
    EXPECT_LT(r.done, r.points);
    EXPECT_EQ(r.failed, 0u);
    if (ctx.rank() == 0) {
        const auto s = store::sweep_store::open_read_only(o.store_path);
        const auto status = s.read_status();
        EXPECT_EQ(std::size_t(std::count(status.begin(), status.end(), store::point_status::done)), r.done);
        EXPECT_EQ(std::size_t(std::count(status.begin(), status.end(), store::point_status::pending)),
                  r.points - r.done);
        EXPECT_EQ(s.runs().list().at(0).outcome, "interrupted");
    }
    ctx.barrier();
}

}  // namespace
}  // namespace hetsweep
