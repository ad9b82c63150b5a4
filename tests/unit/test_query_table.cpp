// Column lookup: grid columns by name or spec path, task columns by name or as task.<name>, and a
// message for an unknown name that suggests a close one and lists what there is.

#include <hetsweep/errors.hpp>
#include <hetsweep/query/table.hpp>

#include <gtest/gtest.h>

#include "unit/error_of.hpp"

#include <string>

namespace hetsweep {
namespace {

using query::column;

// Grid: cv varies; N and k take one value each. Tasks: k (hidden by the grid's k) and tier.
query::table small_table() {
    query::table t;
    t.n_points = 2;
    t.n_tasks = 3;
    t.grid = {{"cv", value_kind::real, {0, 1}, {}},
              {"N", value_kind::integer, {200, 200}, {}},
              {"k", value_kind::integer, {5, 5}, {}}};
    t.tasks = {{"k", value_kind::integer, {1, 2, 3}, {}}, {"tier", value_kind::integer, {0, 1, 2}, {}}};
    t.status = {1, 1};
    return t;
}

std::string lookup_error(const query::table& t, const std::string& name) {
    return test::error_of([&] { query::find_column(t, name, "--by " + name); });
}

TEST(QueryTable, GridColumnsByNameOrSpecPath) {
    const query::table t = small_table();
    const auto cv = query::find_column(t, "cv", "--by cv");
    EXPECT_EQ(cv.col, &t.grid[0]);
    EXPECT_FALSE(cv.per_task);
    const auto path = query::find_column(t, "tau.cv", "--by tau.cv");
    EXPECT_EQ(path.col, &t.grid[0]);
    EXPECT_FALSE(path.per_task);
    EXPECT_EQ(query::find_column(t, "network.N", "--by network.N").col, &t.grid[1]);
}

TEST(QueryTable, TaskColumnsByNameOrWithTheirPrefix) {
    const query::table t = small_table();
    const auto tier = query::find_column(t, "tier", "--by tier");
    EXPECT_EQ(tier.col, &t.tasks[1]);
    EXPECT_TRUE(tier.per_task);
    EXPECT_EQ(query::find_column(t, "task.tier", "--by task.tier").col, &t.tasks[1]);
    // A grid column hides a task column of the same name; task.<name> reaches the task column.
    const auto grid_k = query::find_column(t, "k", "--by k");
    EXPECT_EQ(grid_k.col, &t.grid[2]);
    EXPECT_FALSE(grid_k.per_task);
    const auto task_k = query::find_column(t, "task.k", "--by task.k");
    EXPECT_EQ(task_k.col, &t.tasks[0]);
    EXPECT_TRUE(task_k.per_task);
}

TEST(QueryTable, UnknownNamesListWhatThereIs) {
    const query::table t = small_table();
    const std::string tail =
        " (axes: cv; task columns: k, tier; and 2 grid columns that take one value here, which hetsweep "
        "query FILE --columns lists)";
    EXPECT_EQ(lookup_error(t, "cvv"), "--by cvv: no such axis (did you mean cv?)" + tail);
    EXPECT_EQ(lookup_error(t, "tiers"), "--by tiers: no such axis (did you mean tier?)" + tail);
    // The suggestion is for the leaf of a dotted name.
    EXPECT_EQ(lookup_error(t, "tau.cw"), "--by tau.cw: no such axis (did you mean cv?)" + tail);
    EXPECT_EQ(lookup_error(t, "profile"), "--by profile: no such axis" + tail);
    // A spec path of a key this store has no column for, and task. with a grid column's name.
    EXPECT_EQ(lookup_error(t, "tau.profile"), "--by tau.profile: no such axis" + tail);
    EXPECT_EQ(lookup_error(t, "task.cv"), "--by task.cv: no such axis (did you mean cv?)" + tail);
}

}  // namespace
}  // namespace hetsweep
