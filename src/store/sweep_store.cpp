#include <hetsweep/store/sweep_store.hpp>

#include <algorithm>
#include <exception>
#include <filesystem>
#include <map>
#include <set>
#include <utility>

#include <zlib.h>

#include <hetsweep/comm/native_communicator.hpp>
#include <hetsweep/comm/pack.hpp>
#include <hetsweep/errors.hpp>
#include <hetsweep/text.hpp>
#include <hetsweep/vocab/fnv1a.hpp>

#include "from_root.hpp"
#include "h5_handle.hpp"
#include "h5_io.hpp"
#include "layout.hpp"
#include "run_log_impl.hpp"

namespace hetsweep {

// Boost.Serialization of a column (found by argument-dependent lookup in the column's namespace), for
// the schema create() shares between ranks. Internal linkage: not part of the public type.
template <class Archive>
static void serialize(Archive& a, column& c, unsigned) {
    auto kind = static_cast<std::int8_t>(c.kind);
    a& c.name& kind& c.seed& c.numbers& c.text;
    c.kind = static_cast<value_kind>(kind);
}

}  // namespace hetsweep

namespace hetsweep::store {

// Boost.Serialization for the structs that create() shares between ranks. Internal linkage: these
// are not part of the public types.
template <class Archive>
static void serialize(Archive& a, provenance& p, unsigned) {
    a& p.sweep_name& p.spec_text& p.spec_hash& p.hetsweep_version& p.git_commit& p.schema_version& p
        .numerics_version& p.created& p.invariants;
}

template <class Archive>
static void serialize(Archive& a, schema& s, unsigned) {
    a& s.n_points& s.grid& s.tasks& s.metric_names& s.per_task_names& s.same_as;
}

schema schema_from_root(const comm::context& ctx, const std::function<schema()>& make) {
    return comm::unpack<schema>(ctx.broadcast(ctx.rank() == 0 ? comm::pack(make()) : std::vector<char>{}, 0));
}

namespace {

namespace fs = std::filesystem;

// Root names a per-task matrix may not take.
const std::set<std::string> reserved_names = {
    "grid",   "tasks",    "task_column_names", "per_task_names", "metric_names", "metrics",
    "status", "attempts", "message",           "runs",           "checksum",     "same_as"};

// The task columns of schema 1, which did not list them.
const std::vector<std::string> schema_1_task_columns = {"k",     "d",    "delta",     "delta_realised",
                                                        "shift", "tier", "complexity"};

// Names that become HDF5 link names: non-empty, no '/', not "." .
std::string check_link_name(const std::string& where, const std::string& name) {
    if (name.empty()) return where + " is empty";
    if (name == "." || name.find('/') != std::string::npos)
        return where + " = " + quoted(name) + ": may not contain '/' or be '.'";
    return "";
}

// The first thing wrong with a list of columns of `rows` values each, or "".
std::string find_columns_problem(const std::string& what, const std::vector<column>& columns,
                                 std::uint64_t rows, const std::string& rows_name) {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        const auto& c = columns[i];
        const std::string where = what + "[" + std::to_string(i) + "].name";
        if (auto p = check_link_name(where, c.name); !p.empty()) return p;
        if (!seen.insert(c.name).second) return where + " = " + quoted(c.name) + ": appears twice";
        if (c.size() != rows) {
            return what + "[" + std::to_string(i) + "] " + quoted(c.name) + " has " +
                   std::to_string(c.size()) + " values: must have one per row (" + rows_name + " = " +
                   std::to_string(rows) + ")";
        }
    }
    return "";
}

// The first thing wrong with a schema, or "" if it can be stored.
std::string find_schema_problem(const schema& s) {
    if (s.n_points == 0) return "schema.n_points = 0: must be at least 1";
    if (auto p = find_columns_problem("schema.grid", s.grid, s.n_points, "n_points"); !p.empty()) return p;
    if (s.tasks.empty() || s.tasks.front().size() == 0)
        return "schema.tasks has no rows: must have at least one task";
    if (auto p = find_columns_problem("schema.tasks", s.tasks, s.tasks.front().size(), "n_tasks"); !p.empty())
        return p;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < s.metric_names.size(); ++i) {
        const std::string where = "schema.metric_names[" + std::to_string(i) + "]";
        if (s.metric_names[i].empty()) return where + " is empty";
        if (!seen.insert(s.metric_names[i]).second)
            return where + " = " + quoted(s.metric_names[i]) + ": appears twice";
    }
    if (s.per_task_names.empty() || s.per_task_names.front() != "scores") {
        return "schema.per_task_names = [" + join(s.per_task_names) + "]: must start with \"scores\"";
    }
    seen.clear();
    for (std::size_t i = 0; i < s.per_task_names.size(); ++i) {
        const std::string& name = s.per_task_names[i];
        const std::string where = "schema.per_task_names[" + std::to_string(i) + "]";
        if (auto p = check_link_name(where, name); !p.empty()) return p;
        if (reserved_names.count(name))
            return where + " = " + quoted(name) + ": is a name the store uses itself";
        if (!seen.insert(name).second) return where + " = " + quoted(name) + ": appears twice";
    }
    if (!s.same_as.empty()) {
        if (s.same_as.size() != s.n_points)
            return "schema.same_as has " + std::to_string(s.same_as.size()) +
                   " values, not n_points = " + std::to_string(s.n_points);
        for (std::size_t i = 0; i < s.same_as.size(); ++i)
            if (s.same_as[i] < 0 || std::uint64_t(s.same_as[i]) > i)
                return "schema.same_as[" + std::to_string(i) + "] = " + std::to_string(s.same_as[i]) +
                       ": must be a point in [0, " + std::to_string(i) + "]";
    }
    return "";
}

