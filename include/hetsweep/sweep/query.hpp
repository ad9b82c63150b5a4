#pragma once

// The engine of `hetsweep query`: selection, grouping and statistics over a sweep's points and
// tasks (docs/query.md defines the semantics). Pure: the caller reads the store and hands the
// score matrix over through a row reader, so the engine needs neither HDF5 nor MPI.
//
// A query resolves in two steps. make_plan() checks every name and condition against the columns
// and fixes the selected points and tasks and the rows of the answer; it throws config_error naming
// the option, the value and the rule. Then per_point_scores() (or per_point_given(), for a value
// every point already holds) and summarise_points(), or summarise_tasks(), compute the rows.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace hetsweep::query {

// One column of the store: a grid key (one value per point) or a task property (one per task).
struct column {
    enum class kind { integer, real, boolean, text };

    std::string name;
    kind type = kind::real;
    std::vector<double> numbers;    // every kind but text; booleans are 0 and 1
    std::vector<std::string> text;  // text only

    std::size_t size() const { return type == kind::text ? text.size() : numbers.size(); }
    bool is_text() const { return type == kind::text; }
    // "0.5", "200", "true", "gamma": the shortest spelling that reads back as the same value.
    std::string display(std::size_t row) const;
};

// The shortest decimal spelling of x that parses back to x ("0.5", "1e-06", "-1.92").
std::string shortest(double x);

// "0, 0.5, 1, 2", or "-2 .. 2 (49 values)" for a column of many distinct values.
std::string describe_values(const column& c);
// More than one distinct value.
bool varies(const column& c);

// One filter: cv>=0.5, profile=gamma,normal, N=100..400, seed!=3.
struct condition {
    enum class op { in, not_in, less, less_equal, greater, greater_equal, range };

    std::string option;  // "--where", "--tier", ...: how the user gave it, for messages
    std::string text;    // as the user wrote it
    std::string key;
    op kind = op::in;
    std::vector<std::string> values;  // in, not_in: the values; comparisons: the bound; range: lo, hi

    std::string describe() const;   // "--where cv>=abc", "--tier 5": as given
    std::string canonical() const;  // "cv>=abc", "tier=5"
};

// KEY=V, KEY=V1,V2, KEY=LO..HI, KEY!=V, KEY<X, KEY<=X, KEY>X, KEY>=X.
condition parse_condition(const std::string& option, const std::string& text);
// The same without the key, for options that name it: "2", "0,1", "-1..1", ">=0".
condition parse_value_condition(const std::string& option, const std::string& key, const std::string& text);

// Which rows of c satisfy cond (1 or 0). Numbers compare with a relative tolerance of 1e-9, so that
// 0.08 matches the stored 8 * 0.01; ranges include both ends. Throws config_error when a value is
// not of the column's kind or the operator does not apply to it.
std::vector<char> evaluate(const condition& cond, const column& c);

enum class statistic { mean, sd, sem, ci95, min, max, median, n };
const char* to_string(statistic s);
statistic parse_statistic(const std::string& name);  // throws config_error listing the known ones

// Quantile p of Student's t distribution with df > 0 degrees of freedom (ci95 uses p = 0.975).
double t_quantile(double p, double df);

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

// Everything of a store that a query reads, but the per-task matrices.
struct table {
    std::uint64_t n_points = 0;
    std::size_t n_tasks = 0;
    std::vector<column> grid;         // n_points rows each, in the store's order
    std::vector<column> tasks;        // n_tasks rows each
    std::vector<std::int8_t> status;  // per point: 0 pending, 1 done, 2 failed
};

// Rows [first, first + count) of the score matrix, row-major (count x n_tasks).
using row_reader = std::function<std::vector<double>(std::uint64_t first, std::uint64_t count)>;

// The distinct values of a grouping column among the selected rows: numbers in ascending order,
// text in order of first appearance.
struct levels {
    std::string name;
    bool per_task = false;  // a task column: each row of the answer takes its own tasks
    column::kind type = column::kind::real;
    std::vector<std::string> text;  // display spelling, one per level
    std::vector<double> numbers;    // value, one per level (text columns: unused)
};

// A request resolved against a table.
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

    bool all_tasks() const { return tasks.size() == n_tasks; }
    bool by_tasks() const;  // some grouping column is a task column
    std::size_t n_point_groups() const { return point_group_levels.size(); }
    std::size_t n_task_groups() const { return task_group_levels.size(); }
};

plan make_plan(const table& t, const request& r);

// Per selected point and task group, the mean of the point's (clipped) scores over the group's
// selected tasks: plan.points.size() x n_task_groups, row-major, NaN for points not done.
struct point_values {
    std::vector<double> values;
    std::uint64_t non_finite = 0;  // scores of done points that were NaN or infinite, left out
};
point_values per_point_scores(const plan& p, const row_reader& read);
// A value every point of the store already has (one per store point: a metric column, or the
// stored per-point mean over all tasks); needs a plan with one task group.
point_values per_point_given(const plan& p, const std::vector<double>& per_store_point);

// One row of the answer.
struct row {
    std::vector<std::uint32_t> level;  // per plan.by entry
    std::vector<double> stats;         // per request.stats entry; NaN where undefined (sd of 1 value)
    std::uint64_t points = 0;          // done points that entered the row
    std::uint64_t points_total = 0;    // selected points of the row, whatever their status
    std::size_t tasks = 0;             // selected tasks of the row
    std::uint64_t n = 0;               // values the statistics are over
};

struct result {
    std::vector<row> rows;
    std::uint64_t non_finite = 0;
};

result summarise_points(const plan& p, const point_values& v);
result summarise_tasks(const plan& p, const row_reader& read);

// Cost per performance level: for each level of a heterogeneity axis and each score bin, the
// cheapest configuration whose score reaches the bin. A configuration is a set of points equal in
// every grid column but the averaged ones (the seeds): its score and its cost are the means over
// its done points, so a lucky seed cannot make a configuration look cheap.
struct cost_request {
    std::string metric;  // the cost's name, for messages
    std::string level_axis = "cv";
    std::string reference;     // level the savings are against; "": the smallest
    std::vector<double> bins;  // score thresholds; empty: chosen from the scores
    std::vector<std::string> average{"seed", "input_seed"};
};

struct cost_row {
    std::uint32_t group = 0;     // point group of the plan (its --by levels)
    std::uint32_t level = 0;     // index into cost_result::levels
    std::size_t bin = 0;         // index into cost_result::bins
    bool reached = false;        // a configuration of this level reaches the bin
    double cost = 0, score = 0;  // of the cheapest one
    std::uint64_t points = 0;    // its done points
    std::string configuration;   // its other varying columns: "N=200, g_rec=0.9" ("-": none)
    double saving = 0;           // reference cost / cost; NaN when the reference level never reaches the bin
};

struct cost_result {
    levels level_values;          // of the level axis
    std::uint32_t reference = 0;  // index into level_values
    std::vector<double> bins;
    std::vector<std::string> configuration_columns;  // the varying columns naming a configuration
    std::size_t configurations = 0;
    std::vector<cost_row> rows;  // by group, then bin, then level
};

// score: per selected point (per_point_scores with one task group); cost: per store point.
cost_result cost_per_level(const plan& p, const table& t, const point_values& score,
                           const std::vector<double>& cost, const cost_request& c);

}  // namespace hetsweep::query
