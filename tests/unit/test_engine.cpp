// engine::run_sweep in-process on the serial context: the master loop, rank
// 0's compute thread, the store setup and the stop token, without MPI or the
// binary. tests/mpi/engine_test.cpp runs the same on several ranks.

#include "unit/engine_check.hpp"

#include <hetsweep/comm/context.hpp>
#include <hetsweep/engine/read_spec.hpp>
#include <hetsweep/engine/run_sweep.hpp>
#include <hetsweep/errors.hpp>
#include <hetsweep/store/sweep_store.hpp>

#include <gtest/gtest.h>

#include <unistd.h>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace hetsweep {
namespace {

namespace fs = std::filesystem;

class engine_run : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("hetsweep_test_engine." + std::to_string(getpid()) + "." +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::string store_path() const { return (dir_ / "sweep.h5").string(); }
    engine::run_options options() const {
        engine::run_options o;
        o.store_path = store_path();
        o.job_id = "4242";
        return o;
    }
    static sweep_spec tiny_spec() { return parse_spec(test::tiny_engine_spec, "engine.toml"); }
    engine::run_summary run(const sweep_spec& spec, const engine::stop_token& stop = {}) {
        return engine::run_sweep(*ctx_, spec, options(), stop);
    }
    store::sweep_store open() const { return store::sweep_store::open_read_only(store_path()); }

    std::unique_ptr<comm::context> ctx_ = comm::make_serial_context();
    fs::path dir_;
};

TEST_F(engine_run, computes_every_point_as_a_direct_evaluation_does) {
    const sweep_spec spec = tiny_spec();
    const auto r = run(spec);
    EXPECT_EQ(r.points, 4u);
    EXPECT_EQ(r.done, 4u);
    EXPECT_EQ(r.failed, 0u);
    EXPECT_FALSE(r.interrupted);
    EXPECT_EQ(r.outcome, "complete");
    test::expect_store_equals_direct_evaluation(store_path(), spec);

    const auto s = open();
    EXPECT_EQ(s.read_attempts(), std::vector<std::int32_t>(4, 1));
    EXPECT_EQ(s.info().spec_hash, spec.hash());
    const auto runs = s.runs().list();
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].outcome, "complete");
    EXPECT_EQ(runs[0].slurm_job_id, "4242");
    EXPECT_EQ(runs[0].ranks, 1);
    EXPECT_FALSE(runs[0].end_time.empty());
    EXPECT_FALSE(fs::exists(store_path() + ".partial"));
}

TEST_F(engine_run, a_second_run_on_a_complete_store_computes_nothing) {
    const sweep_spec spec = tiny_spec();
    run(spec);
    const auto before = open().read_per_task("scores", 0, 4);
    const auto r = run(spec);
    EXPECT_EQ(r.done, 4u);
    EXPECT_FALSE(r.interrupted);
    EXPECT_EQ(r.outcome, "complete");
    const auto s = open();
    EXPECT_EQ(s.read_attempts(), std::vector<std::int32_t>(4, 1)) << "a point was computed again";
    const auto after = s.read_per_task("scores", 0, 4);
    ASSERT_EQ(after.size(), before.size());
    EXPECT_TRUE(test::same_bits(after.data(), before.data(), after.size()));
    ASSERT_EQ(s.runs().list().size(), 2u);
    EXPECT_EQ(s.runs().list()[1].outcome, "complete");
}

