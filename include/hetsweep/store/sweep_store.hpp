#pragma once

// One parallel-HDF5 file per sweep: schema version 3. The datasets are declared once, in
// src/store/layout.cpp; create() makes them from that list and open() checks a file against it.
//
// Root attributes (variable-length UTF-8 strings unless noted)
//   schema_version     int32, 3. Readers refuse a version they do not know; versions 1 and 2 are
//                      read and resumed too.
//   numerics_version   int32: the numerics the results were computed with (model/numerics.hpp).
//                      Absent in schema 1, whose stores are numerics version 1.
//   sweep_name, spec_text (the spec file verbatim), spec_hash, hetsweep_version, git_commit,
//   created            ISO 8601 time the store was created.
//
// Datasets, all contiguous and allocated in full when the store is created:
//   /grid/<key>        [n_points] one per model key, in name order. Attribute `kind` (string):
//                      "bool" (an HDF5 enum over int8 with members FALSE = 0 and TRUE = 1, which
//                      h5py reads as numpy bool), "int" (int64), "float" (float64) or "string"
//                      (fixed-length UTF-8, null-padded, as long as the longest value). Attribute
//                      `seed` (int32, 1) on the seed columns: statistics average over them.
//   /task_column_names [n_task_columns] fixed-length strings, the order readers list /tasks in.
//   /tasks/<name>      [n_tasks] one per task column, with a `kind` attribute as above.
//   /per_task_names    [n_per_task] fixed-length strings; the first is always "scores".
//   /<per_task_name>   float64 [n_points, n_tasks] for each name above, so /scores always exists.
//   /metric_names      [n_metrics] fixed-length strings.
//   /metrics           float64 [n_points, n_metrics], columns in metric_names order.
//   /status            int8 enum {pending = 0, done = 1, failed = 2} [n_points] (h5py: int8)
//   /attempts          int32 [n_points], how many times the point has been computed.
//   /message           fixed-length string of 256 bytes [n_points]: why the point failed (longer
//                      messages are cut at a UTF-8 character boundary). Left as is when a point
//                      that failed is later done, so it keeps the last failure.
//   /same_as           int64 [n_points] (schema 3): the first point of the same computation, the
//                      point itself unless it repeats an earlier one (a homogeneous network under
//                      another profile): statistics count a point only where same_as is itself.
//   /checksum          uint32 [n_points]: the CRC-32 (zlib's crc32) of a done point's row, taken over
//                      the bytes of its float64 values as stored (IEEE 754 little-endian): each
//                      per-task row in per_task_names order, then its metrics row. 0 for rows never
//                      written as done. Absent in schemas 1 and 2, whose rows cannot be verified.
// Rows never written read as NaN (/<per_task_name>, /metrics), pending, 0 attempts and "".
//
//   /runs/<NNNN>       the run log (store/run_log.hpp).
//
// Schema 1 (hetsweep 0.1) differs in: no numerics_version, no /task_column_names (its task
// columns are k, d, delta, delta_realised, shift, tier, complexity), no kind or seed attributes
// (booleans are float64 0/1), int32 task columns.
//
// Crash safety: the file uses the earliest HDF5 format (no "open for writing" flag in the
// superblock), and every metadata change (create, begin_run, end_run) is flushed at once. During a
// run the ranks only overwrite raw data in place, each its own rows: the per-task rows and the
// metrics row first, then the checksum, then attempts, then status last. A run killed at any moment (SIGKILL)
// leaves a valid file in which every point marked done has all its data. That covers killed processes; the
// writes are not fsynced one by one, so a crash of the machine itself may lose recent rows.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <hetsweep/comm/context.hpp>
#include <hetsweep/enum_names.hpp>
#include <hetsweep/store/run_log.hpp>
#include <hetsweep/vocab/column.hpp>

