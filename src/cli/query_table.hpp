#pragma once

// A sweep store as the query engine sees it: its columns and status, and its score rows on demand.
// The query command reads the store through these, straight from the store layer.

#include <hetsweep/query/table.hpp>
#include <hetsweep/store/sweep_store.hpp>

#include <string>

namespace hetsweep::cli {

// The grid columns and task columns with the kinds the store gives them, and the status of every
// point.
query::table load_query_table(const store::sweep_store& s);

// Throws store_error naming the done points whose stored rows no longer match their checksum; a store
// without checksums passes.
void check_rows(const store::sweep_store& s);

// Reads rows of the per-task matrix `name` ("scores") from s, which must outlive the reader.
query::row_reader per_task_reader(const store::sweep_store& s, const std::string& name);

}  // namespace hetsweep::cli
