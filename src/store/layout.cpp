#include "layout.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include <hetsweep/errors.hpp>
#include <hetsweep/text.hpp>

#include "h5_io.hpp"

namespace hetsweep::store {

namespace {

dataset_decl declared(std::string group, std::string name, cell type, std::vector<hsize_t> dims = {},
                      std::size_t text_bytes = 1, initial start = initial::written) {
    dataset_decl d;
    d.group = std::move(group);
    d.name = std::move(name);
    d.type = type;
    d.dims = std::move(dims);
    d.text_bytes = text_bytes;
    d.start = start;
    return d;
}

dataset_decl documented(dataset_decl d, std::string shape_doc, std::string doc) {
    d.shape_doc = std::move(shape_doc);
    d.doc = std::move(doc);
    return d;
}

const char* const grid_column_doc =
    "one column per model key (every key, axis or not), named by the key's leaf name; attribute `kind` = "
    "bool, int, float or string (booleans are an HDF5 enum that h5py reads as numpy bool); the seed columns "
    "(network seed, input seed) carry the attribute `seed` = 1: statistics average over them";
const char* const task_column_doc =
    "one column per task property (`hetsweep schema` lists them), attribute `kind` as in /grid";

std::size_t longest(const std::vector<std::string>& values) {
    std::size_t n = 1;
    for (const auto& v : values) n = std::max(n, v.size());
    return n;
}

// An HDF5 enum over int8 with the given members.
template <class E, std::size_t N>
h5_handle int8_enum(hid_t base, const enum_name<E> (&members)[N], const char* what) {
    auto type = h5_own(H5Tenum_create(base), "H5Tenum_create", what);
    for (const auto& m : members) {
        const auto value = static_cast<std::int8_t>(m.value);
        h5_check(H5Tenum_insert(type.id(), m.name, &value), "H5Tenum_insert", what);
    }
    return type;
}

// h5py's own spelling of a boolean.
enum class h5py_bool : std::int8_t { no = 0, yes = 1 };
inline constexpr enum_name<h5py_bool> h5py_bool_names[] = {{h5py_bool::no, "FALSE"},
                                                           {h5py_bool::yes, "TRUE"}};

h5_handle cell_type(const dataset_decl& d, bool in_file) {
    switch (d.type) {
        case cell::float64:
            return h5_own(H5Tcopy(in_file ? H5T_IEEE_F64LE : H5T_NATIVE_DOUBLE), "H5Tcopy", d.name);
        case cell::int64:
            return h5_own(H5Tcopy(in_file ? H5T_STD_I64LE : H5T_NATIVE_INT64), "H5Tcopy", d.name);
        case cell::int32:
            return h5_own(H5Tcopy(in_file ? H5T_STD_I32LE : H5T_NATIVE_INT32), "H5Tcopy", d.name);
        case cell::uint32:
            return h5_own(H5Tcopy(in_file ? H5T_STD_U32LE : H5T_NATIVE_UINT32), "H5Tcopy", d.name);
        case cell::boolean:
            return int8_enum(in_file ? H5T_STD_I8LE : H5T_NATIVE_INT8, h5py_bool_names, "boolean type");
        case cell::status:
            return int8_enum(in_file ? H5T_STD_I8LE : H5T_NATIVE_INT8, point_status_names, "status type");
        case cell::text:
            return h5_fixed_string_type(d.text_bytes);
    }
    throw store_error("unknown cell type of " + d.name);
}

H5T_class_t cell_class(cell c) {
    switch (c) {
        case cell::float64:
            return H5T_FLOAT;
        case cell::int64:
        case cell::int32:
        case cell::uint32:
            return H5T_INTEGER;
        case cell::boolean:
        case cell::status:
            return H5T_ENUM;
        case cell::text:
            return H5T_STRING;
    }
    return H5T_NO_CLASS;
}

const char* class_name(H5T_class_t c) {
    switch (c) {
        case H5T_INTEGER:
            return "integer";
        case H5T_FLOAT:
            return "floating-point";
        case H5T_STRING:
            return "string";
        case H5T_ENUM:
            return "enumerated";
        default:
            return "other";
    }
}

H5T_class_t type_class(const h5_handle& dataset) {
    auto type = h5_dataset_type(dataset);
    return h5_check(H5Tget_class(type.id()), "H5Tget_class", dataset.name());
}

dataset_decl column_decl(const std::string& group, const column& c, hsize_t rows) {
    dataset_decl d = declared(group, c.name, column_cell(c.kind), {rows});
    d.shape_doc = group == "grid" ? "[n_points]" : "[n_tasks]";
    d.doc = group == "grid" ? grid_column_doc : task_column_doc;
    if (c.kind == value_kind::text) d.text_bytes = longest(c.text);
    d.kind = name_of(value_kind_stored_names, c.kind);
    d.seed = c.seed;
    return d;
}

dataset_decl names_decl(const std::string& name, const std::vector<std::string>& names, std::string shape_doc,
                        std::string doc) {
    dataset_decl d = declared("", name, cell::text, {names.size()});
    d.shape_doc = std::move(shape_doc);
    d.doc = std::move(doc);
    d.text_bytes = longest(names);
    return d;
}

h5_handle parent_of(const h5_handle& file, const dataset_decl& d) {
    if (!d.group.empty()) return h5_open_group(file, d.group);
    return h5_own(H5Gopen2(file.id(), "/", H5P_DEFAULT), "H5Gopen2", file.name());
}

}  // namespace

std::string describe_dims(const std::vector<hsize_t>& dims) {
    std::string out = "[";
    for (std::size_t i = 0; i < dims.size(); ++i) out += (i ? ", " : "") + std::to_string(dims[i]);
    return out + "]";
}

cell column_cell(value_kind kind) {
    switch (kind) {
        case value_kind::boolean:
            return cell::boolean;
        case value_kind::integer:
            return cell::int64;
        case value_kind::real:
            return cell::float64;
        case value_kind::text:
            return cell::text;
    }
    return cell::float64;
}

std::vector<dataset_decl> declare_layout(const layout_shape& s) {
    std::vector<dataset_decl> out;
    std::vector<const column*> grid = s.grid;
    std::sort(grid.begin(), grid.end(), [](auto* a, auto* b) { return a->name < b->name; });
    for (const auto* c : grid) out.push_back(column_decl("grid", *c, s.n_points));
    if (s.schema_version >= 2) {
        std::vector<std::string> task_names;
        for (const auto* c : s.tasks) task_names.push_back(c->name);
        out.push_back(names_decl("task_column_names", task_names, "[n_task_columns]",
                                 "the task columns below, in the order readers list them"));
    }
    for (const auto* c : s.tasks) out.push_back(column_decl("tasks", *c, s.n_tasks));
    out.push_back(names_decl("per_task_names", s.per_task_names, "[n_per_task]",
                             "the per-task matrices below, in store order (the outputs table: `hetsweep "
                             "schema` lists them)"));
    for (const auto& name : s.per_task_names)
        out.push_back(
            documented(declared("", name, cell::float64, {s.n_points, s.n_tasks}, 1, initial::nan),
                       "[n_points, n_tasks]",
                       "one per-task matrix per name of /per_task_names: the value of every task at "
                       "every point (NaN where not done)"));
    out.push_back(names_decl("metric_names", s.metric_names, "[n_metrics]",
                             "the per-point metrics, in the order of the columns of /metrics"));
    out.push_back(documented(
        declared("", "metrics", cell::float64, {s.n_points, s.metric_names.size()}, 1, initial::nan),
        "[n_points, n_metrics]",
        "per-point scalars, a column per name of /metric_names (NaN where not done)"));
    out.push_back(documented(declared("", "status", cell::status, {s.n_points}, 1, initial::pending),
                             "[n_points]", "0 pending, 1 done, 2 failed"));
    out.push_back(documented(declared("", "attempts", cell::int32, {s.n_points}, 1, initial::zero),
                             "[n_points]", "how many times the point was computed"));
    out.push_back(
        documented(declared("", "message", cell::text, {s.n_points}, message_bytes, initial::empty_text),
                   "[n_points]", "why the point failed (the last failure)"));
    if (s.schema_version >= 3) {
        out.push_back(documented(declared("", "same_as", cell::int64, {s.n_points}), "[n_points]",
                                 "the first point of the same computation: the point itself, or the earlier "
                                 "point it repeats (the homogeneous network under another profile); a reader "
                                 "counts each network once by keeping the rows where same_as is the row. "
                                 "Since schema 3"));
        out.push_back(
            documented(declared("", "checksum", cell::uint32, {s.n_points}, 1, initial::zero), "[n_points]",
                       "CRC-32 (zlib's crc32) of a done row: the little-endian float64 bytes of each "
                       "per-task row in /per_task_names order, then of its metrics row; 0 for rows "
                       "never done. Since schema 3"));
    }
    return out;
}

h5_handle memory_type(const dataset_decl& d) {
    return cell_type(d, false);
}

h5_handle file_type(const dataset_decl& d) {
    return cell_type(d, true);
}

h5_handle create_declared(const h5_handle& file, const dataset_decl& d) {
    const auto parent = parent_of(file, d);
    const auto in_file = file_type(d), in_memory = memory_type(d);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const std::int8_t pending = static_cast<std::int8_t>(point_status::pending);
    const std::int32_t zero = 0;
    const std::vector<char> empty(d.text_bytes, '\0');
    const void* fill = nullptr;
    switch (d.start) {
        case initial::written:
            break;
        case initial::nan:
            fill = &nan;
            break;
        case initial::pending:
            fill = &pending;
            break;
        case initial::zero:
            fill = &zero;
            break;
        case initial::empty_text:
            fill = empty.data();
            break;
    }
    auto dataset = h5_create_dataset(parent, d.name, in_file.id(), d.dims,
                                     d.start == initial::empty_text ? in_file.id() : in_memory.id(), fill);
    if (!d.kind.empty()) h5_write_attribute(dataset, "kind", d.kind);
    if (d.seed) h5_write_attribute(dataset, "seed", std::int32_t(1));
    return dataset;
}

h5_handle open_declared(const h5_handle& file, const dataset_decl& d) {
    auto dataset = h5_open_dataset(parent_of(file, d), d.name);
    const auto dims = h5_dims(dataset);
    if (dims != d.dims) {
        throw store_error(dataset.name() + " has shape " + describe_dims(dims) + ", expected " +
                          describe_dims(d.dims) + ": the store is damaged");
    }
    const H5T_class_t got = type_class(dataset), want = cell_class(d.type);
    // Schema 1 stored booleans as float64; the kind read from the file decides, so both pass here.
    if (got != want && !(d.type == cell::boolean && got == H5T_FLOAT)) {
        throw store_error(dataset.name() + " holds " + class_name(got) +
                          " values where the schema declares " + class_name(want) +
                          " values: the store is damaged or was not written by hetsweep");
    }
    return dataset;
}

void write_column(const h5_handle& dataset, const column& c, hid_t transfer) {
    const auto rows = c.size();
    switch (c.kind) {
        case value_kind::text:
            h5_write_strings(dataset, c.text, 0, transfer);
            return;
        case value_kind::real:
            h5_write_rows(dataset, H5T_NATIVE_DOUBLE, 0, rows, c.numbers.data(), transfer);
            return;
        case value_kind::integer: {
            const std::vector<std::int64_t> v(c.numbers.begin(), c.numbers.end());
            h5_write_rows(dataset, H5T_NATIVE_INT64, 0, rows, v.data(), transfer);
            return;
        }
        case value_kind::boolean: {
            std::vector<std::int8_t> v;
            for (double x : c.numbers) v.push_back(x != 0);
            const dataset_decl d = declared("", c.name, cell::boolean);
            h5_write_rows(dataset, memory_type(d).id(), 0, rows, v.data(), transfer);
            return;
        }
    }
}

column read_column(const h5_handle& dataset, const std::string& name, std::uint64_t rows, hid_t transfer) {
    column c;
    c.name = name;
    const H5T_class_t cls = type_class(dataset);
    if (h5_has_attribute(dataset, "kind")) {
        const std::string kind = h5_read_string_attribute(dataset, "kind");
        const auto parsed = parse_name(value_kind_stored_names, kind);
        if (!parsed) {
            throw store_error(dataset.name() + " has kind " + quoted(kind) + "; the kinds are " +
                              join(all_names(value_kind_stored_names)));
        }
        c.kind = *parsed;
    } else {
        c.kind = cls == H5T_STRING    ? value_kind::text
                 : cls == H5T_INTEGER ? value_kind::integer
                                      : value_kind::real;
    }
    c.seed = h5_has_attribute(dataset, "seed") && h5_read_int_attribute(dataset, "seed") != 0;
    if (cell_class(column_cell(c.kind)) != cls) {
        throw store_error(dataset.name() + " is declared " + name_of(value_kind_stored_names, c.kind) +
                          " but holds other values");
    }
    switch (c.kind) {
        case value_kind::text:
            c.text = h5_read_strings(dataset, transfer);
            break;
        case value_kind::real:
            c.numbers.resize(rows);
            h5_read_rows(dataset, H5T_NATIVE_DOUBLE, 0, rows, c.numbers.data(), transfer);
            break;
        case value_kind::integer: {
            std::vector<std::int64_t> v(rows);
            h5_read_rows(dataset, H5T_NATIVE_INT64, 0, rows, v.data(), transfer);
            c.numbers.assign(v.begin(), v.end());
            break;
        }
        case value_kind::boolean: {
            std::vector<std::int8_t> v(rows);
            const dataset_decl d = declared("", name, cell::boolean);
            h5_read_rows(dataset, memory_type(d).id(), 0, rows, v.data(), transfer);
            c.numbers.assign(v.begin(), v.end());
            break;
        }
    }
    return c;
}

namespace {

std::string type_in_words(const dataset_decl& d) {
    if (!d.kind.empty()) return "bool, int64, float64 or string, by its `kind`";
    switch (d.type) {
        case cell::float64:
            return "float64";
        case cell::int64:
            return "int64";
        case cell::int32:
            return "int32";
        case cell::uint32:
            return "uint32";
        case cell::boolean:
            return "bool (int8 enum)";
        case cell::status:
            return "int8 enum {pending, done, failed}";
        case cell::text:
            return d.name == "message" ? std::to_string(d.text_bytes) + "-byte strings" : "strings";
    }
    return "?";
}

}  // namespace

std::vector<schema_row> schema_rows() {
    std::vector<schema_row> out;
    out.push_back(
        {"root attributes", "strings; schema_version, numerics_version int32",
         "schema_version (" + std::to_string(schema_version) +
             "; readers refuse a version they do not know), numerics_version (the numerics the "
             "results were computed with), sweep_name, spec_text (the spec as run), spec_hash, "
             "hetsweep_version, git_commit, created (ISO 8601), invariants (the numerics, sweep seed "
             "and benchmark flag a store must share with a spec to grow into it)"});
    // One column, task column, per-task matrix and metric stand for all of them.
    const column key{"<key>", value_kind::real, {0}, {}, false},
        task{"<name>", value_kind::real, {0}, {}, false};
    layout_shape shape;
    shape.n_points = 1;
    shape.n_tasks = 1;
    shape.grid = {&key};
    shape.tasks = {&task};
    shape.per_task_names = {"<per_task_name>"};
    shape.metric_names = {"<metric>"};
    for (const auto& d : declare_layout(shape)) {
        const std::string path = "/" + (d.group.empty() ? "" : d.group + "/") + d.name;
        if (d.doc.empty() || d.shape_doc.empty())
            throw std::logic_error("the layout declares " + path + " without its documentation (layout.cpp)");
        out.push_back({path, type_in_words(d) + " " + d.shape_doc, d.doc});
    }
    out.push_back(
        {"/runs/NNNN", "a group per run, attributes",
         "the run log (store/run_log.hpp): ranks, start_time, end_time (empty if the run was killed), "
         "outcome (running, complete, complete with failures, interrupted), slurm_job_id, blas, "
         "platform (every rank's CPU, BLAS kernel and build)"});
    return out;
}

}  // namespace hetsweep::store
