#pragma once

// The store's datasets, declared once (the schema is documented in sweep_store.hpp): create()
// makes every dataset of the list, open() checks a file against the same list.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <hetsweep/store/sweep_store.hpp>

#include "h5_handle.hpp"

namespace hetsweep::store {

// What one element of a dataset is.
enum class cell {
    float64,
    int64,
    int32,
    uint32,
    boolean,  // HDF5 enum over int8 {FALSE = 0, TRUE = 1}: numpy bool in h5py
    status,   // HDF5 enum over int8 {pending, done, failed}
    text,     // fixed-length null-padded UTF-8 of text_bytes
};

// How a dataset starts: filled now (the rows a run writes later), or written once at creation.
enum class initial { written, nan, pending, zero, empty_text };

struct dataset_decl {
    std::string group;  // "" (the root), "grid" or "tasks"
    std::string name;
    cell type = cell::float64;
    std::vector<hsize_t> dims;
    std::size_t text_bytes = 1;
    initial start = initial::written;
    std::string kind;   // a column's `kind` attribute; "" for other datasets
    bool seed = false;  // a column's `seed` attribute
    // For the schema's documentation (schema_rows): the shape in words ("[n_points, n_tasks]") and
    // what the dataset holds. Every dataset of the layout must say it.
    std::string shape_doc, doc;
};

// What the declarations depend on: sizes, names and column kinds.
struct layout_shape {
    int schema_version = store::schema_version;
    std::uint64_t n_points = 0;
    std::size_t n_tasks = 0;
    std::vector<const column*> grid, tasks;  // values used for kinds, seeds and string sizes
    std::vector<std::string> metric_names, per_task_names;
};

// Every dataset of a store, groups first in each list position: grid columns (name order), task
// column names (schema 2), task columns, per-task names and matrices, metric names and metrics,
// status, attempts, message, checksum (schema 3).
std::vector<dataset_decl> declare_layout(const layout_shape& shape);

// The cell a column of this kind is stored as.
cell column_cell(value_kind kind);

// Creates the dataset in its group (which must exist), with its fill value and attributes.
h5_handle create_declared(const h5_handle& file, const dataset_decl& d);
// Opens the dataset and checks its shape and element class against the declaration.
h5_handle open_declared(const h5_handle& file, const dataset_decl& d);

// The types of a cell in memory and in the file.
h5_handle memory_type(const dataset_decl& d);
h5_handle file_type(const dataset_decl& d);

// A column's values, whole.
void write_column(const h5_handle& dataset, const column& c, hid_t transfer);
// A column's values as stored; kind from its attribute (schema 2) or its HDF5 class (schema 1).
column read_column(const h5_handle& dataset, const std::string& name, std::uint64_t rows, hid_t transfer);

// "[3, 882]"
std::string describe_dims(const std::vector<hsize_t>& dims);

}  // namespace hetsweep::store
