// Per-point values and the rows of an answer on small hand-built stores whose means, spreads and
// 95% intervals are worked out by hand; the blocked reads of the score matrix; NaN scores.

#include <hetsweep/errors.hpp>
#include <hetsweep/query/summary.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace hetsweep {
namespace {

using query::column;
using query::statistic;

const double nan = std::numeric_limits<double>::quiet_NaN();

// A score matrix held in memory, which remembers the blocks it was asked for.
struct matrix {
    std::size_t n_tasks = 0;
    std::vector<double> values;  // row-major
    std::vector<std::pair<std::uint64_t, std::uint64_t>> reads;

    query::row_reader reader() {
        return [this](std::uint64_t first, std::uint64_t count) {
            reads.emplace_back(first, count);
            return std::vector<double>(values.begin() + std::ptrdiff_t(first * n_tasks),
                                       values.begin() + std::ptrdiff_t((first + count) * n_tasks));
        };
    }
};

//  point  g  status   scores (tiers 0, 0, 1)
//  0      a  done     0.2  0.4  -0.3
//  1      a  done     0.5  0.7   0.3
//  2      b  done     0.1  NaN   0.3
//  3      b  pending  NaN  NaN   NaN
query::table four_points() {
    query::table t;
    t.n_points = 4;
    t.n_tasks = 3;
    t.grid = {{"g", value_kind::text, {}, {"a", "a", "b", "b"}}};
    t.tasks = {{"tier", value_kind::integer, {0, 0, 1}, {}}};
    t.status = {1, 1, 1, 0};
    return t;
}

matrix four_scores() {
    return {3, {0.2, 0.4, -0.3, 0.5, 0.7, 0.3, 0.1, nan, 0.3, nan, nan, nan}, {}};
}

query::request request(std::vector<std::string> by, std::vector<statistic> stats, bool clip = true,
                       std::vector<std::string> where = {}) {
    query::request r;
    r.by = std::move(by);
    r.stats = std::move(stats);
    r.clip = clip;
    for (const auto& w : where) r.where.push_back(query::parse_condition("--where", w));
    return r;
}

TEST(QuerySummary, PerPointMeansOverAllTasks) {
    matrix m = four_scores();
    const query::plan clipped = query::make_plan(four_points(), request({}, {statistic::mean}));
    const auto v = query::per_point_scores(clipped, m.reader());
    ASSERT_EQ(v.values.size(), 4u);
    EXPECT_DOUBLE_EQ(v.values[0], 0.2);  // (0.2 + 0.4 + 0) / 3: -0.3 clipped to 0
    EXPECT_DOUBLE_EQ(v.values[1], 0.5);
    EXPECT_DOUBLE_EQ(v.values[2], 0.2);    // (0.1 + 0.3) / 2: the NaN left out
    EXPECT_TRUE(std::isnan(v.values[3]));  // pending
    EXPECT_EQ(v.non_finite, 1u);
    const query::plan raw = query::make_plan(four_points(), request({}, {statistic::mean}, false));
    const auto r = query::per_point_scores(raw, m.reader());
    EXPECT_DOUBLE_EQ(r.values[0], 0.1);  // (0.2 + 0.4 - 0.3) / 3
    EXPECT_DOUBLE_EQ(r.values[2], 0.2);
}

TEST(QuerySummary, PerPointMeansPerTaskGroup) {
    matrix m = four_scores();
    const query::plan p = query::make_plan(four_points(), request({"tier"}, {statistic::mean}));
    const auto v = query::per_point_scores(p, m.reader());
    // Row-major: point x (tier 0, tier 1).
    const std::vector<double> want{0.3, 0, 0.6, 0.3, 0.1, 0.3};
    ASSERT_EQ(v.values.size(), 8u);
    for (std::size_t i = 0; i < want.size(); ++i) EXPECT_DOUBLE_EQ(v.values[i], want[i]) << i;
    EXPECT_TRUE(std::isnan(v.values[6]) && std::isnan(v.values[7]));
    EXPECT_EQ(v.non_finite, 1u);
}

TEST(QuerySummary, StatisticsAcrossPoints) {
    matrix m = four_scores();
    const query::plan p = query::make_plan(
        four_points(),
        request({"g"}, {statistic::mean, statistic::sd, statistic::sem, statistic::ci95, statistic::median}));
    const query::result r = query::summarise_points(p, query::per_point_scores(p, m.reader()));
    ASSERT_EQ(r.rows.size(), 2u);
    EXPECT_EQ(r.non_finite, 1u);
    // a: the points' means 0.2 and 0.5: mean and median 0.35, sd 0.3 / sqrt(2), sem 0.15, ci95
    // t(0.975, 1) * 0.15.
    const query::row& a = r.rows[0];
    EXPECT_EQ(a.level, (std::vector<std::uint32_t>{0}));
    EXPECT_NEAR(a.stats[0], 0.35, 1e-15);
    EXPECT_NEAR(a.stats[1], 0.3 / std::sqrt(2.0), 1e-15);
    EXPECT_NEAR(a.stats[2], 0.15, 1e-15);
    EXPECT_NEAR(a.stats[3], 12.7062047361747 * 0.15, 1e-13);
    EXPECT_NEAR(a.stats[4], 0.35, 1e-15);
    EXPECT_EQ(a.points, 2u);
    EXPECT_EQ(a.points_total, 2u);
    EXPECT_EQ(a.tasks, 3u);
    EXPECT_EQ(a.n, 2u);
    // b: one done point of two; no spread of one value.
    const query::row& b = r.rows[1];
    EXPECT_DOUBLE_EQ(b.stats[0], 0.2);
    EXPECT_DOUBLE_EQ(b.stats[4], 0.2);
    EXPECT_TRUE(std::isnan(b.stats[1]) && std::isnan(b.stats[2]) && std::isnan(b.stats[3]));
    EXPECT_EQ(b.points, 1u);
    EXPECT_EQ(b.points_total, 2u);
}

TEST(QuerySummary, RowsOfGridAndTaskLevelsInLevelOrder) {
    matrix m = four_scores();
    const query::plan p =
        query::make_plan(four_points(), request({"g", "tier"}, {statistic::mean, statistic::n}));
    const query::result r = query::summarise_points(p, query::per_point_scores(p, m.reader()));
    ASSERT_EQ(r.rows.size(), 4u);
    const std::vector<std::vector<std::uint32_t>> levels{{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    const std::vector<double> means{0.45, 0.15, 0.1, 0.3};  // (0.3 + 0.6) / 2, (0 + 0.3) / 2, 0.1, 0.3
    const std::vector<std::size_t> tasks{2, 1, 2, 1};
    for (std::size_t i = 0; i < 4; ++i) {
        EXPECT_EQ(r.rows[i].level, levels[i]) << i;
        EXPECT_NEAR(r.rows[i].stats[0], means[i], 1e-15) << i;
        EXPECT_EQ(r.rows[i].stats[1], i < 2 ? 2 : 1) << i;
        EXPECT_EQ(r.rows[i].tasks, tasks[i]) << i;
    }
}

TEST(QuerySummary, StatisticsAcrossEveryPointAndTask) {
    matrix m = four_scores();
    const std::vector<statistic> stats{statistic::mean, statistic::sd,  statistic::median,
                                       statistic::min,  statistic::max, statistic::n};
    const query::plan p = query::make_plan(four_points(), request({"g"}, stats));
    const query::result r = query::summarise_tasks(p, m.reader());
    ASSERT_EQ(r.rows.size(), 2u);
    // a: 0.2, 0.4, 0, 0.5, 0.7, 0.3: mean 0.35, squared deviations 0.295, median (0.3 + 0.4) / 2.
    const auto& a = r.rows[0].stats;
    EXPECT_NEAR(a[0], 0.35, 1e-15);
    EXPECT_NEAR(a[1], std::sqrt(0.295 / 5), 1e-15);
    EXPECT_NEAR(a[2], 0.35, 1e-15);
    EXPECT_EQ(a[3], 0);
    EXPECT_EQ(a[4], 0.7);
    EXPECT_EQ(a[5], 6);
    EXPECT_EQ(r.rows[0].points, 2u);
    // b: 0.1 and 0.3, the NaN left out and counted.
    const auto& b = r.rows[1].stats;
    EXPECT_NEAR(b[0], 0.2, 1e-15);
    EXPECT_NEAR(b[1], 0.2 / std::sqrt(2.0), 1e-15);
    EXPECT_EQ(b[5], 2);
    EXPECT_EQ(r.non_finite, 1u);
    EXPECT_EQ(r.rows[1].points, 1u);
    EXPECT_EQ(r.rows[1].points_total, 2u);
    // Raw scores keep the negative one.
    const query::plan raw = query::make_plan(four_points(), request({"g"}, stats, false));
    const query::result rr = query::summarise_tasks(raw, m.reader());
    EXPECT_NEAR(rr.rows[0].stats[0], 0.3, 1e-15);  // 1.8 / 6
    EXPECT_EQ(rr.rows[0].stats[3], -0.3);
}

TEST(QuerySummary, StatisticsAcrossTheTasksOfASelection) {
    matrix m = four_scores();
    const query::plan p =
        query::make_plan(four_points(), request({"g"}, {statistic::mean, statistic::n}, true, {"tier=0"}));
    const query::result r = query::summarise_tasks(p, m.reader());
    EXPECT_NEAR(r.rows[0].stats[0], 0.45, 1e-15);  // 0.2, 0.4, 0.5, 0.7
    EXPECT_EQ(r.rows[0].stats[1], 4);
    EXPECT_EQ(r.rows[0].tasks, 2u);
    EXPECT_NEAR(r.rows[1].stats[0], 0.1, 1e-15);
    EXPECT_EQ(r.rows[1].stats[1], 1);
    EXPECT_EQ(r.non_finite, 1u);
}

TEST(QuerySummary, WholeRowsOfManyTasks) {
    // One point, 19 tasks scoring -5, -4, ..., 13: more than the eight lanes of the fast path and a tail.
    query::table t;
    t.n_points = 1;
    t.n_tasks = 19;
    t.grid = {{"g", value_kind::text, {}, {"a"}}};
    t.tasks = {{"tier", value_kind::integer, std::vector<double>(19, 0), {}}};
    t.status = {1};
    matrix m{19, {}, {}};
    for (int k = 0; k < 19; ++k) m.values.push_back(k - 5);
    const std::vector<statistic> stats{statistic::mean, statistic::sd, statistic::min, statistic::max};
    // Raw: mean 4, squared deviations 2 * (1 + 4 + ... + 81) = 570.
    const auto raw = query::summarise_tasks(query::make_plan(t, request({}, stats, false)), m.reader());
    EXPECT_DOUBLE_EQ(raw.rows[0].stats[0], 4);
    EXPECT_DOUBLE_EQ(raw.rows[0].stats[1], std::sqrt(570.0 / 18));
    EXPECT_EQ(raw.rows[0].stats[2], -5);
    // Clipped: six zeros and 1 .. 13, mean 91 / 19.
    const query::plan clipped = query::make_plan(t, request({}, stats));
    const auto c = query::summarise_tasks(clipped, m.reader());
    EXPECT_DOUBLE_EQ(c.rows[0].stats[0], 91.0 / 19);
    EXPECT_EQ(c.rows[0].stats[2], 0);
    EXPECT_EQ(c.rows[0].stats[3], 13);
    EXPECT_DOUBLE_EQ(query::per_point_scores(clipped, m.reader()).values[0], 91.0 / 19);
}

TEST(QuerySummary, ReadsTheDonePointsInBlocksOfAtMost512Rows) {
    // 1600 points of 2 tasks; points 10 to 999 are pending. Point i scores i and i + 1.
    query::table t;
    t.n_points = 1600;
    t.n_tasks = 2;
    column x{"x", value_kind::integer, {}, {}};
    matrix m{2, {}, {}};
    for (int i = 0; i < 1600; ++i) {
        x.numbers.push_back(i);
        t.status.push_back(i < 10 || i >= 1000 ? 1 : 0);
        m.values.insert(m.values.end(), {double(i), double(i) + 1});
    }
    t.grid = {x};
    t.tasks = {{"tier", value_kind::integer, {0, 1}, {}}};
    const query::plan p = query::make_plan(t, request({}, {statistic::mean}));
    const auto v = query::per_point_scores(p, m.reader());
    using read = std::pair<std::uint64_t, std::uint64_t>;
    EXPECT_EQ(m.reads, (std::vector<read>{{0, 10}, {1000, 512}, {1512, 88}}));
    EXPECT_EQ(v.values[7], 7.5);
    EXPECT_TRUE(std::isnan(v.values[500]));
    EXPECT_EQ(v.values[1599], 1599.5);
    // A selection reads only its rows.
    m.reads.clear();
    query::per_point_scores(query::make_plan(t, request({}, {statistic::mean}, true, {"x=1590..1595"})),
                            m.reader());
    EXPECT_EQ(m.reads, (std::vector<read>{{1590, 6}}));
}

TEST(QuerySummary, AReaderThatReturnsTheWrongBlockIsAnError) {
    const query::plan p = query::make_plan(four_points(), request({}, {statistic::mean}));
    const query::row_reader short_reads = [](std::uint64_t, std::uint64_t count) {
        return std::vector<double>(count * 3 - 1, 0.0);
    };
    EXPECT_THROW(query::per_point_scores(p, short_reads), error);
    EXPECT_THROW(query::summarise_tasks(p, short_reads), error);
}

TEST(QuerySummary, ValuesThePointsAlreadyHold) {
    const query::plan p = query::make_plan(four_points(), request({"g"}, {statistic::mean}));
    // Point 1's value is NaN (left out and counted); point 3 is pending, whatever its value.
    const auto v = query::per_point_given(p, {0.9, nan, 0.7, 0.1});
    EXPECT_EQ(v.values[0], 0.9);
    EXPECT_TRUE(std::isnan(v.values[1]));
    EXPECT_EQ(v.values[2], 0.7);
    EXPECT_TRUE(std::isnan(v.values[3]));
    EXPECT_EQ(v.non_finite, 1u);
    const query::result r = query::summarise_points(p, v);
    EXPECT_EQ(r.rows[0].stats[0], 0.9);
    EXPECT_EQ(r.rows[0].points, 1u);
    EXPECT_EQ(r.non_finite, 1u);
    EXPECT_THROW(query::per_point_given(p, {0.9, 0.7}), error);
    const query::plan by_tier = query::make_plan(four_points(), request({"tier"}, {statistic::mean}));
    EXPECT_THROW(query::per_point_given(by_tier, {0.9, 0.8, 0.7, 0.1}), error);
}

}  // namespace
}  // namespace hetsweep
