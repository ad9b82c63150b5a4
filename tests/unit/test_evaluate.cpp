// One grid point end to end, kept cheap (N = 20, 2 + 5 + 3 TU): the timeline,
// bit-identical reruns whatever the evaluator has cached, and the metrics.

#include <hetsweep/errors.hpp>
#include <hetsweep/model/evaluate.hpp>

#include <gtest/gtest.h>

#include "unit/small_point.hpp"

#include <cmath>
#include <string>
#include <utility>
#include <vector>

namespace hetsweep {
namespace {

using test::small_point;

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
    point_params larger = p;  // the evaluator keeps its state matrices and the targets' sums per fold count
    larger.N = 30;
    larger.folds = 4;
    e.run(larger);
    EXPECT_TRUE((e.run(p).r2 == first.r2).all()) << "after a point of another size and fold count";
    EXPECT_TRUE((evaluator(5).run(p).r2 == first.r2).all()) << "in a fresh evaluator";
    EXPECT_FALSE((evaluator(6).run(p).r2 == first.r2).all()) << "another sweep seed";

    EXPECT_TRUE(first.r2.allFinite());
    EXPECT_LE(first.r2.maxCoeff(), 1.0);
    EXPECT_GT(first.r2.maxCoeff(), 0.5) << "the relays at least are learnable";
}

// The readout's ridge is chosen on the training window alone: a point whose test window is longer
// (more samples after the training window; the same network, input and noise before it) chooses
// the same factor for every task, bit for bit, while its test scores differ.
TEST(Evaluate, TheTestWindowDoesNotMoveTheChosenRidge) {
    const point_params p = small_point();
    point_params longer = p;
    longer.test = 6;
    evaluator e(5);
    const point_result a = e.run(p), b = e.run(longer);
    ASSERT_EQ(a.ridge_factor.size(), 882);
    EXPECT_TRUE((a.ridge_factor == b.ridge_factor).all());
    EXPECT_GT((a.ridge_factor != a.ridge_factor(0)).count(), 0) << "the choice varies over the tasks";
    EXPECT_FALSE((a.r2 == b.r2).all()) << "the test windows differ";
}

TEST(Evaluate, UnknownModelIsAConfigError) {
    point_params p = small_point();
    p.model = "hopfield";
    EXPECT_THROW(evaluator(5).run(p), config_error);
}

// A batch gives each member what run() gives it alone, bit for bit (rate: simulated together;
// lif: one after the other), whatever the order of the members; only the times differ.
TEST(Evaluate, BatchMembersMatchRunsAlone) {
    for (const char* model : {"rate", "lif"}) {
        std::vector<point_params> ps;
        for (const auto& [profile, cv] : std::vector<std::pair<const char*, double>>{
                 {"lognormal", 0.0}, {"lognormal", 1.0}, {"gamma", 1.5}, {"uniform", 0.5}}) {
            point_params p = small_point(cv);
            p.model = model;
            p.profile = profile;
            ps.push_back(p);
        }
        evaluator batch(5), alone(5);
        const auto out = batch.run_batch(ps);
        const auto reversed = evaluator(5).run_batch({ps[3], ps[2], ps[1], ps[0]});
        ASSERT_EQ(out.size(), ps.size());
        for (std::size_t g = 0; g < ps.size(); ++g) {
            ASSERT_TRUE(out[g].ok) << model << " member " << g << ": " << out[g].message;
            const point_result one = alone.run(ps[g]);
            const point_result& got = out[g].result;
            EXPECT_TRUE((got.r2 == one.r2).all()) << model << " member " << g;
            EXPECT_TRUE((got.alignment == one.alignment).all()) << model << " member " << g;
            EXPECT_TRUE((got.ridge_factor == one.ridge_factor).all()) << model << " member " << g;
            EXPECT_EQ(got.tau.mean, one.tau.mean);
            EXPECT_EQ(got.tau.std, one.tau.std);
            EXPECT_EQ(got.participation_ratio, one.participation_ratio);
            EXPECT_EQ(got.flops_per_step, one.flops_per_step);
            EXPECT_TRUE((reversed[3 - g].result.r2 == one.r2).all())
                << model << " member " << g << ", reversed";
        }
        EXPECT_FALSE((out[0].result.r2 == out[1].result.r2).all()) << "the members are different networks";
    }
}

// A batch may hold one network only: points that differ in a key outside [tau] all fail, named.
TEST(Evaluate, BatchOfDifferentNetworksFails) {
    point_params a = small_point(), b = small_point();
    b.seed = 2;
    const auto out = evaluator(5).run_batch({a, b});
    for (const auto& o : out) {
        EXPECT_FALSE(o.ok);
        EXPECT_NE(o.message.find("different networks"), std::string::npos) << o.message;
    }
}

}  // namespace
}  // namespace hetsweep
