// The text helpers every layer shares: lists, quoting, numbers and JSON values.

#include <hetsweep/text.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <limits>

namespace hetsweep {
namespace {

TEST(Text, JoinPutsTheSeparatorBetweenItemsOnly) {
    EXPECT_EQ(join({}), "");
    EXPECT_EQ(join({"cv"}), "cv");
    EXPECT_EQ(join({"cv", "profile", "seed"}), "cv, profile, seed");
    EXPECT_EQ(join({"0", "1"}, ","), "0,1");
    EXPECT_EQ(join({"--where cv=0", "--where cv=1"}, " and "), "--where cv=0 and --where cv=1");
}

TEST(Text, QuotedAddsDoubleQuotesAndNothingElse) {
    EXPECT_EQ(quoted("abc"), "\"abc\"");
    EXPECT_EQ(quoted(""), "\"\"");
    EXPECT_EQ(quoted("a b"), "\"a b\"");
}

TEST(Text, ShortestReadsBackAsTheSameDouble) {
    EXPECT_EQ(shortest(0.5), "0.5");
    EXPECT_EQ(shortest(1e-6), "1e-06");
    EXPECT_EQ(shortest(0.1 + 0.2), "0.30000000000000004");
    EXPECT_EQ(shortest(std::nan("")), "nan");
    EXPECT_EQ(shortest(-std::numeric_limits<double>::infinity()), "-inf");
    for (double x : {1.0 / 3, 2.0 / 3 * 1e300, 5e-324})
        EXPECT_EQ(std::strtod(shortest(x).c_str(), nullptr), x);
}

TEST(Text, JsonValues) {
    EXPECT_EQ(json_string("a\"b\\c\n"), "\"a\\\"b\\\\c\\u000a\"");
    EXPECT_EQ(json_number(2.5), "2.5");
    EXPECT_EQ(json_number(std::nan("")), "null");
    EXPECT_EQ(json_number(std::numeric_limits<double>::infinity()), "null");
    EXPECT_EQ(json_strings({"a", "b"}), "[\"a\", \"b\"]");
}

}  // namespace
}  // namespace hetsweep
