// Inference over replicates (query/replicates.hpp) and the family's correction (query/family.hpp),
// against hand-solved cases. tests/integration/test_statistics.py checks the same on a real store
// against statsmodels and scipy.

#include <hetsweep/errors.hpp>
#include <hetsweep/query/family.hpp>
#include <hetsweep/query/replicates.hpp>
#include <hetsweep/query/statistic.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace hetsweep {
namespace {

using query::replicate_cell;

std::vector<replicate_cell> table(const std::vector<double>& a, const std::vector<double>& b,
                                  const std::vector<std::vector<double>>& residual, double mu) {
    std::vector<replicate_cell> cells;
    for (std::size_t i = 0; i < a.size(); ++i)
        for (std::size_t j = 0; j < b.size(); ++j)
            cells.push_back(
                {"n" + std::to_string(i), "u" + std::to_string(j), mu + a[i] + b[j] + residual[i][j]});
    return cells;
}

double sample_variance(const std::vector<double>& x) {
    double mean = 0, ss = 0;
    for (double v : x) mean += v / double(x.size());
    for (double v : x) ss += (v - mean) * (v - mean);
    return ss / double(x.size() - 1);
}

// Without a residual, each factor's component is the sample variance of its effects: the mean
// squares are J var(a) and I var(b), and the residual mean square is 0.
TEST(Replicates, AnAdditiveTableGivesEachFactorItsOwnVariance) {
    const std::vector<double> a{0.01, -0.02, 0.005, 0.02}, b{0.03, -0.01, -0.02};
    const auto cells = table(a, b, std::vector<std::vector<double>>(4, std::vector<double>(3, 0.0)), 0.1);
    const auto r = query::infer_replicates(cells, {0, 1}, 0);
    EXPECT_EQ(r.method, "crossed");
    EXPECT_EQ(r.levels_a, 4u);
    EXPECT_EQ(r.levels_b, 3u);
    EXPECT_NEAR(r.var_a, sample_variance(a), 1e-15);
    EXPECT_NEAR(r.var_b, sample_variance(b), 1e-15);
    EXPECT_NEAR(r.var_residual, 0, 1e-15);
    EXPECT_NEAR(r.mean, 0.1 + (0.01 - 0.02 + 0.005 + 0.02) / 4 + (0.03 - 0.01 - 0.02) / 3, 1e-15);
    EXPECT_NEAR(r.se, std::sqrt(sample_variance(a) / 4 + sample_variance(b) / 3), 1e-15);
}

// A balanced table with a residual: the components by the two-way ANOVA without replication, the
// standard error from the mean squares, Satterthwaite's df and Student's t, computed here by hand.
TEST(Replicates, ACrossedTableFollowsTheMeanSquares) {
    const std::vector<std::vector<double>> d{{0.30, 0.41, 0.22}, {0.35, 0.40, 0.30}, {0.28, 0.45, 0.25}};
    std::vector<replicate_cell> cells;
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) cells.push_back({std::to_string(i), std::to_string(j), d[i][j]});
    const auto r = query::infer_replicates(cells, {2000, 1}, 0);
    // Row means 0.31, 0.35, 0.3266..., column means 0.31, 0.42, 0.2566..., grand mean 0.32888...
    double grand = 0, rows[3] = {}, cols[3] = {};
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) {
            grand += d[i][j] / 9;
            rows[i] += d[i][j] / 3;
            cols[j] += d[i][j] / 3;
        }
    double ss_a = 0, ss_b = 0, ss_e = 0;
    for (int i = 0; i < 3; ++i) ss_a += 3 * std::pow(rows[i] - grand, 2);
    for (int j = 0; j < 3; ++j) ss_b += 3 * std::pow(cols[j] - grand, 2);
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) ss_e += std::pow(d[i][j] - rows[i] - cols[j] + grand, 2);
    const double ms_a = ss_a / 2, ms_b = ss_b / 2, ms_e = ss_e / 4;
    EXPECT_NEAR(r.var_residual, ms_e, 1e-15);
    EXPECT_NEAR(r.var_a, std::max(0.0, (ms_a - ms_e) / 3), 1e-15);
    EXPECT_NEAR(r.var_b, std::max(0.0, (ms_b - ms_e) / 3), 1e-15);
    EXPECT_GT(r.df, 1.0);
    EXPECT_LT(r.df, 8.0);
    EXPECT_NEAR(r.ci95, query::t_quantile(0.975, r.df) * r.se, 1e-15);
    EXPECT_NEAR(r.p, query::t_two_sided_p(r.mean / r.se, r.df), 1e-15);
    EXPECT_GT(r.p, 0);
    EXPECT_LT(r.p, 0.05) << "a mean of 0.33, a standard error near 0.04, few degrees of freedom";
    EXPECT_EQ(r.resamples, 2000u);
    EXPECT_LT(r.boot_lo, r.mean);
    EXPECT_GT(r.boot_hi, r.mean);
    // Deterministic: the same table and stream give the same interval.
    const auto again = query::infer_replicates(cells, {2000, 1}, 0);
    EXPECT_EQ(again.boot_lo, r.boot_lo);
    EXPECT_EQ(again.boot_hi, r.boot_hi);
}

