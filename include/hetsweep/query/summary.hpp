#pragma once

// The rows of a query's answer: each done point's value per task group (its mean score over the
// group's tasks, or a value it already holds), then the statistics of each row across those values,
// or across every (point, task) score of the row.

#include <hetsweep/query/plan.hpp>
#include <hetsweep/query/replicates.hpp>
#include <hetsweep/query/table.hpp>

#include <cstdint>
#include <vector>

namespace hetsweep::query {

// Per selected point and task group, the mean of the point's (clipped) scores over the group's
// selected tasks: plan.points.size() x n_task_groups, row-major, NaN for points not done.
struct point_values {
    std::vector<double> values;
    std::uint64_t non_finite = 0;  // scores of done points that were NaN or infinite, left out
};

// Reads the rows of the done selected points in blocks of up to 512 consecutive rows.
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
    // --components: the row's points as replicates (a cell per network seed and input realisation,
    // its points averaged) of a crossed design (query/replicates.hpp); empty method otherwise.
    replicate_inference replicates;
};

// Rows in level order (by the first --by column, then the second, ...).
struct result {
    std::vector<row> rows;
    std::uint64_t non_finite = 0;
};

// --over points: the statistics across the row's per-point values; with `components` (the table the
// plan is of, and the bootstrap's settings), each row's replicate inference too.
struct components_request {
    const table* t = nullptr;
    bootstrap_settings bootstrap;
};
result summarise_points(const plan& p, const point_values& v, const components_request* components = nullptr);
// --over tasks: the statistics across every finite (point, task) score of the row.
result summarise_tasks(const plan& p, const row_reader& read);

}  // namespace hetsweep::query