// Enough to tell whether two ranks were given the same schema.
std::uint64_t fingerprint(const std::vector<char>& bytes) {
    return fnv1a64(std::string_view(bytes.data(), bytes.size()));
}

std::vector<const column*> pointers(const std::vector<column>& columns) {
    std::vector<const column*> out;
    for (const auto& c : columns) out.push_back(&c);
    return out;
}

}  // namespace

struct sweep_store::impl {
    // Declared first so that it is closed last, after every object in it.
    h5_handle file;
    std::string path;
    bool writable = false;
    bool through_mpi = false;            // collective close; abandoned while unwinding
    const comm::context* ctx = nullptr;  // for the run log; outlives the store
    int uncaught_at_open = std::uncaught_exceptions();
    h5_handle transfer_list;  // independent MPI-IO; empty for the default
    h5_handle status_type;

    provenance info;
    std::uint64_t n_points = 0;
    std::size_t n_tasks = 0;
    std::vector<std::string> metric_names, per_task_names, grid_names;
    std::vector<column> tasks;

    std::map<std::string, h5_handle> grid;
    std::vector<h5_handle> per_task;
    h5_handle metrics, status, attempts, message, checksum;  // checksum: schema 3
    std::unique_ptr<run_log> log;

    impl() = default;
    impl(const impl&) = delete;
    impl& operator=(const impl&) = delete;

    ~impl() {
        if (through_mpi && std::uncaught_exceptions() > uncaught_at_open) {
            abandon();
            return;
        }
        try {
            close();
        } catch (...) {
            // Destructors never throw; sweep_store::close() reports.
        }
    }

    void close_objects() {
        grid.clear();
        per_task.clear();
        metrics = h5_handle();
        status = h5_handle();
        attempts = h5_handle();
        message = h5_handle();
        checksum = h5_handle();
        transfer_list = h5_handle();
    }

    void close() {
        close_objects();
        file.close();
    }

    // Gives up every identifier without closing: closing an MPI-IO file is collective, and while one
    // rank unwinds the others are elsewhere, so a close would hang instead of letting the run abort.
    // Every metadata change was flushed when it was made, so nothing is lost.
    void abandon() {
        for (auto& [name, handle] : grid) handle.release();
        for (auto& handle : per_task) handle.release();
        for (auto* h : {&metrics, &status, &attempts, &message, &checksum, &transfer_list, &file})
            h->release();
    }

    hid_t transfer() const { return transfer_list.valid() ? transfer_list.id() : H5P_DEFAULT; }

    void flush() { h5_check(H5Fflush(file.id(), H5F_SCOPE_GLOBAL), "H5Fflush", path); }

    void require_writable(const char* operation) const {
        if (!writable) throw store_error(std::string(operation) + ": " + path + " was opened read-only");
    }

    void require_point(const char* operation, std::uint64_t point) const {
        if (point >= n_points) {
            throw store_error(std::string(operation) + ": point " + std::to_string(point) +
                              " is outside [0, " + std::to_string(n_points) + ") of " + path);
        }
    }