TEST_F(engine_run, a_stop_raised_before_the_start_leaves_every_point_pending_until_resumed) {
    const sweep_spec spec = tiny_spec();
    volatile std::sig_atomic_t flag = SIGTERM;
    const engine::stop_token stop(&flag);
    EXPECT_EQ(stop.signal(), SIGTERM);
    const auto r = run(spec, stop);
    EXPECT_TRUE(r.interrupted);
    EXPECT_EQ(r.outcome, "interrupted");
    EXPECT_EQ(r.done, 0u);
    EXPECT_EQ(r.failed, 0u);
    {
        const auto s = open();
        EXPECT_EQ(s.read_status(), std::vector<store::point_status>(4, store::point_status::pending));
        EXPECT_EQ(s.read_attempts(), std::vector<std::int32_t>(4, 0));
        ASSERT_EQ(s.runs().list().size(), 1u);
        EXPECT_EQ(s.runs().list()[0].outcome, "interrupted");
    }

    flag = 0;
    const auto resumed = run(spec, stop);
    EXPECT_FALSE(resumed.interrupted);
    EXPECT_EQ(resumed.done, 4u);
    test::expect_store_equals_direct_evaluation(store_path(), spec);
}

TEST_F(engine_run, a_default_stop_token_never_stops) {
    EXPECT_EQ(engine::stop_token().signal(), 0);
}

TEST_F(engine_run, a_trivial_sweep_completes_with_zero_scores) {
    sweep_spec spec = tiny_spec();
    spec.trivial = true;
    const auto r = run(spec);
    EXPECT_EQ(r.done, 4u);
    EXPECT_EQ(r.outcome, "complete");
    const auto s = open();
    EXPECT_EQ(s.read_status(), std::vector<store::point_status>(4, store::point_status::done));
    EXPECT_EQ(s.read_per_task("scores", 0, 4), std::vector<double>(4 * s.n_tasks(), 0.0));
}

TEST_F(engine_run, a_store_of_another_spec_is_refused_and_left_alone) {
    run(tiny_spec());
    sweep_spec other = tiny_spec();
    apply_override(other, "network.N=30");
    try {
        run(other);
        ADD_FAILURE() << "run_sweep accepted a store of another spec";
    } catch (const config_error& e) {
        EXPECT_NE(std::string(e.what()).find("belongs to another spec"), std::string::npos) << e.what();
    }
    EXPECT_EQ(open().runs().list().size(), 1u);
}

TEST_F(engine_run, a_directory_at_the_store_path_is_refused) {
    fs::create_directories(store_path());
    try {
        run(tiny_spec());
        ADD_FAILURE() << "run_sweep accepted a directory as its store";
    } catch (const config_error& e) {
        EXPECT_EQ(std::string(e.what()), "--store " + store_path() + ": is a directory");
    }
}

TEST_F(engine_run, read_spec_parses_the_file_and_checks_the_store_path_first) {
    const std::string spec_path = (dir_ / "tiny.toml").string();
    std::ofstream(spec_path) << test::tiny_engine_spec;
    const sweep_spec spec = engine::read_spec(*ctx_, spec_path, store_path());
    EXPECT_EQ(spec.hash(), tiny_spec().hash());
    EXPECT_EQ(spec.origin, spec_path);

    const std::string missing = (dir_ / "missing.toml").string();
    try {
        engine::read_spec(*ctx_, missing, store_path());
        ADD_FAILURE() << "read a spec that does not exist";
    } catch (const config_error& e) {
        EXPECT_EQ(std::string(e.what()), missing + ": cannot read the spec file (No such file or directory)");
    }
    // A folder is not a spec (it used to read as an empty one).
    try {
        engine::read_spec(*ctx_, dir_.string(), store_path());
        ADD_FAILURE() << "read a folder as a spec";
    } catch (const config_error& e) {
        EXPECT_EQ(std::string(e.what()), dir_.string() + ": not a regular file (a spec is a TOML file)");
    }

    const std::string nowhere = (dir_ / "no" / "such" / "store.h5").string();
    try {
        engine::read_spec(*ctx_, spec_path, nowhere);
        ADD_FAILURE() << "accepted a store in a directory that does not exist";
    } catch (const config_error& e) {
        EXPECT_EQ(std::string(e.what()), "--store " + nowhere + ": cannot create a file in " +
                                             (dir_ / "no" / "such").string() +
                                             " (no such directory, or not writable)");
    }
}

}  // namespace
}  // namespace hetsweep
