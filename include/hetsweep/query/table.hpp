#pragma once

// Everything of a store that a query reads, but the per-task matrices, and how a name the user gives
// finds its column. The caller fills the table from the store and reads the score matrix through a
// row_reader, so the engine needs neither HDF5 nor MPI.

#include <hetsweep/model/params.hpp>
#include <hetsweep/query/column.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace hetsweep::query {

struct table {
    std::uint64_t n_points = 0;
    std::size_t n_tasks = 0;
    std::vector<column> grid;         // n_points rows each, in the store's order
    std::vector<column> tasks;        // n_tasks rows each
    std::vector<std::int8_t> status;  // per point: 0 pending, 1 done, 2 failed
    std::vector<std::string> seeds;   // grid columns whose values are independent realisations
    // Per point, the first point with the same identity (itself if none): statistics count one
    // identity once per row. Empty: every point is its own.
    std::vector<std::uint64_t> same_as;
    // The pseudo-column `network` (--by network: one row per distinct network): per point, same_as as
    // an integer column. Not a grid column: pairs, configurations and --columns ignore it.
    column network;
};

// Sets t.same_as and t.network from identities().
void set_identities(table& t, const point_params& defaults);

// Points of one identity (model/param_table.hpp, point_identity: a homogeneous network is the same
// under every profile), judged from the grid columns, one per model key; a key the columns lack
// takes its value in `defaults` (defaults_of_numerics of the store's version). Returns, per point,
// the first point of its identity.
std::vector<std::uint64_t> identities(const std::vector<column>& grid, std::uint64_t n_points,
                                      const point_params& defaults);
// The identity text of each point (what identities() compares): point_identity of the point rebuilt
// from the grid columns, and a "name=value" line for each column this build cannot set as a key.
std::vector<std::string> identity_texts(const std::vector<column>& grid, std::uint64_t n_points,
                                        const point_params& defaults);

// Rows [first, first + count) of the score matrix, row-major (count x n_tasks).
using row_reader = std::function<std::vector<double>(std::uint64_t first, std::uint64_t count)>;

// A column of a table, and whether it is a task column (else a grid column).
struct column_ref {
    const column* col = nullptr;
    bool per_task = false;
};

// A grid column by its name or its spec path ("cv", "tau.cv"), a task column by its name or as
// "task.<name>" (for a task column that a grid column of the same name hides). Throws config_error
// starting with `context` ("--by cvv") that suggests a close name and lists the axes and task
// columns.
column_ref find_column(const table& t, const std::string& name, const std::string& context);

}  // namespace hetsweep::query
