#include "layout.hpp"

#include <algorithm>
#include <limits>

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
    if (c.kind == column_kind::text) d.text_bytes = longest(c.text);
    d.kind = name_of(column_kind_names, c.kind);
    d.seed = c.seed;
    return d;
}

dataset_decl names_decl(const std::string& name, const std::vector<std::string>& names) {
    dataset_decl d = declared("", name, cell::text, {names.size()});
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

cell column_cell(column_kind kind) {
    switch (kind) {
        case column_kind::boolean:
            return cell::boolean;
        case column_kind::integer:
            return cell::int64;
        case column_kind::real:
            return cell::float64;
        case column_kind::text:
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
        out.push_back(names_decl("task_column_names", task_names));
    }
    for (const auto* c : s.tasks) out.push_back(column_decl("tasks", *c, s.n_tasks));
    out.push_back(names_decl("per_task_names", s.per_task_names));
    for (const auto& name : s.per_task_names)
        out.push_back(declared("", name, cell::float64, {s.n_points, s.n_tasks}, 1, initial::nan));
    out.push_back(names_decl("metric_names", s.metric_names));
    out.push_back(
        declared("", "metrics", cell::float64, {s.n_points, s.metric_names.size()}, 1, initial::nan));
    out.push_back(declared("", "status", cell::status, {s.n_points}, 1, initial::pending));
    out.push_back(declared("", "attempts", cell::int32, {s.n_points}, 1, initial::zero));
    out.push_back(declared("", "message", cell::text, {s.n_points}, message_bytes, initial::empty_text));
    if (s.schema_version >= 3) {
        out.push_back(declared("", "same_as", cell::int64, {s.n_points}));
        out.push_back(declared("", "checksum", cell::uint32, {s.n_points}, 1, initial::zero));
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
        case column_kind::text:
            h5_write_strings(dataset, c.text, 0, transfer);
            return;
        case column_kind::real:
            h5_write_rows(dataset, H5T_NATIVE_DOUBLE, 0, rows, c.numbers.data(), transfer);
            return;
        case column_kind::integer: {
            const std::vector<std::int64_t> v(c.numbers.begin(), c.numbers.end());
            h5_write_rows(dataset, H5T_NATIVE_INT64, 0, rows, v.data(), transfer);
            return;
        }
        case column_kind::boolean: {
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
        const auto parsed = parse_name(column_kind_names, kind);
        if (!parsed) {
            throw store_error(dataset.name() + " has kind " + quoted(kind) + "; the kinds are " +
                              join(all_names(column_kind_names)));
        }
        c.kind = *parsed;
    } else {
        c.kind = cls == H5T_STRING    ? column_kind::text
                 : cls == H5T_INTEGER ? column_kind::integer
                                      : column_kind::real;
    }
    c.seed = h5_has_attribute(dataset, "seed") && h5_read_int_attribute(dataset, "seed") != 0;
    if (cell_class(column_cell(c.kind)) != cls) {
        throw store_error(dataset.name() + " is declared " + name_of(column_kind_names, c.kind) +
                          " but holds other values");
    }
    switch (c.kind) {
        case column_kind::text:
            c.text = h5_read_strings(dataset, transfer);
            break;
        case column_kind::real:
            c.numbers.resize(rows);
            h5_read_rows(dataset, H5T_NATIVE_DOUBLE, 0, rows, c.numbers.data(), transfer);
            break;
        case column_kind::integer: {
            std::vector<std::int64_t> v(rows);
            h5_read_rows(dataset, H5T_NATIVE_INT64, 0, rows, v.data(), transfer);
            c.numbers.assign(v.begin(), v.end());
            break;
        }
        case column_kind::boolean: {
            std::vector<std::int8_t> v(rows);
            const dataset_decl d = declared("", name, cell::boolean);
            h5_read_rows(dataset, memory_type(d).id(), 0, rows, v.data(), transfer);
            c.numbers.assign(v.begin(), v.end());
            break;
        }
    }
    return c;
}

}  // namespace hetsweep::store