TEST(Replicates, OneFactorIsASignFlipTestOverItsCells) {
    // Three network seeds, one input: 2^3 patterns, two as extreme as all positive.
    const std::vector<replicate_cell> cells{{"1", "", 0.02}, {"2", "", 0.03}, {"3", "", 0.01}};
    const auto r = query::infer_replicates(cells, {0, 1}, 0);
    EXPECT_EQ(r.method, "sign-flip");
    EXPECT_DOUBLE_EQ(r.p, 0.25);
    EXPECT_NEAR(r.var_a, 1e-4, 1e-15);
    EXPECT_TRUE(std::isnan(r.var_b) && std::isnan(r.var_residual));
    EXPECT_NEAR(r.ci95, query::t_quantile(0.975, 2) * std::sqrt(1e-4 / 3), 1e-15);
    EXPECT_DOUBLE_EQ(query::sign_flip_p({1, -1}), 1.0);
    EXPECT_DOUBLE_EQ(query::sign_flip_p({1, 2, 3, 4, 5, 6}), 2.0 / 64);
    EXPECT_DOUBLE_EQ(query::sign_flip_p({3, -1, 2}), 4.0 / 8);  // |sums| 4, 2, 6, 0 and their negatives
    // More than 16 cells: Student's t.
    std::vector<replicate_cell> many;
    for (int i = 0; i < 20; ++i) many.push_back({"", std::to_string(i), 0.01 * (i % 5) - 0.005});
    const auto t = query::infer_replicates(many, {0, 1}, 0);
    EXPECT_EQ(t.method, "t");
    EXPECT_TRUE(std::isnan(t.var_a));
    EXPECT_GT(t.var_b, 0);
}

TEST(Replicates, AnIncompleteCrossedTableSaysWhyItHasNoInterval) {
    std::vector<replicate_cell> cells{{"1", "a", 0.1}, {"1", "b", 0.2}, {"2", "a", 0.15}};
    const auto r = query::infer_replicates(cells, {0, 1}, 0);
    EXPECT_EQ(r.method, "incomplete: 3 of 2 x 2 cells");
    EXPECT_TRUE(std::isnan(r.ci95) && std::isnan(r.p) && std::isnan(r.var_a));
    EXPECT_NEAR(r.mean, 0.15, 1e-15);
}

TEST(Replicates, TheCheapestDesignReachesTheHalfWidth) {
    const double var_a = 3e-5, var_b = 5e-4, var_e = 1e-5;
    const auto designs = query::designs_for(0.01, var_a, var_b, var_e);
    ASSERT_FALSE(designs.empty());
    const auto& best = designs.front();
    EXPECT_LE(best.half_width, 0.01);
    for (const auto& d : designs) EXPECT_GE(d.a * d.b, best.a * best.b);
    // The input variance dominates: more inputs than networks pay.
    EXPECT_GT(best.b, 1u);
    // The half-width is at least the normal approximation's, and the designs are the fewest inputs
    // for their networks: each one's variance is within the target, by the formula.
    for (const auto& d : designs) {
        const double a = double(d.a), b = double(d.b);
        EXPECT_GE(d.half_width, 1.959 * std::sqrt(var_a / a + var_b / b + var_e / (a * b)));
    }
    EXPECT_TRUE(query::designs_for(1e-9, var_a, var_b, var_e).empty()) << "out of reach within 1000 cells";
}

TEST(Family, HolmAndBenjaminiHochbergByHand) {
    const std::vector<double> p{0.01, 0.04, 0.03, std::nan(""), 0.005};
    // Holm: sorted 0.005, 0.01, 0.03, 0.04 (m = 4) times 4, 3, 2, 1, made monotone.
    const auto holm = query::adjust(p, query::adjustment::holm);
    EXPECT_DOUBLE_EQ(holm[4], 0.02);
    EXPECT_DOUBLE_EQ(holm[0], 0.03);
    EXPECT_DOUBLE_EQ(holm[2], 0.06);
    EXPECT_DOUBLE_EQ(holm[1], 0.06);  // 0.04 x 1, raised to the one before
    EXPECT_TRUE(std::isnan(holm[3]));
    // BH: times 4/1, 4/2, 4/3, 4/4, made monotone from the top.
    const auto bh = query::adjust(p, query::adjustment::bh);
    EXPECT_DOUBLE_EQ(bh[4], 0.02);
    EXPECT_DOUBLE_EQ(bh[0], 0.02);
    EXPECT_DOUBLE_EQ(bh[2], 0.04);
    EXPECT_DOUBLE_EQ(bh[1], 0.04);
    EXPECT_EQ(query::adjust(p, query::adjustment::none)[1], 0.04);
    EXPECT_THROW(query::parse_adjustment("bonferoni"), config_error);
}

}  // namespace
}  // namespace hetsweep
