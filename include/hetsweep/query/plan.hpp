#pragma once

// A query resolved against a table: the selected points and tasks and the rows of the answer
// (docs/query.md defines the semantics).
//
// A query resolves in two steps. make_plan() checks every name and condition against the columns
// and fixes the selected points and tasks and the rows of the answer; it throws config_error naming
// the option, the value and the rule. Then the functions of summary.hpp, or cost_per_level(),
// compute the rows.

#include <hetsweep/query/condition.hpp>
#include <hetsweep/query/levels.hpp>
#include <hetsweep/query/statistic.hpp>
#include <hetsweep/query/table.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace hetsweep::query {

enum class over {
    points,  // the statistic is across points, of each point's mean over the row's tasks
    tasks,   // the statistic is across every (point, task) score of the row
};

struct request {
    std::vector<std::string> by;   // grid or task columns; empty: one row
    std::vector<condition> where;  // on grid or task columns, all must hold
    std::vector<statistic> stats{statistic::mean, statistic::ci95};
    query::over over = over::points;
    bool clip = true;  // clip each task's score at 0 before anything else
};

struct plan {
    request req;
    std::vector<levels> by;                                      // request.by, resolved, in the same order
    std::vector<std::uint64_t> points;                           // selected points (any status), ascending
    std::vector<std::uint32_t> point_group;                      // per selected point
    std::vector<std::vector<std::uint32_t>> point_group_levels;  // per point group: level per grid by
    std::vector<std::uint32_t> tasks;                            // selected tasks, ascending
    std::vector<std::uint32_t> task_group;                       // per selected task
    std::vector<std::vector<std::uint32_t>> task_group_levels;   // per task group: level per task by
    std::vector<std::size_t> task_group_size;                    // selected tasks per task group
    std::vector<char> done;                                      // per selected point
    std::size_t n_tasks = 0;                                     // of the store
    std::uint64_t n_points = 0;                                  // of the store
    std::size_t counts[3] = {0, 0, 0};                           // points of the store pending, done, failed
    std::vector<std::string> point_filters, task_filters;        // canonical conditions, as applied
    std::uint64_t repeats = 0;  // selected points left out: they repeat a point of their row (table::same_as)

    bool all_tasks() const { return tasks.size() == n_tasks; }
    bool by_tasks() const;  // some grouping column is a task column
    std::size_t n_point_groups() const { return point_group_levels.size(); }
    std::size_t n_task_groups() const { return task_group_levels.size(); }
};

// Each condition must select something on its own, and all of them together too. Groups are the
// combinations of levels that occur among the selected points (tasks), in level order; no --by
// gives one group. A point of the same identity as an earlier point of its group (the homogeneous
// network under a second profile) is not selected: each network counts once per row.
plan make_plan(const table& t, const request& r);

}  // namespace hetsweep::query
