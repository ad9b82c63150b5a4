// The condition language: every form parses to its operator and values, malformed ones are
// rejected with the accepted forms, and evaluation on hand-built columns selects exactly the rows
// the rule says (numbers with a relative tolerance of 1e-9, ranges inclusive).

#include <hetsweep/errors.hpp>
#include <hetsweep/query/condition.hpp>

#include <gtest/gtest.h>

#include "unit/error_of.hpp"

#include <functional>
#include <string>
#include <vector>

namespace hetsweep {
namespace {

using query::column;
using query::condition;

using test::error_of;

std::vector<char> where(const std::string& text, const column& c) {
    return query::evaluate(query::parse_condition("--where", text), c);
}

TEST(QueryCondition, EveryFormParses) {
    struct form {
        std::string text;
        condition::op kind;
        std::string key;
        std::vector<std::string> values;
        std::string canonical;
    };
    const std::vector<form> forms{
        {"cv=0.5", condition::op::in, "cv", {"0.5"}, "cv=0.5"},
        {"profile=gamma, normal", condition::op::in, "profile", {"gamma", "normal"}, "profile=gamma,normal"},
        {"N=100..400", condition::op::range, "N", {"100", "400"}, "N=100..400"},
        {"seed!=3,4", condition::op::not_in, "seed", {"3", "4"}, "seed!=3,4"},
        {"cv<1", condition::op::less, "cv", {"1"}, "cv<1"},
        {"cv<=1", condition::op::less_equal, "cv", {"1"}, "cv<=1"},
        {"cv>1", condition::op::greater, "cv", {"1"}, "cv>1"},
        {" tau.cv >= 1 ", condition::op::greater_equal, "tau.cv", {"1"}, "tau.cv>=1"},
        {"delta=-1..-0.5", condition::op::range, "delta", {"-1", "-0.5"}, "delta=-1..-0.5"},
    };
    for (const auto& f : forms) {
        const condition c = query::parse_condition("--where", f.text);
        EXPECT_EQ(c.kind, f.kind) << f.text;
        EXPECT_EQ(c.key, f.key) << f.text;
        EXPECT_EQ(c.values, f.values) << f.text;
        EXPECT_EQ(c.canonical(), f.canonical) << f.text;
        EXPECT_EQ(c.describe(), "--where " + f.text);
    }
}

TEST(QueryCondition, ValueConditionsTakeTheKeyFromTheOption) {
    const condition tier = query::parse_value_condition("--tier", "task.tier", "0,1");
    EXPECT_EQ(tier.kind, condition::op::in);
    EXPECT_EQ(tier.key, "task.tier");
    EXPECT_EQ(tier.values, (std::vector<std::string>{"0", "1"}));
    EXPECT_EQ(tier.describe(), "--tier 0,1");
    const condition d = query::parse_value_condition("--d", "task.d", ">=4");
    EXPECT_EQ(d.kind, condition::op::greater_equal);
    EXPECT_EQ(d.values, (std::vector<std::string>{"4"}));
    EXPECT_EQ(d.describe(), "--d >=4");
    const condition delta = query::parse_value_condition("--delta", "task.delta_realised", "-0.5..0.5");
    EXPECT_EQ(delta.kind, condition::op::range);
    EXPECT_EQ(delta.values, (std::vector<std::string>{"-0.5", "0.5"}));
    EXPECT_EQ(query::parse_value_condition("--k", "task.k", "!=1").kind, condition::op::not_in);
}

TEST(QueryCondition, MalformedConditionsNameTheFormsAccepted) {
    const std::string forms =
        "expected KEY=VALUE, KEY=V1,V2, KEY=LO..HI, KEY!=VALUE, KEY<X, KEY<=X, KEY>X or KEY>=X";
    auto parse = [](const std::string& text) {
        return error_of([&] { query::parse_condition("--where", text); });
    };
    EXPECT_EQ(parse("cv"), "--where cv: malformed condition; " + forms);
    EXPECT_EQ(parse("=3"), "--where =3: malformed condition, no valid key before the operator; " + forms);
    EXPECT_EQ(parse("c v=3"),
              "--where c v=3: malformed condition, no valid key before the operator; " + forms);
    EXPECT_EQ(parse("cv!3"), "--where cv!3: malformed condition; " + forms);
    EXPECT_EQ(parse("cv="), "--where cv=: no value after \"=\"; " + forms);
    EXPECT_EQ(parse("cv>=1<2"), "--where cv>=1<2: malformed condition, two operators; " + forms);
    EXPECT_EQ(parse("cv=1,,2"), "--where cv=1,,2: empty value in the list \"1,,2\"; " + forms);
    EXPECT_EQ(parse("cv=1.."), "--where cv=1..: malformed range \"1..\"; a range is LO..HI");
    EXPECT_EQ(parse("cv=1..2..3"), "--where cv=1..2..3: malformed range \"1..2..3\"; a range is LO..HI");
}

TEST(QueryCondition, NumbersMatchWithinARelativeTolerance) {
    // 3 * 0.1 is stored as 0.30000000000000004; the user types 0.3.
    const column cv{"cv", value_kind::real, {0, 3 * 0.1, 0.5, 1, 2}, {}};
    EXPECT_EQ(where("cv=0.3", cv), (std::vector<char>{0, 1, 0, 0, 0}));
    EXPECT_EQ(where("cv=0,2", cv), (std::vector<char>{1, 0, 0, 0, 1}));
    EXPECT_EQ(where("cv!=0,2", cv), (std::vector<char>{0, 1, 1, 1, 0}));
    // A value equal within the tolerance is neither less nor greater.
    EXPECT_EQ(where("cv<0.3", cv), (std::vector<char>{1, 0, 0, 0, 0}));
    EXPECT_EQ(where("cv<=0.3", cv), (std::vector<char>{1, 1, 0, 0, 0}));
    EXPECT_EQ(where("cv>0.3", cv), (std::vector<char>{0, 0, 1, 1, 1}));
    EXPECT_EQ(where("cv>=0.3", cv), (std::vector<char>{0, 1, 1, 1, 1}));
    EXPECT_EQ(where("cv=0.3..1", cv), (std::vector<char>{0, 1, 1, 1, 0}));
    // 1e-9 relative is the edge: 1 + 2e-9 is another number.
    const column x{"x", value_kind::real, {1, 1 + 0.5e-9, 1 + 2e-9}, {}};
    EXPECT_EQ(where("x=1", x), (std::vector<char>{1, 1, 0}));
}

TEST(QueryCondition, TextComparesAsStringsWithEqualityOnly) {
    const column profile{"profile", value_kind::text, {}, {"gamma", "normal", "lognormal"}};
    EXPECT_EQ(where("profile=gamma,lognormal", profile), (std::vector<char>{1, 0, 1}));
    EXPECT_EQ(where("profile!=gamma", profile), (std::vector<char>{0, 1, 1}));
    EXPECT_EQ(where("profile=Gamma", profile), (std::vector<char>{0, 0, 0}));
    EXPECT_EQ(error_of([&] { where("profile>gamma", profile); }),
              "--where profile>gamma: profile is text; use profile=VALUE, profile=V1,V2 or profile!=VALUE");
    EXPECT_EQ(error_of([&] { where("profile=1..2", profile); }),
              "--where profile=1..2: profile is text; use profile=VALUE, profile=V1,V2 or profile!=VALUE");
}

TEST(QueryCondition, BooleansTakeTrueFalseOrOneZero) {
    const column dale{"dale", value_kind::boolean, {1, 0, 1}, {}};
    EXPECT_EQ(where("dale=true", dale), (std::vector<char>{1, 0, 1}));
    EXPECT_EQ(where("dale=0", dale), (std::vector<char>{0, 1, 0}));
    EXPECT_EQ(where("dale!=false", dale), (std::vector<char>{1, 0, 1}));
    EXPECT_EQ(error_of([&] { where("dale=maybe", dale); }),
              "--where dale=maybe: dale is true or false, \"maybe\" is neither");
}

TEST(QueryCondition, BadValuesAreRejectedWithTheColumnsKind) {
    const column cv{"cv", value_kind::real, {0, 1}, {}};
    EXPECT_EQ(error_of([&] { where("cv>=abc", cv); }),
              "--where cv>=abc: cv is numeric, \"abc\" is not a number");
    EXPECT_EQ(error_of([&] { where("cv=1,inf", cv); }),
              "--where cv=1,inf: cv is numeric, \"inf\" is not a number");
    EXPECT_EQ(error_of([&] { where("cv=1..0", cv); }), "--where cv=1..0: the range is empty (1 > 0)");
    const column k{"k", value_kind::integer, {1, 2}, {}};
    EXPECT_EQ(error_of([&] { query::evaluate(query::parse_value_condition("--k", "task.k", "x"), k); }),
              "--k x: k is numeric, \"x\" is not a number");
}

}  // namespace
}  // namespace hetsweep
