// How the query engine spells lists and quotes values in messages and answers.

#include <hetsweep/query/text.hpp>

#include <gtest/gtest.h>

namespace hetsweep {
namespace {

TEST(QueryText, JoinPutsTheSeparatorBetweenItemsOnly) {
    EXPECT_EQ(query::join({}), "");
    EXPECT_EQ(query::join({"cv"}), "cv");
    EXPECT_EQ(query::join({"cv", "profile", "seed"}), "cv, profile, seed");
    EXPECT_EQ(query::join({"0", "1"}, ","), "0,1");
    EXPECT_EQ(query::join({"--where cv=0", "--where cv=1"}, " and "), "--where cv=0 and --where cv=1");
}

TEST(QueryText, QuotedAddsDoubleQuotesAndNothingElse) {
    EXPECT_EQ(query::quoted("abc"), "\"abc\"");
    EXPECT_EQ(query::quoted(""), "\"\"");
    EXPECT_EQ(query::quoted("a b"), "\"a b\"");
}

}  // namespace
}  // namespace hetsweep
