// Paired comparisons: the p-values against scipy 1.10's (stats.wilcoxon with method="approx",
// stats.binomtest, stats.ttest_1samp; values computed there and written down here) and exact
// binomial sums, and summarise_paired on a hand-built store whose differences are known.

#include <hetsweep/errors.hpp>
#include <hetsweep/query/hypothesis.hpp>
#include <hetsweep/query/paired.hpp>

#include <gtest/gtest.h>

#include "unit/error_of.hpp"

#include <cmath>
#include <cstdint>
#include <vector>

namespace hetsweep {
namespace {

using query::column;

TEST(Hypothesis, SignTestIsTheExactBinomialSum) {
    EXPECT_DOUBLE_EQ(query::sign_test_p(9, 1), 2.0 * (1 + 10) / 1024);  // 0.021484375
    EXPECT_DOUBLE_EQ(query::sign_test_p(1, 9), 2.0 * (1 + 10) / 1024);
    EXPECT_DOUBLE_EQ(query::sign_test_p(5, 5), 1.0);
    EXPECT_NEAR(query::sign_test_p(3, 14), 0.012725830078125, 1e-15);  // scipy binomtest(3, 17)
    EXPECT_DOUBLE_EQ(query::sign_test_p(0, 1), 1.0);
    EXPECT_TRUE(std::isnan(query::sign_test_p(0, 0)));
}

TEST(Hypothesis, SignedRankMatchesScipy) {
    EXPECT_NEAR(query::signed_rank_p({1, 2, 3, 4, 5, 6, 7, 8, 9, -10}), 0.07446183141740546, 1e-12);
    // Ties (1, 1; 2, -2; 4, 4, 4; -1) and a zero, which is dropped.
    EXPECT_NEAR(query::signed_rank_p({1, 1, 2, -2, 3, 0, -0.5, 4, 4, 4, -1, 5}), 0.03583822843714558, 1e-12);
    EXPECT_TRUE(std::isnan(query::signed_rank_p({0, 0})));
    EXPECT_TRUE(std::isnan(query::signed_rank_p({})));
}

TEST(Hypothesis, PairedTMatchesScipyAndTheTable) {
    // scipy.stats.ttest_1samp([0.1, 0.3, -0.05, 0.2], 0).pvalue
    const std::vector<double> d = {0.1, 0.3, -0.05, 0.2};
    double mean = 0, ss = 0;
    for (double x : d) mean += x / 4;
    for (double x : d) ss += (x - mean) * (x - mean);
    EXPECT_NEAR(query::paired_t_p(mean, std::sqrt(ss / 3), 4), 0.16273310982429354, 1e-12);
    // t(0.975, 4) = 2.7764451051977987: a mean that many standard errors from 0 has p = 0.05.
    EXPECT_NEAR(query::paired_t_p(2.7764451051977987 / std::sqrt(5.0), 1.0, 5), 0.05, 1e-12);
    EXPECT_TRUE(std::isnan(query::paired_t_p(0.1, 0.0, 4)));
    EXPECT_TRUE(std::isnan(query::paired_t_p(0.1, 1.0, 1)));
}

//  point  cv  profile  seed   scores (2 tasks)
//  0      0   a        1      0.2  0.4
//  1      0   b        1      0.2  0.4     (the same network as point 0)
//  2      1   a        1      0.5  0.3
//  3      1   b        1      0.4  -0.2    (clipped: 0.4, 0)
//  4      0   a        2      0.1  0.1
//  5      1   a        2      0.3  0.2
//  6      2   a        3      0.9  0.9     (its partner, cv = 0 seed 3, is not in the store)
query::table seven_points() {
    query::table t;
    t.n_points = 7;
    t.n_tasks = 2;
    t.grid = {{"cv", value_kind::real, {0, 0, 1, 1, 0, 1, 2}, {}},
              {"profile", value_kind::text, {}, {"a", "b", "a", "b", "a", "a", "a"}},
              {"seed", value_kind::integer, {1, 1, 1, 1, 2, 2, 3}, {}, true}};
    t.tasks = {{"tier", value_kind::integer, {0, 1}, {}}};
    t.status = std::vector<std::int8_t>(7, 1);
    query::set_identities(t, point_params{});
    return t;
}

const std::vector<double> seven_scores = {0.2,  0.4, 0.2, 0.4, 0.5, 0.3, 0.4,
                                          -0.2, 0.1, 0.1, 0.3, 0.2, 0.9, 0.9};

query::row_reader reader() {
    return [](std::uint64_t first, std::uint64_t count) {
        return std::vector<double>(seven_scores.begin() + long(2 * first),
                                   seven_scores.begin() + long(2 * (first + count)));
    };
}

query::paired_result paired(const std::vector<std::string>& by, const std::string& reference) {
    const query::table t = seven_points();
    query::request r;
    r.by = by;
    return query::summarise_paired(t, query::make_plan(t, r), query::parse_condition("--paired", reference),
                                   reader());
}

TEST(QueryPaired, DifferencesAreAveragedPerReplicateThenTestedOverReplicates) {
    const query::paired_result r = paired({"cv"}, "cv=0");
    ASSERT_EQ(r.rows.size(), 1u);  // cv = 1; the one point at cv = 2 has no partner, so no row
    EXPECT_EQ(r.no_partner, 1u);
    EXPECT_EQ(r.reference_points, 2u) << "points 0 and 4; point 1 repeats point 0 in the cv = 0 row";
    const query::paired_row& row = r.rows[0];
    // Seed 1: (0.5 - 0.2, 0.3 - 0.4) against a; (0.4 - 0.2, 0 - 0.4) against b (the same network).
    // Per-pair means 0.1 and -0.1, so the seed's difference is 0. Seed 2: (0.2, 0.1), mean 0.15.
    EXPECT_EQ(row.pairs, 3u);
    EXPECT_EQ(row.cells.cells, 2u);
    EXPECT_EQ(row.cells.levels_a, 2u) << "two network seeds, one input realisation";
    EXPECT_EQ(row.cells.levels_b, 1u);
    EXPECT_NEAR(row.cells.mean, 0.075, 1e-15);
    EXPECT_NEAR(row.cells.var_a, 2 * 0.075 * 0.075, 1e-15);
    // Two cells, 0 and 0.15: every one of the 4 sign patterns has |sum| 0.15, as extreme as observed.
    EXPECT_EQ(row.cells.method, "sign-flip");
    EXPECT_DOUBLE_EQ(row.cells.p, 1.0);
    EXPECT_DOUBLE_EQ(row.p_adjusted, 1.0) << "a family of one row";
    EXPECT_NEAR(row.mean, (0.3 + 0.25) / 2, 1e-15);  // seed 1: (0.4 + 0.2) / 2; seed 2: 0.25
    EXPECT_NEAR(row.reference, (0.3 + 0.1) / 2, 1e-15);
    // Per task, over seeds: task 0 ((0.3 + 0.2) / 2 + 0.2) / 2 > 0; task 1 ((-0.1 - 0.4) / 2 + 0.1) / 2 < 0.
    EXPECT_EQ(row.tasks, 2u);
    EXPECT_EQ(row.improved, 1u);
    EXPECT_EQ(row.worse, 1u);
}

TEST(QueryPaired, APartnerThatIsTheSameNetworkIsNoComparison) {
    const query::paired_result r = paired({"profile", "cv"}, "profile=a");
    EXPECT_EQ(r.same_network, 1u) << "point 1 (cv = 0, b) is point 0";
    ASSERT_EQ(r.rows.size(), 1u);  // b at cv = 1 against a at cv = 1
    EXPECT_NEAR(r.rows[0].cells.mean, (0.4 + 0.0) / 2 - (0.5 + 0.3) / 2, 1e-15);
    EXPECT_TRUE(std::isnan(r.rows[0].cells.ci95)) << "one seed: no interval";
}

TEST(QueryPaired, BadReferencesNameTheRule) {
    EXPECT_NE(test::error_of([] { paired({}, "cv=0,1"); }).find("one value"), std::string::npos);
    EXPECT_NE(test::error_of([] { paired({}, "cv=5"); }).find("no point has cv = 5"), std::string::npos);
    EXPECT_NE(test::error_of([] { paired({}, "tier=0"); }).find("task column"), std::string::npos);
    EXPECT_NE(test::error_of([] { paired({"tier"}, "cv=0"); }).find("task columns in --by"),
              std::string::npos);
}

}  // namespace
}  // namespace hetsweep