    const h5_handle& per_task_dataset(const std::string& name) const {
        const auto it = std::find(per_task_names.begin(), per_task_names.end(), name);
        if (it == per_task_names.end()) {
            throw store_error(path + " has no per-task matrix " + quoted(name) + "; it has " +
                              join(per_task_names));
        }
        return per_task[static_cast<std::size_t>(it - per_task_names.begin())];
    }

    // Keeps the handle of every dataset a run writes or a reader reads again.
    void keep(const dataset_decl& d, h5_handle dataset) {
        if (d.group == "grid") {
            grid_names.push_back(d.name);
            grid.emplace(d.name, std::move(dataset));
        } else if (std::find(per_task_names.begin(), per_task_names.end(), d.name) != per_task_names.end() &&
                   d.group.empty()) {
            per_task.push_back(std::move(dataset));
        } else if (d.group.empty() && d.name == "metrics") {
            metrics = std::move(dataset);
        } else if (d.group.empty() && d.name == "status") {
            status_type = memory_type(d);
            status = std::move(dataset);
        } else if (d.group.empty() && d.name == "attempts") {
            attempts = std::move(dataset);
        } else if (d.group.empty() && d.name == "message") {
            message = std::move(dataset);
        } else if (d.group.empty() && d.name == "checksum") {
            checksum = std::move(dataset);
        }
    }

    void open_log() {
        log = std::make_unique<run_log>(
            std::make_unique<run_log::impl>(run_log::impl{&file, path, writable, ctx}));
    }

    void read_layout();
    void build(const schema& s, const provenance& p, bool write_data);

    static std::unique_ptr<impl> open_file(const std::string& path, const comm::context* ctx, bool writable);
    static std::unique_ptr<impl> create_file(const comm::context& ctx, const std::string& path,
                                             const schema& s, const provenance& p);
};

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

namespace {

// The file access list: MPI-IO over the context's communicator, or the POSIX driver.
h5_handle file_access(const comm::context* ctx, bool lock, const std::string& path) {
    auto fapl = h5_create_plist(H5P_FILE_ACCESS, path);
    const MPI_Comm comm = ctx ? comm::native_communicator(*ctx) : MPI_COMM_NULL;
    if (comm != MPI_COMM_NULL) {
        h5_check(H5Pset_fapl_mpio(fapl.id(), comm, MPI_INFO_NULL), "H5Pset_fapl_mpio", path);
    } else {
        h5_check(H5Pset_fapl_sec2(fapl.id()), "H5Pset_fapl_sec2", path);
        // A reader must not be locked out by a run that writes the file (nor block it).
        if (!lock) h5_check(H5Pset_file_locking(fapl.id(), false, true), "H5Pset_file_locking", path);
    }
    return fapl;
}

h5_handle make_transfer_list(bool through_mpi, const std::string& path) {
    if (!through_mpi) return h5_handle();  // the default list
    auto dxpl = h5_create_plist(H5P_DATASET_XFER, path);
    h5_check(H5Pset_dxpl_mpio(dxpl.id(), H5FD_MPIO_INDEPENDENT), "H5Pset_dxpl_mpio", path);
    return dxpl;
}

// Why `path` cannot be a store, found without HDF5 opening it, or "".
std::string find_file_problem(const std::string& path) {
    std::error_code ec;
    const auto st = fs::status(path, ec);
    if (!fs::exists(st)) return path + " does not exist";
    if (!fs::is_regular_file(st)) return path + " is not a regular file";
    const htri_t is_hdf5 = H5Fis_hdf5(path.c_str());
    if (is_hdf5 < 0) return "H5Fis_hdf5 failed for " + path + ": " + h5_error_text();
    if (is_hdf5 == 0) return path + " is not an HDF5 file";
    return "";
}

}  // namespace

std::unique_ptr<sweep_store::impl> sweep_store::impl::open_file(const std::string& path,
                                                                const comm::context* ctx, bool writable) {
    auto p = std::make_unique<impl>();
    p->path = path;
    p->writable = writable;
    p->ctx = ctx;
    p->through_mpi = ctx && comm::native_communicator(*ctx) != MPI_COMM_NULL;
    p->transfer_list = make_transfer_list(p->through_mpi, path);
    auto fapl = file_access(ctx, writable, path);
    const hid_t id = H5Fopen(path.c_str(), writable ? H5F_ACC_RDWR : H5F_ACC_RDONLY, fapl.id());
    if (id < 0) {
        throw store_error(
            path + " is an HDF5 file that HDF5 cannot open (truncated or damaged?): " + h5_error_text());
    }
    p->file = h5_handle(id, path);
    try {
        p->read_layout();
    } catch (...) {
        // The same file gives every rank the same error, so closing here stays collective.
        try {
            p->close();
        } catch (...) {
        }
        throw;
    }
    return p;
}

