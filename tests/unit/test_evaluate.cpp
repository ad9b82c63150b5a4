// One grid point end to end, kept cheap (N = 20, 2 + 5 + 3 TU): the timeline,
// bit-identical reruns whatever the evaluator has cached, and the metrics.

#include <hetsweep/errors.hpp>
#include <hetsweep/model/evaluate.hpp>

#include <gtest/gtest.h>

#include <cmath>

namespace hetsweep {
namespace {

point_params small_point() {
    point_params p;
    p.N = 20;
    p.washout = 2;
    p.train = 5;
    p.test = 3;
    p.margin = 2;
    p.transient = 10;
    p.cv = 1.0;
    return p;
}

TEST(Evaluate, TimelineInSteps) {
    const timeline_steps tl = make_timeline(small_point());
    EXPECT_EQ(tl.margin, 200);
    EXPECT_EQ(tl.washout, 200);
    EXPECT_EQ(tl.train, 500);
    EXPECT_EQ(tl.test, 300);
    EXPECT_EQ(tl.total(), 1400);
    EXPECT_EQ(tl.train_from(), 400);
    EXPECT_EQ(tl.test_from(), 900);
}

TEST(Evaluate, RerunsAreBitIdentical) {
    const point_params p = small_point();
    point_params other = p;
    other.seed = 2;

    evaluator e(5);
    const point_result first = e.run(p);
    const point_result again = e.run(p);  // the cached benchmark
    ASSERT_EQ(first.r2.size(), 882);
    EXPECT_TRUE((first.r2 == again.r2).all());
    const point_result different = e.run(other);
    EXPECT_FALSE((first.r2 == different.r2).all()) << "another network seed must give another network";
    EXPECT_TRUE((e.run(p).r2 == first.r2).all()) << "after another point";
    EXPECT_TRUE((evaluator(5).run(p).r2 == first.r2).all()) << "in a fresh evaluator";
    EXPECT_FALSE((evaluator(6).run(p).r2 == first.r2).all()) << "another sweep seed";

    EXPECT_TRUE(first.r2.allFinite());
    EXPECT_LE(first.r2.maxCoeff(), 1.0);
    EXPECT_GT(first.r2.maxCoeff(), 0.5) << "the relays at least are learnable";
}

TEST(Evaluate, MetricsFollowTheirNames) {
    const point_result r = evaluator(5).run(small_point());
    const std::vector<double> m = r.metrics();
    const auto& names = metric_names();
    ASSERT_EQ(m.size(), names.size());
    const auto at = [&](const std::string& name) {
        for (std::size_t i = 0; i < names.size(); ++i)
            if (names[i] == name) return m[i];
        ADD_FAILURE() << "no metric " << name;
        return std::nan("");
    };
    EXPECT_DOUBLE_EQ(at("r2_mean"), r.r2.mean());
    EXPECT_DOUBLE_EQ(at("r2_clipped_mean"), r.r2.max(0.0).mean());
    EXPECT_DOUBLE_EQ(at("tau_mean"), r.tau.mean);
    EXPECT_DOUBLE_EQ(at("tau_std"), r.tau.std);
    EXPECT_DOUBLE_EQ(at("lambda"), r.lambda);
    EXPECT_GT(r.lambda, 0.0);
    EXPECT_GT(r.readout_flops, 0.0);
    // Empirical matching gives mean 0.3 and std 0.3 before clipping at dt,
    // which only raises values (by a few dt at most for N = 20 at cv = 1).
    EXPECT_GE(r.tau.mean, 0.3 - 1e-12);
    EXPECT_LT(r.tau.mean, 0.3 + 0.05);
    EXPECT_NEAR(r.tau.std, 0.3, 0.05);
    for (const auto& name : names) EXPECT_EQ(is_timing_metric(name), name.rfind("time_", 0) == 0) << name;
    EXPECT_TRUE(is_timing_metric("time_simulation"));
    EXPECT_FALSE(is_timing_metric("r2_mean"));
}

TEST(Evaluate, UnknownModelIsAConfigError) {
    point_params p = small_point();
    p.model = "hopfield";
    EXPECT_THROW(evaluator(5).run(p), config_error);
}

}  // namespace
}  // namespace hetsweep