namespace hetsweep::store {

inline constexpr int schema_version = 3;
// The oldest schema this build still opens, resumes and queries.
inline constexpr int oldest_schema_version = 1;

// Maximum length of /message in bytes.
inline constexpr std::size_t message_bytes = 256;

enum class point_status : std::int8_t { pending = 0, done = 1, failed = 2 };
inline constexpr enum_name<point_status> point_status_names[] = {
    {point_status::pending, "pending"}, {point_status::done, "done"}, {point_status::failed, "failed"}};

// The /checksum of a done row: CRC-32 over each per-task row (n_tasks values each), then the metrics.
std::uint32_t row_checksum(const std::vector<const double*>& per_task_rows, std::size_t n_tasks,
                           const std::vector<double>& metrics);

// "pending", "done", "failed", or "unknown" for a value not in the enum.
const char* to_string(point_status s);

// The vocabulary's column (vocab/column.hpp): a grid key or a task property; its kind is stored as
// the dataset's `kind` attribute (value_kind_stored_names).
using hetsweep::column;

// The schema of the stores this build writes, a row per object: its path, its type and shape in
// words, and what it holds. Made from the layout's own declarations (src/store/layout.cpp), so the
// documentation (docs/store.md, `hetsweep schema`) cannot leave a dataset out.
struct schema_row {
    std::string object, type, contents;
};
std::vector<schema_row> schema_rows();

// Everything that fixes the shape of a store, known before the sweep starts.
struct schema {
    std::uint64_t n_points = 0;
    std::vector<column> grid;                           // every model key, one column each
    std::vector<column> tasks;                          // every task column, n_tasks rows each
    std::vector<std::string> metric_names;              // per-point scalar metrics
    std::vector<std::string> per_task_names{"scores"};  // per-point per-task float64 matrices
    // Per point, the first point of the same computation (the homogeneous network under another
    // profile repeats it); empty: every point is its own.
    std::vector<std::int64_t> same_as;
};

struct provenance {
    std::string sweep_name;
    std::string spec_text;
    std::string spec_hash;
    std::string hetsweep_version;
    std::string git_commit;
    int schema_version = store::schema_version;  // as read from the file; create() writes the current one
    int numerics_version = 1;                    // model/numerics.hpp; 1 for stores of schema 1
    std::string created;
    // sweep_spec::invariants() of the spec (numerics, sweep seed, benchmark flag); "" in stores made
    // before hetsweep 0.5, which cannot grow.
    std::string invariants;
};

// A sweep's HDF5 file. Move-only; all errors are store_error naming the file, the object and
// HDF5's own message.
//
// Calls marked collective must be made by every rank of the context, in the same order. create()
// checks that every rank passed the same schema; for provenance and run records rank 0's arguments
// are the ones written. Everything else is independent: a rank writes only the points it computed,
// and any rank may read. The context passed to create() or open() must outlive the store. With
// MPI_THREAD_FUNNELED, an MPI store may only be used from the thread that started MPI.
// A rank reading through an MPI store is guaranteed to see another rank's writes only after a
// collective call; status and query tools use open_read_only.
//
// The destructor closes the file (collectively, for an MPI store) and never throws; while an
// exception unwinds it leaves an MPI store open instead, because the other ranks are not there to
// close it with and the run is about to be aborted. Prefer close() to see errors.
// Collective: the schema `make` returns on rank 0, on every rank. Making one builds the benchmark's
// targets (about 120 MB at the default timeline) to tabulate the tasks; made once, not once per
// rank, a node of many ranks does not hold that many copies at once.
schema schema_from_root(const comm::context& ctx, const std::function<schema()>& make);

class sweep_store {
  public:
    // Collective. Refuses a path that exists. Creates every dataset at full size, writes the grid,
    // the task table and the names, marks every point pending and flushes, so the file is complete
    // even if the run is killed right after. An MPI context writes through MPI-IO; a serial one
    // through the POSIX driver.
    static sweep_store create(const comm::context& ctx, const std::string& path, const schema& s,
                              const provenance& p);

    // Collective; read-write. Checks on rank 0 that the file is a store this build can read before
    // any rank opens it for writing, so a bad file gives every rank the same error and is not touched.
    static sweep_store open(const comm::context& ctx, const std::string& path);

    // Serial, read-only, needs no MPI; for status and query tools. It may be used while a run writes
    // the file: it does not take HDF5's file lock, and it sees each point's data before its status.
    static sweep_store open_read_only(const std::string& path);

    sweep_store(sweep_store&&) noexcept;
    sweep_store& operator=(sweep_store&&) noexcept;
    ~sweep_store();

    // Collective for a store opened through a context.
    void close();

    const std::string& path() const;
    bool read_only() const;
    const provenance& info() const;
    std::uint64_t n_points() const;
    std::size_t n_tasks() const;
    const std::vector<std::string>& metric_names() const;
    const std::vector<std::string>& per_task_names() const;
    const std::vector<std::string>& grid_names() const;  // in name order
    // The task columns, in the order readers list them.
    const std::vector<column>& tasks() const;

    std::vector<point_status> read_status() const;
    std::vector<std::int32_t> read_attempts() const;
    std::vector<std::string> read_messages() const;
    column read_grid(const std::string& name) const;

    // Rows [first, first + count) of a per-task matrix, row-major: count x n_tasks.
    std::vector<double> read_per_task(const std::string& name, std::uint64_t first,
                                      std::uint64_t count) const;
    // The given rows, in the given order, row-major: points.size() x n_tasks.
    std::vector<double> read_per_task(const std::string& name,
                                      const std::vector<std::uint64_t>& points) const;
    // Row-major n_points x n_metrics.
    std::vector<double> read_metrics() const;
    // One metric for every point.
    std::vector<double> read_metric(const std::string& name) const;

    // Whether the rows carry checksums (schema 3 and later).
    bool has_checksums() const;
    // The given points (done ones) whose stored values no longer match their checksum, in the order
    // given: a flipped bit in any per-task or metrics value of the row. Reads the rows in blocks
    // (memory stays bounded); empty for a store without checksums. `progress` (may be empty) is
    // called with the number of points checked so far.
    std::vector<std::uint64_t> failed_checksums(const std::vector<std::uint64_t>& points,
                                                const std::function<void(std::size_t)>& progress = {}) const;

    // The done points of `status` (read_status()) whose rows no longer match their checksum, with
    // `progress` as for failed_checksums.
    std::vector<std::uint64_t> damaged_done_points(
        const std::vector<point_status>& status, const std::function<void(std::size_t)>& progress = {}) const;

    // Independent. per_task_rows holds one pointer to n_tasks values for each per-task name, in
    // per_task_names() order; metrics has one value per metric name. Writes all of them, then
    // the checksum (schema 3), then attempts, then status done last.
    void write_done(std::uint64_t point, const std::vector<const double*>& per_task_rows,
                    const std::vector<double>& metrics, std::int32_t attempts);
    // Independent. Writes the message (cut to message_bytes), then attempts, then status failed.
    void write_failed(std::uint64_t point, const std::string& message, std::int32_t attempts);

    // The run log, in the same file.
    run_log& runs();
    const run_log& runs() const;

  private:
    struct impl;
    explicit sweep_store(std::unique_ptr<impl> p);
    const impl& get() const;
    impl& get();

    std::unique_ptr<impl> impl_;
};

}  // namespace hetsweep::store