std::unique_ptr<sweep_store::impl> sweep_store::impl::create_file(const comm::context& ctx,
                                                                  const std::string& path, const schema& s,
                                                                  const provenance& info) {
    auto p = std::make_unique<impl>();
    p->path = path;
    p->writable = true;
    p->ctx = &ctx;
    p->through_mpi = comm::native_communicator(ctx) != MPI_COMM_NULL;
    p->transfer_list = make_transfer_list(p->through_mpi, path);
    auto fapl = file_access(&ctx, true, path);
    p->file = h5_own(H5Fcreate(path.c_str(), H5F_ACC_EXCL, H5P_DEFAULT, fapl.id()), "H5Fcreate", path);
    try {
        p->build(s, info, ctx.rank() == 0);
    } catch (...) {
        // A half-built store would only be refused by the next create().
        if (ctx.rank() == 0) {
            std::error_code ec;
            fs::remove(path, ec);
        }
        throw;
    }
    return p;
}

// Creates every declared object collectively; only rank 0 (`write_data`) writes the raw data that is
// known now, with independent I/O.
void sweep_store::impl::build(const schema& s, const provenance& p, bool write_data) {
    info = p;
    n_points = s.n_points;
    n_tasks = s.tasks.front().size();
    metric_names = s.metric_names;
    per_task_names = s.per_task_names;
    tasks = s.tasks;

    h5_write_attribute(file, "schema_version", static_cast<std::int32_t>(schema_version));
    h5_write_attribute(file, "numerics_version", static_cast<std::int32_t>(info.numerics_version));
    h5_write_attribute(file, "sweep_name", info.sweep_name);
    h5_write_attribute(file, "spec_text", info.spec_text);
    h5_write_attribute(file, "spec_hash", info.spec_hash);
    h5_write_attribute(file, "hetsweep_version", info.hetsweep_version);
    h5_write_attribute(file, "git_commit", info.git_commit);
    h5_write_attribute(file, "created", info.created);
    h5_write_attribute(file, "invariants", info.invariants);
    for (const char* group : {"grid", "tasks", "runs"}) h5_create_group(file, group);

    // The data each written-once dataset holds.
    std::map<std::pair<std::string, std::string>, const column*> columns;
    for (const auto& c : s.grid) columns[{"grid", c.name}] = &c;
    for (const auto& c : s.tasks) columns[{"tasks", c.name}] = &c;
    std::vector<std::string> task_names;
    for (const auto& c : s.tasks) task_names.push_back(c.name);
    const std::map<std::string, const std::vector<std::string>*> names = {{"task_column_names", &task_names},
                                                                          {"per_task_names", &per_task_names},
                                                                          {"metric_names", &metric_names}};

    layout_shape shape;
    shape.n_points = n_points;
    shape.n_tasks = n_tasks;
    shape.grid = pointers(s.grid);
    shape.tasks = pointers(s.tasks);
    shape.metric_names = metric_names;
    shape.per_task_names = per_task_names;
    for (const auto& d : declare_layout(shape)) {
        auto dataset = create_declared(file, d);
        if (write_data && d.start == initial::written && d.group.empty() && d.name == "same_as") {
            std::vector<std::int64_t> same_as = s.same_as;
            if (same_as.empty())
                for (std::uint64_t i = 0; i < n_points; ++i) same_as.push_back(std::int64_t(i));
            h5_write_rows(dataset, H5T_NATIVE_INT64, 0, n_points, same_as.data(), transfer());
        } else if (write_data && d.start == initial::written) {
            if (auto c = columns.find({d.group, d.name}); c != columns.end())
                write_column(dataset, *c->second, transfer());
            else
                h5_write_strings(dataset, *names.at(d.name), 0, transfer());
        }
        keep(d, std::move(dataset));
    }
    flush();
    open_log();
}

