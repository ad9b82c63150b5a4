// Columns as answers and messages spell them: the shortest round-trip spelling of a number, each
// kind's display, and the summary of a column's values that messages quote.

#include <hetsweep/query/column.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

namespace hetsweep {
namespace {

using query::column;

TEST(QueryColumn, ShortestReadsBackAsTheSameDouble) {
    EXPECT_EQ(shortest(0.5), "0.5");
    EXPECT_EQ(shortest(2), "2");
    EXPECT_EQ(shortest(-1.92), "-1.92");
    EXPECT_EQ(shortest(1e-6), "1e-06");
    // 0.1 + 0.2 is not 0.3: the spelling keeps every digit that tells them apart.
    EXPECT_EQ(shortest(0.1 + 0.2), "0.30000000000000004");
    EXPECT_EQ(shortest(std::numeric_limits<double>::quiet_NaN()), "nan");
    EXPECT_EQ(shortest(std::numeric_limits<double>::infinity()), "inf");
    EXPECT_EQ(shortest(-std::numeric_limits<double>::infinity()), "-inf");
    for (double x : {1.0 / 3, 2.0 / 7 * 1e300, 5e-324, 123456789.125})
        EXPECT_EQ(std::strtod(shortest(x).c_str(), nullptr), x) << shortest(x);
}

TEST(QueryColumn, DisplayFollowsTheKind) {
    const column integer{"N", value_kind::integer, {200, -3}, {}};
    const column real{"cv", value_kind::real, {0.5, 2}, {}};
    const column boolean{"dale", value_kind::boolean, {1, 0}, {}};
    const column text{"profile", value_kind::text, {}, {"gamma", "normal"}};
    EXPECT_EQ(integer.display(0), "200");
    EXPECT_EQ(integer.display(1), "-3");
    EXPECT_EQ(real.display(0), "0.5");
    EXPECT_EQ(real.display(1), "2");
    EXPECT_EQ(boolean.display(0), "true");
    EXPECT_EQ(boolean.display(1), "false");
    EXPECT_EQ(text.display(1), "normal");
    EXPECT_EQ(text.size(), 2u);
    EXPECT_TRUE(text.is_text());
    EXPECT_FALSE(real.is_text());
}

TEST(QueryColumn, DescribeValuesListsFewValuesAndSummarisesMany) {
    // Numbers ascending and once each; text in order of first appearance.
    EXPECT_EQ(query::describe_values({"cv", value_kind::real, {2, 0, 0.5, 0, 1}, {}}), "0, 0.5, 1, 2");
    EXPECT_EQ(query::describe_values({"p", value_kind::text, {}, {"normal", "gamma", "normal"}}),
              "normal, gamma");
    std::vector<double> many;
    for (int i = 0; i < 49; ++i) many.push_back(-2 + i / 12.0);
    EXPECT_EQ(query::describe_values({"delta", value_kind::real, many, {}}), "-2 .. 2 (49 values)");
    std::vector<std::string> names;
    for (char c = 'a'; c <= 'n'; ++c) names.push_back(std::string(1, c));
    EXPECT_EQ(query::describe_values({"x", value_kind::text, {}, names}),
              "a, b, c, d, e, f, g, h, i, j, k, l, ... (14 values)");
    // Twelve values are still listed.
    std::vector<double> twelve;
    for (int i = 0; i < 12; ++i) twelve.push_back(i);
    EXPECT_EQ(query::describe_values({"n", value_kind::integer, twelve, {}}),
              "0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11");
}

TEST(QueryColumn, VariesNeedsTwoDistinctValues) {
    EXPECT_FALSE(query::varies({"N", value_kind::integer, {}, {}}));
    EXPECT_FALSE(query::varies({"N", value_kind::integer, {200}, {}}));
    EXPECT_FALSE(query::varies({"N", value_kind::integer, {200, 200, 200}, {}}));
    EXPECT_TRUE(query::varies({"N", value_kind::integer, {200, 200, 100}, {}}));
    EXPECT_FALSE(query::varies({"p", value_kind::text, {}, {"gamma", "gamma"}}));
    EXPECT_TRUE(query::varies({"p", value_kind::text, {}, {"gamma", "normal"}}));
}

}  // namespace
}  // namespace hetsweep
