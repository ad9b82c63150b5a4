// Cost per performance level on a hand-built sweep of two levels, two sizes and two seeds, whose
// configurations, cheapest networks and savings are worked out by hand.

#include <hetsweep/errors.hpp>
#include <hetsweep/query/cost_per_level.hpp>

#include <gtest/gtest.h>

#include "unit/error_of.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace hetsweep {
namespace {

using query::column;

const double nan = std::numeric_limits<double>::quiet_NaN();

//  point  cv  N   seed  score  cost      configuration (cv, N): mean score, mean cost
//  0      0   10  1     0.10   100       (0, 10): 0.12, 105
//  1      0   10  2     0.14   110
//  2      1   10  1     0.20   100       (1, 10): 0.22, 105
//  3      1   10  2     0.24   110
//  4      0   20  1     0.26   400       (0, 20): 0.28, 400
//  5      0   20  2     0.30   400
//  6      1   20  1     0.30   400       (1, 20): 0.31, 400
//  7      1   20  2     0.32   400
query::table eight_points() {
    query::table t;
    t.n_points = 8;
    t.n_tasks = 1;
    t.grid = {{"cv", value_kind::real, {0, 0, 1, 1, 0, 0, 1, 1}, {}},
              {"N", value_kind::integer, {10, 10, 10, 10, 20, 20, 20, 20}, {}},
              {"seed", value_kind::integer, {1, 2, 1, 2, 1, 2, 1, 2}, {}}};
    t.tasks = {{"tier", value_kind::integer, {0}, {}}};
    t.status = std::vector<std::int8_t>(8, 1);
    return t;
}

const std::vector<double> scores{0.10, 0.14, 0.20, 0.24, 0.26, 0.30, 0.30, 0.32};
const std::vector<double> costs{100, 110, 100, 110, 400, 400, 400, 400};

query::cost_request cost_request(std::vector<double> bins, std::string reference = "") {
    query::cost_request c;
    c.metric = "flops";
    c.bins = std::move(bins);
    c.reference = std::move(reference);
    c.average = {"seed"};
    return c;
}

query::plan plan_by(const query::table& t, std::vector<std::string> by) {
    query::request r;
    r.by = std::move(by);
    return query::make_plan(t, r);
}

query::cost_result cost_of(const query::table& t, const query::plan& p, const std::vector<double>& score,
                           const std::vector<double>& cost, const query::cost_request& c) {
    return query::cost_per_level(p, t, query::per_point_given(p, score), cost, c);
}

std::string cost_error(const query::table& t, const query::plan& p, const std::vector<double>& cost,
                       const query::cost_request& c) {
    return test::error_of([&] { cost_of(t, p, scores, cost, c); });
}

struct expected {
    double bin;
    bool reached;
    double cost, score, saving;
    std::string configuration;
};

void expect_rows(const query::cost_result& r, const std::vector<expected>& want) {
    ASSERT_EQ(r.rows.size(), want.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
        const auto& row = r.rows[i];
        const auto& w = want[i];
        EXPECT_EQ(r.bins[row.bin], w.bin) << i;
        EXPECT_EQ(row.level, i % 2) << i;  // levels of one bin side by side
        EXPECT_EQ(row.reached, w.reached) << i;
        if (!w.reached) continue;
        EXPECT_DOUBLE_EQ(row.cost, w.cost) << i;
        EXPECT_DOUBLE_EQ(row.score, w.score) << i;
        EXPECT_EQ(row.points, 2u) << i;
        EXPECT_EQ(row.configuration, w.configuration) << i;
        if (std::isnan(w.saving))
            EXPECT_TRUE(std::isnan(row.saving)) << i;
        else
            EXPECT_DOUBLE_EQ(row.saving, w.saving) << i;
    }
}

TEST(QueryCostPerLevel, CheapestConfigurationPerLevelAndBin) {
    const query::table t = eight_points();
    const auto r = cost_of(t, plan_by(t, {}), scores, costs, cost_request({0.1, 0.2, 0.3}));
    EXPECT_EQ(r.level_values.text, (std::vector<std::string>{"0", "1"}));
    EXPECT_EQ(r.reference, 0u);
    EXPECT_EQ(r.configurations, 4u);
    EXPECT_EQ(r.configuration_columns, (std::vector<std::string>{"N"}));
    // cv = 0 needs N = 20 for 0.2 and never reaches 0.3; cv = 1 reaches 0.2 with N = 10.
    expect_rows(r, {{0.1, true, 105, 0.12, 1, "N=10"},
                    {0.1, true, 105, 0.22, 1, "N=10"},
                    {0.2, true, 400, 0.28, 1, "N=20"},
                    {0.2, true, 105, 0.22, 400.0 / 105, "N=10"},
                    {0.3, false, 0, 0, nan, ""},
                    {0.3, true, 400, 0.31, nan, "N=20"}});
    EXPECT_TRUE(std::isnan(r.rows[4].saving));
}

TEST(QueryCostPerLevel, SavingsAgainstAnotherReferenceLevel) {
    const query::table t = eight_points();
    for (const char* reference : {"1", "1.0"}) {
        const auto r = cost_of(t, plan_by(t, {}), scores, costs, cost_request({0.1, 0.2, 0.3}, reference));
        EXPECT_EQ(r.reference, 1u) << reference;
        EXPECT_DOUBLE_EQ(r.rows[2].saving, 105.0 / 400);  // bin 0.2, cv = 0
        EXPECT_DOUBLE_EQ(r.rows[5].saving, 1);            // bin 0.3, cv = 1 against itself
    }
    EXPECT_EQ(cost_error(t, plan_by(t, {}), costs, cost_request({0.1}, "3")),
              "--reference 3: not a level of cv (levels: 0, 1)");
}

TEST(QueryCostPerLevel, DefaultBinsAreRoundStepsOverTheConfigurationScores) {
    // Scores 0.12 .. 0.31: steps of 1/200 and 1/100 would need more than ten, 1/50 needs 9.5.
    const query::table t = eight_points();
    const auto r = cost_of(t, plan_by(t, {}), scores, costs, cost_request({}));
    std::vector<double> want;
    for (int k = 6; k <= 15; ++k) want.push_back(k / 50.0);
    EXPECT_EQ(r.bins, want);
    EXPECT_EQ(r.rows.size(), 2 * want.size());
    // Scores 0.1225 .. 0.1575: 7.5 steps of 1/200 from 0.12.
    const std::vector<double> close{0.1225, 0.1225, 0.13, 0.13, 0.14, 0.14, 0.1575, 0.1575};
    want.clear();
    for (int k = 24; k <= 31; ++k) want.push_back(k / 200.0);
    EXPECT_EQ(cost_of(t, plan_by(t, {}), close, costs, cost_request({})).bins, want);
}

TEST(QueryCostPerLevel, GroupsSplitTheComparison) {
    // By N: each size is its own comparison, and no column is left to name a configuration.
    const query::table t = eight_points();
    const query::plan p = plan_by(t, {"N"});
    const auto r = cost_of(t, p, scores, costs, cost_request({0.1, 0.2}));
    EXPECT_TRUE(r.configuration_columns.empty());
    ASSERT_EQ(r.rows.size(), 8u);  // 2 groups x 2 bins x 2 levels
    EXPECT_EQ(r.rows[0].group, 0u);
    EXPECT_EQ(r.rows[0].configuration, "-");
    EXPECT_DOUBLE_EQ(r.rows[0].cost, 105);
    EXPECT_FALSE(r.rows[2].reached);  // N = 10, cv = 0 scores 0.12 < 0.2
    EXPECT_TRUE(std::isnan(r.rows[3].saving));
    EXPECT_EQ(r.rows[4].group, 1u);
    EXPECT_DOUBLE_EQ(r.rows[4].cost, 400);
    EXPECT_DOUBLE_EQ(r.rows[7].score, 0.31);
    EXPECT_DOUBLE_EQ(r.rows[7].saving, 1);
}

TEST(QueryCostPerLevel, ANaNScoreLeavesItsPointOutOfTheConfiguration) {
    const query::table t = eight_points();
    std::vector<double> score = scores;
    score[1] = nan;
    const auto r = cost_of(t, plan_by(t, {}), score, costs, cost_request({0.1}));
    EXPECT_DOUBLE_EQ(r.rows[0].score, 0.10);
    EXPECT_DOUBLE_EQ(r.rows[0].cost, 100);
    EXPECT_EQ(r.rows[0].points, 1u);
}

TEST(QueryCostPerLevel, EqualCostsGoToTheHigherScore) {
    query::table t;
    t.n_points = 2;
    t.n_tasks = 1;
    t.grid = {{"cv", value_kind::real, {0, 0}, {}}, {"N", value_kind::integer, {10, 20}, {}}};
    t.tasks = {{"tier", value_kind::integer, {0}, {}}};
    t.status = {1, 1};
    query::cost_request c = cost_request({0.1});
    c.average.clear();
    for (const auto& [score, winner] : std::vector<std::pair<std::vector<double>, std::string>>{
             {{0.2, 0.3}, "N=20"}, {{0.3, 0.2}, "N=10"}}) {
        const auto r = cost_of(t, plan_by(t, {}), score, {5, 5}, c);
        EXPECT_EQ(r.rows[0].configuration, winner);
        EXPECT_DOUBLE_EQ(r.rows[0].score, 0.3);
    }
}

TEST(QueryCostPerLevel, RequestsThatDoNotFitThePlanFail) {
    const query::table t = eight_points();
    const query::plan all = plan_by(t, {});
    query::cost_request c = cost_request({0.1});
    c.level_axis = "tier";
    EXPECT_EQ(cost_error(t, all, costs, c), "--level-axis tier: a task column, not a grid axis");
    c = cost_request({0.1});
    c.average = {"cv"};
    EXPECT_EQ(cost_error(t, all, costs, c), "--average cv: cv is the level axis (--level-axis)");
    c.average = {"tier"};
    EXPECT_EQ(cost_error(t, all, costs, c), "--average tier: a task column, not a grid axis");
    c.average = {"sede"};
    EXPECT_EQ(cost_error(t, all, costs, c).substr(0, 49),
              "--average sede: no such axis (did you mean seed?)");
    c = cost_request({0.1});
    EXPECT_EQ(cost_error(t, plan_by(t, {"cv"}), costs, c),
              "--by cv: cv is the level axis, a column of the answer already");
    EXPECT_EQ(cost_error(t, plan_by(t, {"seed"}), costs, c),
              "--by seed: seed is averaged over (--average); a configuration mixes its values");
    EXPECT_EQ(cost_error(t, all, std::vector<double>(8, nan), c),
              "--cost flops: no done point of the selection has a value of flops (NaN: not computed for this "
              "model)");
    query::table pending = t;
    pending.status.assign(8, 0);
    EXPECT_EQ(cost_error(pending, plan_by(pending, {}), costs, c),
              "--cost flops: no point of the selection is done yet");
}

TEST(QueryCostPerLevel, ATaskColumnInByIsRejected) {
    query::table t = eight_points();
    t.n_tasks = 2;
    t.tasks = {{"tier", value_kind::integer, {0, 1}, {}}};
    const query::plan p = plan_by(t, {"tier"});
    query::point_values v;
    v.values.assign(8 * 2, 0.5);  // per point and tier
    try {
        query::cost_per_level(p, t, v, costs, cost_request({0.1}));
        FAIL() << "no config_error";
    } catch (const config_error& e) {
        EXPECT_STREQ(e.what(), "--cost: --by names a task column; group costs by grid axes only");
    }
}

}  // namespace
}  // namespace hetsweep
