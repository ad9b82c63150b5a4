// The outputs table: every output has a unique name and one getter of its shape, the per-point
// values follow their names, and the store-order helpers agree with the table.

#include <hetsweep/model/evaluate.hpp>
#include <hetsweep/model/outputs.hpp>

#include <gtest/gtest.h>

#include "unit/small_point.hpp"

#include <cmath>
#include <map>
#include <set>
#include <stdexcept>

namespace hetsweep {
namespace {

using test::small_point;

TEST(Outputs, NamesAreUniqueAndEachHasTheGetterOfItsShape) {
    std::set<std::string> names;
    for (const auto& o : outputs()) {
        EXPECT_TRUE(names.insert(o.name).second) << o.name << " appears twice";
        EXPECT_EQ(o.scalar != nullptr, o.shape == output_shape::per_point) << o.name;
        EXPECT_EQ(o.row != nullptr, o.shape == output_shape::per_task) << o.name;
        EXPECT_EQ(o.timing, std::string(o.name).rfind("time_", 0) == 0) << o.name;
    }
    ASSERT_FALSE(output_names(output_shape::per_task).empty());
    EXPECT_EQ(output_names(output_shape::per_task).front(), "scores") << "the store needs /scores first";
}

TEST(Outputs, ValuesFollowTheirNames) {
    const point_result r = evaluator(5).run(small_point());
    const auto names = output_names(output_shape::per_point);
    const std::vector<double> values = metric_values(r, names);
    ASSERT_EQ(values.size(), names.size());
    const auto at = [&](const std::string& name) {
        for (std::size_t i = 0; i < names.size(); ++i)
            if (names[i] == name) return values[i];
        ADD_FAILURE() << "no metric " << name;
        return std::nan("");
    };
    EXPECT_DOUBLE_EQ(at("r2_mean"), r.r2.mean());
    EXPECT_DOUBLE_EQ(at("r2_clipped_mean"), r.r2.max(0.0).mean());
    EXPECT_DOUBLE_EQ(at("tau_mean"), r.tau.mean);
    EXPECT_DOUBLE_EQ(at("tau_std"), r.tau.std);
    // Per-task selection (the default) leaves no single lambda: NaN, stored as NaN.
    EXPECT_TRUE(std::isnan(r.lambda) ? std::isnan(at("lambda")) : at("lambda") == r.lambda);
    EXPECT_DOUBLE_EQ(at("alignment_mean"), r.alignment.mean());
    EXPECT_TRUE(std::isnan(at("rate_mean"))) << "a rate network has no firing rate";
    EXPECT_GT(at("ridge_chosen"), 0.0);
    // Empirical matching gives mean 0.3 and std 0.3 before clipping at dt,
    // which only raises values (by a few dt at most for N = 20 at cv = 1).
    EXPECT_GE(r.tau.mean, 0.3 - 1e-12);
    EXPECT_LT(r.tau.mean, 0.3 + 0.05);
    EXPECT_NEAR(r.tau.std, 0.3, 0.05);

    const auto rows = per_task_rows(r, output_names(output_shape::per_task));
    ASSERT_EQ(rows.size(), output_names(output_shape::per_task).size());
    EXPECT_EQ(rows[0], r.r2.data());
    EXPECT_EQ(rows[1], r.alignment.data());
    // A store of an older build lists fewer outputs, in its own order.
    const auto older = per_task_rows(r, {"alignment", "scores"});
    ASSERT_EQ(older.size(), 2u);
    EXPECT_EQ(older[0], r.alignment.data());
    EXPECT_EQ(older[1], r.r2.data());
    EXPECT_EQ(metric_values(r, {"tau_mean", "r2_mean"}), (std::vector<double>{r.tau.mean, r.r2.mean()}));
    EXPECT_THROW(metric_values(r, {"no_such_metric"}), std::logic_error);
    EXPECT_EQ(find_output("scores", output_shape::per_point), nullptr) << "scores is per task";
}

TEST(Outputs, TrivialPointsScoreZeroOnEveryTask) {
    const point_result r = trivial_result(882);
    for (const auto* row : per_task_rows(r, output_names(output_shape::per_task)))
        for (int t = 0; t < 882; ++t) ASSERT_EQ(row[t], 0.0);
    EXPECT_EQ(metric_values(r, {"r2_mean"})[0], 0.0);
}

}  // namespace
}  // namespace hetsweep
