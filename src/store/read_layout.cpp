// An existing store's description read and checked against the declared layout, for every schema
// version this build opens: what schema 1 lacks (task column names, kinds, numerics) is filled in.

#include <string>
#include <vector>

#include <hetsweep/enum_names.hpp>
#include <hetsweep/errors.hpp>
#include <hetsweep/text.hpp>

#include "h5_io.hpp"
#include "layout.hpp"
#include "sweep_store_impl.hpp"

namespace hetsweep::store {

namespace {

// The task columns of schema 1, which did not list them.
const std::vector<std::string> schema_1_task_columns = {"k",     "d",    "delta",     "delta_realised",
                                                        "shift", "tier", "complexity"};

}  // namespace

// Reads and checks everything that describes the store against the declared layout, and opens every
// dataset a run writes.
void sweep_store::impl::read_layout() {
    if (!h5_has_attribute(file, "schema_version")) {
        throw store_error(
            path +
            " is an HDF5 file but not a hetsweep sweep store: its root has no schema_version attribute");
    }
    info.schema_version = h5_read_int_attribute(file, "schema_version");
    if (info.schema_version < oldest_schema_version || info.schema_version > schema_version) {
        throw store_error(path + " has store schema version " + std::to_string(info.schema_version) +
                          ", but this build of hetsweep reads versions " +
                          std::to_string(oldest_schema_version) + " to " + std::to_string(schema_version) +
                          (info.schema_version > schema_version ? ": use a newer hetsweep" : ""));
    }
    info.sweep_name = h5_read_string_attribute(file, "sweep_name");
    info.spec_text = h5_read_string_attribute(file, "spec_text");
    info.spec_hash = h5_read_string_attribute(file, "spec_hash");
    info.hetsweep_version = h5_read_string_attribute(file, "hetsweep_version");
    info.git_commit = h5_read_string_attribute(file, "git_commit");
    info.created = h5_read_string_attribute(file, "created");
    info.numerics_version =
        h5_has_attribute(file, "numerics_version") ? h5_read_int_attribute(file, "numerics_version") : 1;
    info.invariants =
        h5_has_attribute(file, "invariants") ? h5_read_string_attribute(file, "invariants") : "";

    // What the declarations depend on: the sizes, the names and the columns. The number of points
    // is the grid's, written once when the store was made; every dataset with a row per point is
    // then checked against it, by name.
    metric_names = h5_read_strings(h5_open_dataset(file, "metric_names"), transfer());
    per_task_names = h5_read_strings(h5_open_dataset(file, "per_task_names"), transfer());
    if (per_task_names.empty() || per_task_names.front() != "scores") {
        throw store_error(path + ":/per_task_names = [" + join(per_task_names) +
                          "] does not start with scores");
    }
    const auto task_names = info.schema_version >= 2
                                ? h5_read_strings(h5_open_dataset(file, "task_column_names"), transfer())
                                : schema_1_task_columns;
    auto task_group = h5_open_group(file, "tasks");
    for (const auto& name : task_names) {
        auto dataset = h5_open_dataset(task_group, name);
        const auto dims = h5_dims(dataset);
        if (dims.size() != 1) throw store_error(dataset.name() + " is not one-dimensional");
        if (tasks.empty()) n_tasks = dims[0];
        if (dims[0] != n_tasks)
            throw store_error(dataset.name() + " has " + std::to_string(dims[0]) + " rows, expected " +
                              std::to_string(n_tasks));
        tasks.push_back(read_column(dataset, name, n_tasks, transfer()));
    }
    auto grid_group = h5_open_group(file, "grid");
    std::vector<column> grid_kinds;  // names, kinds and seeds; the values are read on demand
    std::string first_grid;
    for (const auto& name : h5_child_names(grid_group)) {
        auto dataset = h5_open_dataset(grid_group, name);
        const auto dims = h5_dims(dataset);
        if (dims.size() != 1)
            throw store_error(dataset.name() + " has shape " + describe_dims(dims) +
                              ", expected one row per point");
        if (first_grid.empty()) {
            first_grid = dataset.name();
            n_points = dims[0];
        } else if (dims[0] != n_points) {
            throw store_error(dataset.name() + " has " + std::to_string(dims[0]) + " rows but " + first_grid +
                              " has " + std::to_string(n_points) + ": the store is damaged");
        }
        column c;
        c.name = name;
        if (h5_has_attribute(dataset, "kind")) {
            const std::string kind = h5_read_string_attribute(dataset, "kind");
            const auto parsed = parse_name(value_kind_stored_names, kind);
            if (!parsed) throw store_error(dataset.name() + " has an unknown kind " + quoted(kind));
            c.kind = *parsed;
        } else {
            c.kind = value_kind::real;  // schema 1: checked by class below
        }
        grid_kinds.push_back(std::move(c));
    }

    if (first_grid.empty()) throw store_error(path + ":/grid has no columns: the store is damaged");

    layout_shape shape;
    shape.schema_version = info.schema_version;
    shape.n_points = n_points;
    shape.n_tasks = n_tasks;
    shape.grid = pointers(grid_kinds);
    shape.tasks = pointers(tasks);
    shape.metric_names = metric_names;
    shape.per_task_names = per_task_names;
    for (const auto& d : declare_layout(shape)) {
        // Schema 1 kept a grid column's kind in its HDF5 class alone.
        if (d.group == "grid" && info.schema_version == 1) {
            auto dataset = h5_open_dataset(grid_group, d.name);
            const auto dims = h5_dims(dataset);
            if (dims != d.dims)
                throw store_error(dataset.name() + " has shape " + describe_dims(dims) + ", expected " +
                                  describe_dims(d.dims));
            keep(d, std::move(dataset));
            continue;
        }
        keep(d, open_declared(file, d));
    }
    h5_open_group(file, "runs");
    open_log();
}

}  // namespace hetsweep::store
