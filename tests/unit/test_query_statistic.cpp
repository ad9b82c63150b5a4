// Statistics of a query row: Student's t quantiles against tabulated values and closed forms, the
// running moments against sums done by hand, and each statistic of a small sample.

#include <hetsweep/errors.hpp>
#include <hetsweep/query/statistic.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace hetsweep {
namespace {

using query::statistic;

const double pi = std::acos(-1.0);

TEST(QueryStatistic, NamesRoundTrip) {
    const std::vector<statistic> all{statistic::mean, statistic::sd,  statistic::sem,    statistic::ci95,
                                     statistic::min,  statistic::max, statistic::median, statistic::n};
    const std::vector<std::string> names{"mean", "sd", "sem", "ci95", "min", "max", "median", "n"};
    for (std::size_t i = 0; i < all.size(); ++i) {
        EXPECT_EQ(query::to_string(all[i]), names[i]);
        EXPECT_EQ(query::parse_statistic(names[i]), all[i]);
    }
    try {
        query::parse_statistic("mode");
        FAIL() << "mode parsed";
    } catch (const config_error& e) {
        EXPECT_STREQ(e.what(),
                     "--stat mode: unknown statistic (known: mean, sd, sem, ci95, min, max, median, n)");
    }
}

TEST(QueryStatistic, TQuantileMatchesTabulatedValues) {
    // Tabulated t(0.975, df), to 15 significant digits.
    const std::vector<std::pair<double, double>> table{{1, 12.7062047361747},  {2, 4.30265272974946},
                                                       {3, 3.18244630528371},  {10, 2.22813885198627},
                                                       {30, 2.04227245630124}, {100, 1.98397151852355}};
    for (const auto& [df, t] : table) EXPECT_NEAR(query::t_quantile(0.975, df), t, 1e-13 * t) << df;
}

TEST(QueryStatistic, TQuantileMatchesClosedForms) {
    for (double p : {0.55, 0.75, 0.9, 0.975, 0.999}) {
        // One degree of freedom is the Cauchy distribution; two have F^-1(p) = (2p - 1) / sqrt(2p(1 - p)).
        EXPECT_NEAR(query::t_quantile(p, 1), std::tan(pi * (p - 0.5)), 1e-12 * std::tan(pi * (p - 0.5))) << p;
        const double two = (2 * p - 1) / std::sqrt(2 * p * (1 - p));
        EXPECT_NEAR(query::t_quantile(p, 2), two, 1e-13 * two) << p;
    }
    // Many degrees of freedom: the standard normal's 1.959963984540054, up to O(1/df).
    EXPECT_NEAR(query::t_quantile(0.975, 1e8), 1.959963984540054, 1e-7);
}

TEST(QueryStatistic, TQuantileIsOddAboutOneHalfAndNaNOutsideItsDomain) {
    EXPECT_EQ(query::t_quantile(0.5, 7), 0.0);
    EXPECT_NEAR(query::t_quantile(0.025, 10), -2.22813885198627, 1e-13 * 2.3);
    EXPECT_DOUBLE_EQ(query::t_quantile(0.1, 4), -query::t_quantile(0.9, 4));
    EXPECT_GT(query::t_quantile(0.975, 3), query::t_quantile(0.975, 4));  // heavier tails with fewer df
    for (auto [p, df] :
         std::vector<std::pair<double, double>>{{0, 3}, {1, 3}, {-0.1, 3}, {0.9, 0}, {0.9, -1}})
        EXPECT_TRUE(std::isnan(query::t_quantile(p, df))) << p << " " << df;
    EXPECT_TRUE(std::isnan(query::t_quantile(std::nan(""), 3)));
}

TEST(QueryStatistic, MomentsOfAStream) {
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squared deviations 9+1+1+1+0+0+4+16 = 32.
    query::moments m;
    for (double x : {2, 4, 4, 4, 5, 5, 7, 9}) m.add(x);
    EXPECT_EQ(m.n, 8u);
    EXPECT_DOUBLE_EQ(m.mean, 5);
    EXPECT_DOUBLE_EQ(m.m2, 32);
    EXPECT_EQ(m.min, 2);
    EXPECT_EQ(m.max, 9);
}

TEST(QueryStatistic, MergedMomentsAreThoseOfTheUnion) {
    query::moments a, b, all;
    for (double x : {2, 4, 4}) a.add(x);
    for (double x : {4, 5, 5, 7, 9}) b.add(x);
    for (double x : {2, 4, 4, 4, 5, 5, 7, 9}) all.add(x);
    query::moments merged = a;
    merged.merge(b);
    EXPECT_EQ(merged.n, all.n);
    EXPECT_DOUBLE_EQ(merged.mean, 5);
    EXPECT_DOUBLE_EQ(merged.m2, 32);
    EXPECT_EQ(merged.min, 2);
    EXPECT_EQ(merged.max, 9);
    // An empty side changes nothing.
    query::moments empty, left = a;
    left.merge(empty);
    EXPECT_EQ(left.n, 3u);
    EXPECT_DOUBLE_EQ(left.m2, a.m2);
    empty.merge(a);
    EXPECT_EQ(empty.n, 3u);
    EXPECT_DOUBLE_EQ(empty.mean, 10.0 / 3);
}

TEST(QueryStatistic, MedianOfOddAndEvenCounts) {
    std::vector<double> odd{5, 1, 3}, even{4, 1, 3, 2}, none;
    EXPECT_EQ(query::median(odd), 3);
    EXPECT_EQ(query::median(even), 2.5);
    EXPECT_TRUE(std::isnan(query::median(none)));
}

TEST(QueryStatistic, EveryStatisticOfASmallSample) {
    // 1, 2, 3, 4: mean 2.5, squared deviations 2.25+0.25+0.25+2.25 = 5, sd = sqrt(5/3).
    const std::vector<statistic> all{statistic::mean, statistic::sd,  statistic::sem,    statistic::ci95,
                                     statistic::min,  statistic::max, statistic::median, statistic::n};
    std::vector<double> values{4, 1, 3, 2};
    query::moments m;
    for (double x : values) m.add(x);
    const auto s = query::statistics(all, m, values);
    const double sd = std::sqrt(5.0 / 3);
    ASSERT_EQ(s.size(), all.size());
    EXPECT_DOUBLE_EQ(s[0], 2.5);
    EXPECT_DOUBLE_EQ(s[1], sd);
    EXPECT_DOUBLE_EQ(s[2], sd / 2);
    EXPECT_NEAR(s[3], 3.18244630528371 * sd / 2, 1e-13);  // t(0.975, 3 degrees of freedom)
    EXPECT_EQ(s[4], 1);
    EXPECT_EQ(s[5], 4);
    EXPECT_EQ(s[6], 2.5);
    EXPECT_EQ(s[7], 4);
    // Statistics come in the order asked for.
    std::vector<double> again = values;
    EXPECT_EQ(query::statistics({statistic::n, statistic::max}, m, again), (std::vector<double>{4, 4}));
}

TEST(QueryStatistic, SpreadOfOneValueAndEverythingOfNoneIsUndefined) {
    query::moments one;
    one.add(0.25);
    std::vector<double> v{0.25};
    const std::vector<statistic> wanted{statistic::mean, statistic::sd,     statistic::sem, statistic::ci95,
                                        statistic::min,  statistic::median, statistic::n};
    const auto s = query::statistics(wanted, one, v);
    EXPECT_EQ(s[0], 0.25);
    EXPECT_TRUE(std::isnan(s[1]) && std::isnan(s[2]) && std::isnan(s[3]));
    EXPECT_EQ(s[4], 0.25);
    EXPECT_EQ(s[5], 0.25);
    EXPECT_EQ(s[6], 1);
    std::vector<double> nothing;
    const auto z = query::statistics(wanted, query::moments{}, nothing);
    for (std::size_t i = 0; i + 1 < z.size(); ++i) EXPECT_TRUE(std::isnan(z[i])) << i;
    EXPECT_EQ(z.back(), 0);
}

}  // namespace
}  // namespace hetsweep