std::uint32_t row_checksum(const std::vector<const double*>& per_task_rows, std::size_t n_tasks,
                           const std::vector<double>& metrics) {
    // The stored bytes are IEEE 754 little-endian; on such a machine they are the bytes in memory.
    static_assert(sizeof(double) == 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "row_checksum takes the bytes of doubles in memory as the stored little-endian bytes"
#endif
    // zlib's CRC-32: a well-kept library (HDF5 links it already), and the same function Python's
    // zlib.crc32 computes, so a reader can verify a row without hetsweep.
    uLong crc = crc32_z(0L, Z_NULL, 0);
    for (const double* row : per_task_rows)
        crc = crc32_z(crc, reinterpret_cast<const Bytef*>(row), n_tasks * sizeof(double));
    crc = crc32_z(crc, reinterpret_cast<const Bytef*>(metrics.data()), metrics.size() * sizeof(double));
    return static_cast<std::uint32_t>(crc);
}

const char* to_string(point_status s) {
    return name_of(point_status_names, s);
}

sweep_store::sweep_store(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
sweep_store::sweep_store(sweep_store&&) noexcept = default;
sweep_store& sweep_store::operator=(sweep_store&&) noexcept = default;
sweep_store::~sweep_store() = default;

const sweep_store::impl& sweep_store::get() const {
    if (!impl_) throw store_error("sweep_store used after close() or after being moved from");
    return *impl_;
}

sweep_store::impl& sweep_store::get() {
    if (!impl_) throw store_error("sweep_store used after close() or after being moved from");
    return *impl_;
}

sweep_store sweep_store::create(const comm::context& ctx, const std::string& path, const schema& s,
                                const provenance& p) {
    h5_silence_errors();
    const std::string prefix = "cannot create sweep store " + path + ": ";
    // Every rank reaches the same verdict before any of them touches the file system.
    const std::string problem = find_schema_problem(s);
    if (ctx.any(!problem.empty())) {
        throw store_error(prefix +
                          (problem.empty() ? "the schema given to another rank is invalid" : problem));
    }
    const std::uint64_t mine = fingerprint(comm::pack(s));
    if (ctx.any(from_root(ctx, mine) != mine)) {
        throw store_error(prefix +
                          "the ranks were given different schemas; every rank must pass the same one");
    }
    bool exists = false;
    if (ctx.rank() == 0) {
        std::error_code ec;
        exists = fs::exists(fs::symlink_status(path, ec));
    }
    if (ctx.any(exists)) {
        throw store_error(prefix +
                          "the path exists, and a store is never overwritten (open it to resume a sweep, "
                          "or choose a new path)");
    }
    provenance info = from_root(ctx, p);
    info.schema_version = schema_version;
    try {
        return sweep_store(impl::create_file(ctx, path, s, info));
    } catch (const store_error& e) {
        throw store_error(prefix + e.what());
    }
}

sweep_store sweep_store::open(const comm::context& ctx, const std::string& path) {
    h5_silence_errors();
    // Rank 0 reads the file first, without write access, so that a file that is not a usable store
    // gives every rank the same error and is never opened for writing.
    std::string problem;
    if (ctx.rank() == 0) {
        try {
            open_read_only(path).close();
        } catch (const store_error& e) {
            problem = e.what();
        }
    }
    problem = from_root(ctx, problem);
    if (!problem.empty()) throw store_error(problem);
    try {
        return sweep_store(impl::open_file(path, &ctx, true));
    } catch (const store_error& e) {
        throw store_error(std::string("cannot open sweep store: ") + e.what());
    }
}

sweep_store sweep_store::open_read_only(const std::string& path) {
    h5_silence_errors();
    try {
        if (auto problem = find_file_problem(path); !problem.empty()) throw store_error(problem);
        return sweep_store(impl::open_file(path, nullptr, false));
    } catch (const store_error& e) {
        throw store_error(std::string("cannot open sweep store: ") + e.what());
    }
}

void sweep_store::close() {
    if (!impl_) return;
    auto p = std::move(impl_);
    p->close();
}

const std::string& sweep_store::path() const {
    return get().path;
}
bool sweep_store::read_only() const {
    return !get().writable;
}
const provenance& sweep_store::info() const {
    return get().info;
}
std::uint64_t sweep_store::n_points() const {
    return get().n_points;
}
std::size_t sweep_store::n_tasks() const {
    return get().n_tasks;
}
const std::vector<std::string>& sweep_store::metric_names() const {
    return get().metric_names;
}
const std::vector<std::string>& sweep_store::per_task_names() const {
    return get().per_task_names;
}
const std::vector<std::string>& sweep_store::grid_names() const {
    return get().grid_names;
}
const std::vector<column>& sweep_store::tasks() const {
    return get().tasks;
}

std::vector<point_status> sweep_store::read_status() const {
    const auto& s = get();
    std::vector<std::int8_t> raw(s.n_points);
    h5_read_rows(s.status, s.status_type.id(), 0, s.n_points, raw.data(), s.transfer());
    std::vector<point_status> out(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] < 0 || raw[i] > 2)
            throw store_error(path() + ": /status of point " + std::to_string(i) + " is " +
                              std::to_string(int(raw[i])) +
                              ", not 0 (pending), 1 (done) or 2 (failed): the store is damaged");
        out[i] = static_cast<point_status>(raw[i]);
    }
    return out;
}

