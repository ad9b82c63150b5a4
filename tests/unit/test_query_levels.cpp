// The levels of a column among some of its rows: their order, their spelling and the level of each
// row.

#include <hetsweep/query/levels.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace hetsweep {
namespace {

using query::column;

TEST(QueryLevels, NumbersAscendingAmongTheGivenRowsOnly) {
    const column cv{"cv", value_kind::real, {1, 0.5, 2, 0.5, 0, 1}, {}};
    std::vector<std::uint32_t> level_of;
    // Row 4 (cv = 0) is not among the rows: 0 is not a level.
    const query::levels l = query::distinct(cv, {0, 1, 2, 3, 5}, &level_of);
    EXPECT_EQ(l.name, "cv");
    EXPECT_EQ(l.type, value_kind::real);
    EXPECT_EQ(l.numbers, (std::vector<double>{0.5, 1, 2}));
    EXPECT_EQ(l.text, (std::vector<std::string>{"0.5", "1", "2"}));
    EXPECT_EQ(level_of, (std::vector<std::uint32_t>{1, 0, 2, 0, 1}));
}

TEST(QueryLevels, TextInOrderOfFirstAppearance) {
    const column profile{"profile", value_kind::text, {}, {"normal", "gamma", "normal", "lognormal"}};
    std::vector<std::uint32_t> level_of;
    const query::levels l = query::distinct(profile, {0, 1, 2, 3}, &level_of);
    EXPECT_EQ(l.text, (std::vector<std::string>{"normal", "gamma", "lognormal"}));
    EXPECT_TRUE(l.numbers.empty());
    EXPECT_EQ(level_of, (std::vector<std::uint32_t>{0, 1, 0, 2}));
}

TEST(QueryLevels, SpelledAsTheColumnDisplaysThem) {
    const query::levels n = query::distinct({"N", value_kind::integer, {400, 100}, {}}, {0, 1});
    EXPECT_EQ(n.text, (std::vector<std::string>{"100", "400"}));
    const query::levels b = query::distinct({"dale", value_kind::boolean, {1, 0, 1}, {}}, {0, 1, 2});
    EXPECT_EQ(b.text, (std::vector<std::string>{"false", "true"}));
    EXPECT_EQ(b.numbers, (std::vector<double>{0, 1}));
}

TEST(QueryLevels, NoRowsNoLevels) {
    std::vector<std::uint32_t> level_of{7};
    const query::levels l = query::distinct({"cv", value_kind::real, {1, 2}, {}}, {}, &level_of);
    EXPECT_TRUE(l.text.empty());
    EXPECT_TRUE(level_of.empty());
}

}  // namespace
}  // namespace hetsweep
