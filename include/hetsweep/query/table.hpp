#pragma once

// Everything of a store that a query reads, but the per-task matrices, and how a name the user gives
// finds its column. The caller fills the table from the store and reads the score matrix through a
// row_reader, so the engine needs neither HDF5 nor MPI.

#include <hetsweep/query/column.hpp>
#include <hetsweep/vocab/params.hpp>

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
    // Per point, the first point with the same identity (itself if none): statistics count one
    // identity once per row. Empty: every point is its own.
    std::vector<std::uint64_t> same_as;
    // The pseudo-column `network` (--by network: one row per distinct network): per point, same_as as
    // an integer column. Not a grid column: pairs, configurations and --columns ignore it.
    column network;
    // --tuned KEY (query/tuning.hpp): the grid column each configuration chose its value of, and per
    // point whether it is its configuration's choice. Empty: nothing tuned, every point kept.
    std::string tuned;
    std::vector<char> kept;
};

// Sets t.same_as (vocab/identity.hpp: the first point of each identity, judged from the grid
// columns; a key the columns lack takes its value in `defaults`, defaults_of_numerics of the store's
// version) and t.network.
void set_identities(table& t, const point_params& defaults);

// The names of the seed columns (column::seed: replicates, which statistics average over).
std::vector<std::string> seed_columns(const table& t);

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