std::vector<std::int32_t> sweep_store::read_attempts() const {
    const auto& s = get();
    std::vector<std::int32_t> out(s.n_points);
    h5_read_rows(s.attempts, H5T_NATIVE_INT32, 0, s.n_points, out.data(), s.transfer());
    return out;
}

std::vector<std::string> sweep_store::read_messages() const {
    const auto& s = get();
    return h5_read_strings(s.message, s.transfer());
}

column sweep_store::read_grid(const std::string& name) const {
    const auto& s = get();
    const auto it = s.grid.find(name);
    if (it == s.grid.end()) {
        throw store_error(s.path + " has no grid column " + quoted(name) + "; it has " + join(s.grid_names));
    }
    return read_column(it->second, name, s.n_points, s.transfer());
}

std::vector<double> sweep_store::read_per_task(const std::string& name, std::uint64_t first,
                                               std::uint64_t count) const {
    const auto& s = get();
    const auto& dataset = s.per_task_dataset(name);
    std::vector<double> out(count * s.n_tasks);
    h5_read_rows(dataset, H5T_NATIVE_DOUBLE, first, count, out.data(), s.transfer());
    return out;
}

std::vector<double> sweep_store::read_per_task(const std::string& name,
                                               const std::vector<std::uint64_t>& points) const {
    const auto& s = get();
    const auto& dataset = s.per_task_dataset(name);
    std::vector<double> out(points.size() * s.n_tasks);
    // One read per run of consecutive points.
    for (std::size_t i = 0; i < points.size();) {
        std::size_t j = i + 1;
        while (j < points.size() && points[j] == points[j - 1] + 1) ++j;
        h5_read_rows(dataset, H5T_NATIVE_DOUBLE, points[i], j - i, out.data() + i * s.n_tasks, s.transfer());
        i = j;
    }
    return out;
}

std::vector<double> sweep_store::read_metrics() const {
    const auto& s = get();
    std::vector<double> out(s.n_points * s.metric_names.size());
    h5_read_rows(s.metrics, H5T_NATIVE_DOUBLE, 0, s.n_points, out.data(), s.transfer());
    return out;
}

std::vector<double> sweep_store::read_metric(const std::string& name) const {
    const auto& s = get();
    const auto it = std::find(s.metric_names.begin(), s.metric_names.end(), name);
    if (it == s.metric_names.end()) {
        throw store_error(s.path + " has no metric " + quoted(name) + "; it has " + join(s.metric_names));
    }
    const auto column = static_cast<std::size_t>(it - s.metric_names.begin());
    const auto all = read_metrics();
    std::vector<double> out(s.n_points);
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = all[i * s.metric_names.size() + column];
    return out;
}

bool sweep_store::has_checksums() const {
    return get().checksum.valid();
}

