// One grid point end to end, kept cheap (N = 20, 2 + 5 + 3 TU): the timeline,
// bit-identical reruns whatever the evaluator has cached, and the metrics.

#include <hetsweep/errors.hpp>
#include <hetsweep/model/evaluate.hpp>

#include <gtest/gtest.h>

#include "unit/small_point.hpp"

#include <cmath>

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
    EXPECT_TRUE((evaluator(5).run(p).r2 == first.r2).all()) << "in a fresh evaluator";
    EXPECT_FALSE((evaluator(6).run(p).r2 == first.r2).all()) << "another sweep seed";

    EXPECT_TRUE(first.r2.allFinite());
    EXPECT_LE(first.r2.maxCoeff(), 1.0);
    EXPECT_GT(first.r2.maxCoeff(), 0.5) << "the relays at least are learnable";
}

TEST(Evaluate, UnknownModelIsAConfigError) {
    point_params p = small_point();
    p.model = "hopfield";
    EXPECT_THROW(evaluator(5).run(p), config_error);
}

}  // namespace
}  // namespace hetsweep
