// Plans on a hand-built table of six points and four tasks: which points and tasks a request
// selects, the groups and their order, the filters as the header shows them, and the rules that
// make a request fail.

#include <hetsweep/errors.hpp>
#include <hetsweep/query/plan.hpp>

#include <gtest/gtest.h>

#include "unit/error_of.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace hetsweep {
namespace {

using query::column;
using u32 = std::vector<std::uint32_t>;

//  point  profile  cv   seed  status
//  0      normal   0.5  1     done
//  1      normal   0    1     done
//  2      gamma    0.5  1     done
//  3      gamma    0    1     pending
//  4      normal   0.5  2     done
//  5      gamma    0    2     failed
query::table six_points() {
    query::table t;
    t.n_points = 6;
    t.n_tasks = 4;
    t.grid = {{"profile", value_kind::text, {}, {"normal", "normal", "gamma", "gamma", "normal", "gamma"}},
              {"cv", value_kind::real, {0.5, 0, 0.5, 0, 0.5, 0}, {}},
              {"seed", value_kind::integer, {1, 1, 1, 1, 2, 2}, {}}};
    t.tasks = {{"tier", value_kind::integer, {2, 0, 1, 0}, {}},
               {"delta", value_kind::real, {-0.5, 0, 0.5, 1}, {}}};
    t.status = {1, 1, 1, 0, 1, 2};
    return t;
}

query::request by(std::vector<std::string> columns, std::vector<std::string> where = {}) {
    query::request r;
    r.by = std::move(columns);
    for (const auto& w : where) r.where.push_back(query::parse_condition("--where", w));
    return r;
}

std::string plan_error(const query::request& r, const query::table& t = six_points()) {
    return test::error_of([&] { query::make_plan(t, r); });
}

TEST(QueryPlan, NoRequestIsOneGroupOfEverything) {
    const query::plan p = query::make_plan(six_points(), query::request{});
    EXPECT_EQ(p.points, (std::vector<std::uint64_t>{0, 1, 2, 3, 4, 5}));
    EXPECT_EQ(p.tasks, (u32{0, 1, 2, 3}));
    EXPECT_TRUE(p.all_tasks());
    EXPECT_FALSE(p.by_tasks());
    EXPECT_EQ(p.n_point_groups(), 1u);
    EXPECT_EQ(p.n_task_groups(), 1u);
    EXPECT_EQ(p.point_group, (u32{0, 0, 0, 0, 0, 0}));
    EXPECT_EQ(p.task_group_size, (std::vector<std::size_t>{4}));
    EXPECT_EQ(p.done, (std::vector<char>{1, 1, 1, 0, 1, 0}));
    EXPECT_EQ(p.counts[0], 1u);  // pending
    EXPECT_EQ(p.counts[1], 4u);  // done
    EXPECT_EQ(p.counts[2], 1u);  // failed
    EXPECT_TRUE(p.point_filters.empty() && p.task_filters.empty());
}

TEST(QueryPlan, GroupsAreTheLevelCombinationsThatOccurInLevelOrder) {
    const query::plan p = query::make_plan(six_points(), by({"profile", "cv"}));
    ASSERT_EQ(p.by.size(), 2u);
    // Text in order of first appearance (normal before gamma), numbers ascending.
    EXPECT_EQ(p.by[0].text, (std::vector<std::string>{"normal", "gamma"}));
    EXPECT_EQ(p.by[1].text, (std::vector<std::string>{"0", "0.5"}));
    EXPECT_EQ(p.point_group_levels, (std::vector<u32>{{0, 0}, {0, 1}, {1, 0}, {1, 1}}));
    // normal/0.5, normal/0, gamma/0.5, gamma/0, normal/0.5, gamma/0
    EXPECT_EQ(p.point_group, (u32{1, 0, 3, 2, 1, 2}));
}

TEST(QueryPlan, OnlyCombinationsThatOccurBecomeGroups) {
    // Among the points with cv = 0 seed 2 occurs with gamma only.
    const query::plan p = query::make_plan(six_points(), by({"profile", "seed"}, {"cv=0"}));
    EXPECT_EQ(p.points, (std::vector<std::uint64_t>{1, 3, 5}));
    EXPECT_EQ(p.point_group_levels, (std::vector<u32>{{0, 0}, {1, 0}, {1, 1}}));
    EXPECT_EQ(p.point_group, (u32{0, 1, 2}));
}

TEST(QueryPlan, FiltersSelectPointsAndTasksAndAreShownCanonically) {
    const query::plan p =
        query::make_plan(six_points(), by({}, {"tau.cv = 0.5", "profile!=gamma", "task.tier=1..2"}));
    EXPECT_EQ(p.points, (std::vector<std::uint64_t>{0, 4}));
    EXPECT_EQ(p.done, (std::vector<char>{1, 1}));
    EXPECT_EQ(p.tasks, (u32{0, 2}));
    EXPECT_FALSE(p.all_tasks());
    // The spec path is shown as the column's name, and so is task.<name>.
    EXPECT_EQ(p.point_filters, (std::vector<std::string>{"cv=0.5", "profile!=gamma"}));
    EXPECT_EQ(p.task_filters, (std::vector<std::string>{"tier=1..2"}));
    // The counts are the store's, whatever the selection.
    EXPECT_EQ(p.counts[1], 4u);
}

TEST(QueryPlan, ATaskColumnInByGivesEachRowItsOwnTasks) {
    const query::plan p = query::make_plan(six_points(), by({"tier", "cv"}, {"delta>=0"}));
    EXPECT_TRUE(p.by_tasks());
    EXPECT_TRUE(p.by[0].per_task);
    EXPECT_FALSE(p.by[1].per_task);
    EXPECT_EQ(p.tasks, (u32{1, 2, 3}));  // tiers 0, 1, 0
    EXPECT_EQ(p.by[0].text, (std::vector<std::string>{"0", "1"}));
    EXPECT_EQ(p.task_group, (u32{0, 1, 0}));
    EXPECT_EQ(p.task_group_levels, (std::vector<u32>{{0}, {1}}));
    EXPECT_EQ(p.task_group_size, (std::vector<std::size_t>{2, 1}));
    EXPECT_EQ(p.n_point_groups(), 2u);
}

TEST(QueryPlan, RequestsThatSelectNothingOrRepeatAColumnFail) {
    EXPECT_EQ(plan_error(by({}, {"cv=7"})), "--where cv=7: selects no points (cv takes 0, 0.5)");
    EXPECT_EQ(plan_error(by({}, {"tier=3"})), "--where tier=3: selects no tasks (tier takes 0, 1, 2)");
    EXPECT_EQ(plan_error(by({}, {"cv=0", "seed=2", "profile=normal"})),
              "--where cv=0 and --where seed=2 and --where profile=normal: together select no points");
    EXPECT_EQ(plan_error(by({}, {"tier=0", "delta<0"})),
              "--where tier=0 and --where delta<0: together select no tasks");
    EXPECT_EQ(plan_error(by({"cv", "tau.cv"})), "--by tau.cv: cv is given twice");
    EXPECT_EQ(plan_error(by({"cvv"})).substr(0, 42), "--by cvv: no such axis (did you mean cv?) ");
    query::table empty = six_points();
    empty.n_points = 0;
    empty.status.clear();
    EXPECT_EQ(plan_error(query::request{}, empty), "the store has no points");
}

// Per point, the first point of its identity, as the query judges it from the table's columns.
std::vector<std::uint64_t> same_as_of(query::table t, const point_params& defaults) {
    query::set_identities(t, defaults);
    return t.same_as;
}

// The identities of the six points from their columns: at cv = 0 the profile does not apply, so
// points 1 and 3 (seed 1, normal and gamma) are one network; nothing else repeats.
TEST(QueryPlan, IdentitiesComeFromTheKeyTable) {
    const query::table t = six_points();
    EXPECT_EQ(same_as_of(t, point_params{}), (std::vector<std::uint64_t>{0, 1, 2, 1, 4, 5}));
    // A key the columns lack takes its default, here a fixed readout under which the candidate
    // factors do not apply.
    point_params fixed;
    fixed.readout_mode = "fixed";
    EXPECT_EQ(same_as_of(t, fixed), (std::vector<std::uint64_t>{0, 1, 2, 1, 4, 5}));
    // A column this build does not know (a store of a newer build) still tells points apart.
    query::table other = t;
    other.grid.push_back({"not_a_key", value_kind::integer, {0, 1, 2, 3, 4, 5}, {}});
    EXPECT_EQ(same_as_of(other, point_params{}), (std::vector<std::uint64_t>{0, 1, 2, 3, 4, 5}));
    // A model this build does not know: no identities are judged, every point is its own.
    query::table unknown = t;
    unknown.grid.push_back({"model", value_kind::text, {}, {"x", "x", "x", "x", "x", "x"}});
    query::set_identities(unknown, point_params{});
    EXPECT_EQ(unknown.same_as, (std::vector<std::uint64_t>{0, 1, 2, 3, 4, 5}));
}

TEST(QueryPlan, ARepeatedNetworkCountsOncePerRow) {
    query::table t = six_points();
    t.same_as = same_as_of(t, point_params{});
    const query::plan by_cv = query::make_plan(t, by({"cv"}));
    EXPECT_EQ(by_cv.points, (std::vector<std::uint64_t>{0, 1, 2, 4, 5})) << "point 3 repeats point 1";
    EXPECT_EQ(by_cv.point_group, (u32{1, 0, 1, 1, 0}));
    EXPECT_EQ(by_cv.done, (std::vector<char>{1, 1, 1, 1, 0}));
    EXPECT_EQ(by_cv.repeats, 1u);
    // Rows that tell the profiles apart keep both: each is the only copy in its row.
    const query::plan by_profile = query::make_plan(t, by({"profile", "cv"}));
    EXPECT_EQ(by_profile.points.size(), 6u);
    EXPECT_EQ(by_profile.repeats, 0u);
}

}  // namespace
}  // namespace hetsweep