std::vector<std::uint64_t> sweep_store::failed_checksums(
    const std::vector<std::uint64_t>& points, const std::function<void(std::size_t)>& progress) const {
    const auto& s = get();
    std::vector<std::uint64_t> failed;
    if (!s.checksum.valid()) return failed;
    for (auto p : points) s.require_point("failed_checksums", p);
    // Blocks of consecutive points, at most about 64 MB of per-task values each.
    const std::size_t row_bytes = 8 * (s.n_tasks * s.per_task.size() + s.metric_names.size()) + 4;
    const std::size_t block = std::max<std::size_t>(1, (std::size_t(64) << 20) / row_bytes);
    std::vector<std::vector<double>> per_task(s.per_task.size());
    std::vector<double> metrics;
    std::vector<std::uint32_t> stored;
    for (std::size_t i = 0; i < points.size();) {
        std::size_t j = i + 1;
        while (j < points.size() && j - i < block && points[j] == points[j - 1] + 1) ++j;
        const std::uint64_t first = points[i], count = j - i;
        for (std::size_t k = 0; k < per_task.size(); ++k) {
            per_task[k].resize(count * s.n_tasks);
            h5_read_rows(s.per_task[k], H5T_NATIVE_DOUBLE, first, count, per_task[k].data(), s.transfer());
        }
        metrics.resize(count * s.metric_names.size());
        h5_read_rows(s.metrics, H5T_NATIVE_DOUBLE, first, count, metrics.data(), s.transfer());
        stored.resize(count);
        h5_read_rows(s.checksum, H5T_NATIVE_UINT32, first, count, stored.data(), s.transfer());
        std::vector<const double*> rows(per_task.size());
        for (std::uint64_t r = 0; r < count; ++r) {
            for (std::size_t k = 0; k < per_task.size(); ++k) rows[k] = per_task[k].data() + r * s.n_tasks;
            const auto m = metrics.begin() + long(r * s.metric_names.size());
            if (row_checksum(rows, s.n_tasks, std::vector<double>(m, m + long(s.metric_names.size()))) !=
                stored[r])
                failed.push_back(first + r);
        }
        i = j;
        if (progress) progress(i);
    }
    return failed;
}

std::vector<std::uint64_t> sweep_store::damaged_done_points(
    const std::vector<point_status>& status, const std::function<void(std::size_t)>& progress) const {
    std::vector<std::uint64_t> done;
    for (std::uint64_t i = 0; i < status.size(); ++i)
        if (status[i] == point_status::done) done.push_back(i);
    return failed_checksums(done, progress);
}

void sweep_store::write_done(std::uint64_t point, const std::vector<const double*>& per_task_rows,
                             const std::vector<double>& metrics, std::int32_t attempts) {
    auto& s = get();
    s.require_writable("write_done");
    s.require_point("write_done", point);
    const std::string where = "write_done for point " + std::to_string(point) + " of " + s.path + ": ";
    if (per_task_rows.size() != s.per_task_names.size()) {
        throw store_error(where + "got " + std::to_string(per_task_rows.size()) +
                          " per-task rows, expected one for each of " + join(s.per_task_names));
    }
    if (std::find(per_task_rows.begin(), per_task_rows.end(), nullptr) != per_task_rows.end()) {
        throw store_error(where + "a per-task row is a null pointer");
    }
    if (metrics.size() != s.metric_names.size()) {
        throw store_error(where + "got " + std::to_string(metrics.size()) +
                          " metrics, expected one for each of " + join(s.metric_names));
    }
    for (std::size_t i = 0; i < per_task_rows.size(); ++i) {
        h5_write_rows(s.per_task[i], H5T_NATIVE_DOUBLE, point, 1, per_task_rows[i], s.transfer());
    }
    h5_write_rows(s.metrics, H5T_NATIVE_DOUBLE, point, 1, metrics.data(), s.transfer());
    if (s.checksum.valid()) {
        const std::uint32_t crc = row_checksum(per_task_rows, s.n_tasks, metrics);
        h5_write_rows(s.checksum, H5T_NATIVE_UINT32, point, 1, &crc, s.transfer());
    }
    h5_write_rows(s.attempts, H5T_NATIVE_INT32, point, 1, &attempts, s.transfer());
    const auto done = static_cast<std::int8_t>(point_status::done);
    h5_write_rows(s.status, s.status_type.id(), point, 1, &done, s.transfer());
}

void sweep_store::write_failed(std::uint64_t point, const std::string& message, std::int32_t attempts) {
    auto& s = get();
    s.require_writable("write_failed");
    s.require_point("write_failed", point);
    h5_write_strings(s.message, {message}, point, s.transfer());
    h5_write_rows(s.attempts, H5T_NATIVE_INT32, point, 1, &attempts, s.transfer());
    const auto failed = static_cast<std::int8_t>(point_status::failed);
    h5_write_rows(s.status, s.status_type.id(), point, 1, &failed, s.transfer());
}

run_log& sweep_store::runs() {
    return *get().log;
}

const run_log& sweep_store::runs() const {
    return *get().log;
}

}  // namespace hetsweep::store
