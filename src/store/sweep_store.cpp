// The sweep_store's own operations: creating and opening it (collectively), reading and writing
// its rows. How its file is reached, read back and checked is beside it (file_access.cpp, ...).

#include <hetsweep/store/sweep_store.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <utility>

#include <hetsweep/comm/pack.hpp>
#include <hetsweep/errors.hpp>
#include <hetsweep/text.hpp>

#include "file_access.hpp"
#include "from_root.hpp"
#include "h5_handle.hpp"
#include "h5_io.hpp"
#include "layout.hpp"
#include "schema_check.hpp"
#include "sweep_store_impl.hpp"

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

}  // namespace

std::vector<const column*> pointers(const std::vector<column>& columns) {
    std::vector<const column*> out;
    for (const auto& c : columns) out.push_back(&c);
    return out;
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
