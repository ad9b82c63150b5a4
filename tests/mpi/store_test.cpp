#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <hetsweep/comm/context.hpp>
#include <hetsweep/errors.hpp>
#include <hetsweep/store/sweep_store.hpp>

#include "mpi/mpi_test_env.hpp"
#include "store/layout.hpp"

namespace hetsweep {

namespace store {
void PrintTo(point_status s, std::ostream* out) {
    *out << to_string(s);
}
}  // namespace store

namespace {

namespace fs = std::filesystem;
using store::point_status;
using store::sweep_store;
using test::scratch_file;
using test::world;

constexpr std::uint64_t n_points = 13;
constexpr std::size_t n_tasks = 6;

store::schema make_schema() {
    store::schema s;
    s.n_points = n_points;
    store::column tau{"tau_mean", value_kind::real, {}, {}, false};
    store::column seed{"seed", value_kind::integer, {}, {}, true};
    store::column profile{"profile", value_kind::text, {}, {}, false};
    store::column balanced{"balanced", value_kind::boolean, {}, {}, false};
    const char* profiles[] = {"uniform", "gamma", "log_normal_with_a_long_name"};
    for (std::uint64_t i = 0; i < n_points; ++i) {
        tau.numbers.push_back(0.5 * static_cast<double>(i) + 1e-9);
        seed.numbers.push_back(double((std::int64_t(1) << 40) + static_cast<std::int64_t>(i)));
        profile.text.push_back(profiles[i % 3]);
        balanced.numbers.push_back(double(i % 2));
    }
    s.grid = {tau, seed, profile, balanced};
    store::column k{"k", value_kind::integer, {}, {}, false},
        tier{"tier", value_kind::integer, {}, {}, false};
    store::column delta{"delta", value_kind::real, {}, {}, false};
    for (std::size_t t = 0; t < n_tasks; ++t) {
        k.numbers.push_back(double(t + 1));
        tier.numbers.push_back(double(t / 2));
        delta.numbers.push_back(0.1 * double(t));
    }
    s.tasks = {k, tier, delta};
    s.metric_names = {"mean_score", "best_score", "participation_ratio"};
    s.per_task_names = {"scores", "scores_train"};
    return s;
}

store::provenance make_provenance() {
    store::provenance p;
    p.sweep_name = "unit sweep";
    // Longer than the 64 KiB an attribute may take inside an HDF5 object header.
    p.spec_text = "# spec\n" + std::string(100 * 1024, 'x') + "\nend \xe2\x9c\x93\n";
    p.spec_hash = "sha256:0123abcd";
    p.hetsweep_version = "0.1.0";
    p.git_commit = "abcdef123456";
    p.created = "2024-05-01T12:00:00Z";
    return p;
}

double score(std::uint64_t point, std::size_t matrix, std::size_t task) {
    return static_cast<double>(point) * 1000 + static_cast<double>(task) + 0.5 * static_cast<double>(matrix);
}

double metric(std::uint64_t point, std::size_t j) {
    return static_cast<double>(point) + 0.25 * static_cast<double>(j);
}

// Points 0 and 1 (mod 4) are done, 2 failed, 3 never written.
point_status planned(std::uint64_t point) {
    switch (point % 4) {
        case 2:
            return point_status::failed;
        case 3:
            return point_status::pending;
        default:
            return point_status::done;
    }
}

// 255 ASCII bytes then a two-byte character that straddles the 256-byte limit.
std::string long_message() {
    return std::string(255, 'a') + "\xc3\xa9 and more text";
}

std::string failure_message(std::uint64_t point) {
    return point == 6 ? long_message() : "point " + std::to_string(point) + " diverged \xe2\x9c\x97";
}

std::string stored_message(std::uint64_t point) {
    if (planned(point) != point_status::failed) return "";
    return point == 6 ? std::string(255, 'a') : failure_message(point);
}

std::int32_t planned_attempts(std::uint64_t point) {
    return planned(point) == point_status::pending ? 0 : static_cast<std::int32_t>(1 + point % 3);
}

bool mine(std::uint64_t point) {
    return point % static_cast<std::uint64_t>(world().size()) == static_cast<std::uint64_t>(world().rank());
}

void write_planned(sweep_store& s, std::uint64_t point) {
    if (planned(point) == point_status::done) {
        std::vector<std::vector<double>> rows(2, std::vector<double>(n_tasks));
        for (std::size_t m = 0; m < 2; ++m) {
            for (std::size_t t = 0; t < n_tasks; ++t) rows[m][t] = score(point, m, t);
        }
        s.write_done(point, {rows[0].data(), rows[1].data()},
                     {metric(point, 0), metric(point, 1), metric(point, 2)}, planned_attempts(point));
    } else if (planned(point) == point_status::failed) {
        s.write_failed(point, failure_message(point), planned_attempts(point));
    }
}

// Every point this rank owns, as planned.
void write_my_points(sweep_store& s) {
    for (std::uint64_t p = 0; p < n_points; ++p) {
        if (mine(p)) write_planned(s, p);
    }
}

void expect_nan_row(const std::vector<double>& values, std::size_t row, std::size_t width,
                    const std::string& what) {
    for (std::size_t j = 0; j < width; ++j)
        EXPECT_TRUE(std::isnan(values[row * width + j])) << what << " row " << row;
}

// Everything in the store is what make_schema, make_provenance and the plan say.
void expect_planned_contents(const sweep_store& s) {
    const auto schema = make_schema();
    const auto prov = make_provenance();
    EXPECT_EQ(s.info().sweep_name, prov.sweep_name);
    EXPECT_EQ(s.info().spec_text, prov.spec_text);
    EXPECT_EQ(s.info().spec_hash, prov.spec_hash);
    EXPECT_EQ(s.info().hetsweep_version, prov.hetsweep_version);
    EXPECT_EQ(s.info().git_commit, prov.git_commit);
    EXPECT_EQ(s.info().created, prov.created);
    EXPECT_EQ(s.info().schema_version, store::schema_version);
    EXPECT_EQ(s.n_points(), n_points);
    EXPECT_EQ(s.n_tasks(), n_tasks);
    EXPECT_EQ(s.metric_names(), schema.metric_names);
    EXPECT_EQ(s.per_task_names(), schema.per_task_names);
    EXPECT_EQ(s.info().numerics_version, prov.numerics_version);
    EXPECT_EQ(s.grid_names(), (std::vector<std::string>{"balanced", "profile", "seed", "tau_mean"}));
    for (const auto& column : schema.grid) {
        const auto got = s.read_grid(column.name);
        EXPECT_EQ(got.name, column.name);
        EXPECT_EQ(got.kind, column.kind) << column.name;
        EXPECT_EQ(got.seed, column.seed) << column.name;
        EXPECT_EQ(got.numbers, column.numbers) << column.name;
        EXPECT_EQ(got.text, column.text) << column.name;
    }
    ASSERT_EQ(s.tasks().size(), schema.tasks.size());
    for (std::size_t i = 0; i < schema.tasks.size(); ++i) {
        EXPECT_EQ(s.tasks()[i].name, schema.tasks[i].name) << "the task columns keep their order";
        EXPECT_EQ(s.tasks()[i].kind, schema.tasks[i].kind);
        EXPECT_EQ(s.tasks()[i].numbers, schema.tasks[i].numbers);
    }

    const auto status = s.read_status();
    const auto attempts = s.read_attempts();
    const auto messages = s.read_messages();
    const auto metrics = s.read_metrics();
    ASSERT_EQ(status.size(), n_points);
    ASSERT_EQ(metrics.size(), n_points * 3);
    for (std::size_t m = 0; m < 2; ++m) {
        const auto rows = s.read_per_task(schema.per_task_names[m], 0, n_points);
        ASSERT_EQ(rows.size(), n_points * n_tasks);
        for (std::uint64_t p = 0; p < n_points; ++p) {
            if (planned(p) != point_status::done) {
                expect_nan_row(rows, p, n_tasks, schema.per_task_names[m]);
                continue;
            }
            for (std::size_t t = 0; t < n_tasks; ++t) EXPECT_EQ(rows[p * n_tasks + t], score(p, m, t));
        }
    }
    for (std::uint64_t p = 0; p < n_points; ++p) {
        EXPECT_EQ(status[p], planned(p)) << "point " << p;
        EXPECT_EQ(attempts[p], planned_attempts(p)) << "point " << p;
        EXPECT_EQ(messages[p], stored_message(p)) << "point " << p;
        if (planned(p) != point_status::done) {
            expect_nan_row(metrics, p, 3, "metrics");
            continue;
        }
        for (std::size_t j = 0; j < 3; ++j) EXPECT_EQ(metrics[p * 3 + j], metric(p, j));
    }

    const std::vector<std::uint64_t> some{8, 9, 0, 12};
    const auto picked = s.read_per_task("scores_train", some);
    ASSERT_EQ(picked.size(), some.size() * n_tasks);
    for (std::size_t i = 0; i < some.size(); ++i) {
        for (std::size_t t = 0; t < n_tasks; ++t) EXPECT_EQ(picked[i * n_tasks + t], score(some[i], 1, t));
    }
    const auto best = s.read_metric("best_score");
    for (std::uint64_t p = 0; p < n_points; ++p) {
        if (planned(p) == point_status::done) {
            EXPECT_EQ(best[p], metric(p, 1));
        }
    }
}

std::vector<char> read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const std::string& path, const std::vector<char>& bytes) {
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Runs f, which must throw store_error on this rank, and returns its message.
template <class F>
std::string store_error_of(F&& f) {
    try {
        f();
    } catch (const store_error& e) {
        return e.what();
    } catch (const std::exception& e) {
        ADD_FAILURE() << "threw something other than store_error: " << e.what();
        return "";
    }
    ADD_FAILURE() << "did not throw";
    return "";
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

sweep_store create_planned(const std::string& path) {
    return sweep_store::create(world(), path, make_schema(), make_provenance());
}

// The documented schema (docs/store.md is `hetsweep schema`) names every dataset a store of this build
// holds, each with its type, shape and contents: a dataset added to the layout without them fails here.
TEST(sweep_store, the_documented_schema_names_every_dataset_of_a_store) {
    const store::schema s = make_schema();
    store::layout_shape shape;
    shape.n_points = s.n_points;
    shape.n_tasks = n_tasks;
    for (const auto& c : s.grid) shape.grid.push_back(&c);
    for (const auto& c : s.tasks) shape.tasks.push_back(&c);
    shape.metric_names = s.metric_names;
    shape.per_task_names = s.per_task_names;
    const auto rows = store::schema_rows();
    std::vector<std::string> objects;
    for (const auto& r : rows) {
        objects.push_back(r.object);
        EXPECT_FALSE(r.type.empty() || r.contents.empty()) << r.object;
    }
    for (const auto& d : store::declare_layout(shape)) {
        EXPECT_FALSE(d.doc.empty() || d.shape_doc.empty())
            << d.name << " is declared without its documentation";
        // Columns and per-task matrices are documented once for all of their kind.
        const std::string object = d.group == "grid"                                ? "/grid/<key>"
                                   : d.group == "tasks"                             ? "/tasks/<name>"
                                   : d.name == "scores" || d.name == "scores_train" ? "/<per_task_name>"
                                                                                    : "/" + d.name;
        EXPECT_NE(std::find(objects.begin(), objects.end(), object), objects.end()) << object;
    }
    EXPECT_EQ(objects.front(), "root attributes");
    EXPECT_EQ(objects.back(), "/runs/NNNN");
}

TEST(sweep_store, every_rank_writes_its_rows_and_a_reader_gets_them_back) {
    const auto path = scratch_file("round_trip.h5");
    auto s = create_planned(path);
    EXPECT_FALSE(s.read_only());
    write_my_points(s);
    s.close();
    EXPECT_THROW(s.n_points(), store_error);

    const auto r = sweep_store::open_read_only(path);
    EXPECT_TRUE(r.read_only());
    expect_planned_contents(r);
    EXPECT_TRUE(r.runs().list().empty());
}

TEST(sweep_store, a_new_store_is_all_pending_and_nan) {
    const auto path = scratch_file("fresh.h5");
    auto s = create_planned(path);
    // Read back through the MPI store itself, before any rank writes.
    const auto status = s.read_status();
    EXPECT_TRUE(std::all_of(status.begin(), status.end(), [](auto v) { return v == point_status::pending; }));
    const auto attempts = s.read_attempts();
    EXPECT_TRUE(std::all_of(attempts.begin(), attempts.end(), [](auto v) { return v == 0; }));
    const auto messages = s.read_messages();
    EXPECT_TRUE(std::all_of(messages.begin(), messages.end(), [](auto& v) { return v.empty(); }));
    const auto scores = s.read_per_task("scores", 0, n_points);
    EXPECT_TRUE(std::all_of(scores.begin(), scores.end(), [](double v) { return std::isnan(v); }));
    const auto metrics = s.read_metrics();
    EXPECT_TRUE(std::all_of(metrics.begin(), metrics.end(), [](double v) { return std::isnan(v); }));
    s.close();
}

// A copy of the file taken while the run still has it open is what a SIGKILL would leave behind.
TEST(sweep_store, file_is_valid_at_any_moment_of_a_run) {
    const auto path = scratch_file("live.h5");
    const auto snapshot_after_create = scratch_file("live_after_create.h5");
    const auto snapshot_mid_run = scratch_file("live_mid_run.h5");
    auto s = create_planned(path);
    world().barrier();
    if (world().rank() == 0) fs::copy_file(path, snapshot_after_create);
    s.runs().begin({"2024-05-01T12:00:01Z", "", "", "4242", world().size(), "", ""});
    write_my_points(s);
    world().barrier();
    if (world().rank() == 0) fs::copy_file(path, snapshot_mid_run);
    world().barrier();

    {
        const auto r = sweep_store::open_read_only(snapshot_after_create);
        const auto status = r.read_status();
        EXPECT_TRUE(
            std::all_of(status.begin(), status.end(), [](auto v) { return v == point_status::pending; }));
        EXPECT_EQ(r.read_grid("seed").numbers, make_schema().grid[1].numbers);
    }
    {
        const auto r = sweep_store::open_read_only(snapshot_mid_run);
        expect_planned_contents(r);
        const auto runs = r.runs().list();
        ASSERT_EQ(runs.size(), 1u);
        EXPECT_EQ(runs[0].outcome, "running");
        EXPECT_EQ(runs[0].end_time, "");
        EXPECT_EQ(runs[0].slurm_job_id, "4242");
    }
    s.close();
}

TEST(sweep_store, reader_can_open_the_file_while_a_run_holds_it) {
    const auto path = scratch_file("shared.h5");
    auto s = create_planned(path);
    write_my_points(s);
    world().barrier();
    {
        const auto r = sweep_store::open_read_only(path);
        expect_planned_contents(r);
    }
    world().barrier();
    s.close();
}

TEST(sweep_store, reopened_store_continues_where_the_last_run_stopped) {
    const auto path = scratch_file("resume.h5");
    {
        auto s = create_planned(path);
        for (std::uint64_t p = 0; p < n_points / 2; ++p) {
            if (mine(p)) write_planned(s, p);
        }
        s.close();
    }
    auto s = sweep_store::open(world(), path);
    EXPECT_FALSE(s.read_only());
    const auto status = s.read_status();
    for (std::uint64_t p = 0; p < n_points; ++p) {
        EXPECT_EQ(status[p], p < n_points / 2 ? planned(p) : point_status::pending) << "point " << p;
    }
    world().barrier();  // every rank has looked before any writes again
    for (std::uint64_t p = n_points / 2; p < n_points; ++p) {
        if (mine(p)) write_planned(s, p);
    }
    s.close();
    expect_planned_contents(sweep_store::open_read_only(path));
}

TEST(sweep_store, status_is_that_of_the_last_write_and_a_rejected_write_changes_nothing) {
    const auto path = scratch_file("status.h5");
    auto s = create_planned(path);
    const std::uint64_t p = static_cast<std::uint64_t>(world().rank());
    const std::vector<double> row(n_tasks, 2.5);
    const std::vector<double> metrics{1, 2, 3};

    // Rejected before anything is written: the point stays pending with NaN data.
    EXPECT_TRUE(
        contains(store_error_of([&] { s.write_done(p, {row.data()}, metrics, 1); }), "per-task rows"));
    EXPECT_TRUE(contains(store_error_of([&] {
                             s.write_done(p, {row.data(), nullptr}, metrics, 1);
                         }),
                         "null"));
    EXPECT_TRUE(contains(store_error_of([&] {
                             s.write_done(p, {row.data(), row.data()}, {1.0}, 1);
                         }),
                         "metrics"));
    EXPECT_TRUE(contains(store_error_of([&] {
                             s.write_done(n_points, {row.data(), row.data()}, metrics, 1);
                         }),
                         "outside [0, 13)"));
    EXPECT_TRUE(contains(store_error_of([&] { s.write_failed(n_points + 5, "x", 1); }), "outside"));
    EXPECT_EQ(s.read_status()[p], point_status::pending);
    EXPECT_TRUE(std::isnan(s.read_per_task("scores", p, 1)[0]));

    s.write_failed(p, "first attempt failed", 1);
    EXPECT_EQ(s.read_status()[p], point_status::failed);
    s.write_done(p, {row.data(), row.data()}, metrics, 2);
    EXPECT_EQ(s.read_status()[p], point_status::done);
    EXPECT_EQ(s.read_attempts()[p], 2);
    // The last failure is kept as history.
    EXPECT_EQ(s.read_messages()[p], "first attempt failed");
    s.close();

    const auto r = sweep_store::open_read_only(path);
    const auto status = r.read_status();
    for (std::uint64_t q = 0; q < n_points; ++q) {
        EXPECT_EQ(status[q], q < static_cast<std::uint64_t>(world().size()) ? point_status::done
                                                                            : point_status::pending);
    }
    EXPECT_EQ(r.read_per_task("scores_train", p, 1), row);
}

TEST(sweep_store, run_records_are_appended_and_closed) {
    const auto path = scratch_file("runs.h5");
    auto s = create_planned(path);
    // Rank 0's record is the one written, whatever the other ranks pass.
    const std::string start = "2024-05-0" + std::to_string(1 + world().rank()) + "T00:00:00Z";
    EXPECT_EQ(s.runs().begin({start, "", "", "1001", world().size(), "OpenBLAS 0.3.21, kernel Zen",
                              "CPU x [AMD]; OpenBLAS 0.3.21, kernel Zen; build portable (SSE2)"}),
              0u);
    s.runs().end(0, "2024-05-01T01:00:00Z", "interrupted");
    EXPECT_EQ(s.runs().begin({"2024-05-02T00:00:00Z", "", "", "", world().size(), "", ""}), 1u);
    EXPECT_TRUE(contains(store_error_of([&] { s.runs().end(7, "t", "complete"); }), "no run 7"));

    const auto check = [](const std::vector<store::run_record>& runs) {
        ASSERT_EQ(runs.size(), 2u);
        EXPECT_EQ(runs[0].start_time, "2024-05-01T00:00:00Z");
        EXPECT_EQ(runs[0].end_time, "2024-05-01T01:00:00Z");
        EXPECT_EQ(runs[0].outcome, "interrupted");
        EXPECT_EQ(runs[0].slurm_job_id, "1001");
        EXPECT_EQ(runs[0].ranks, world().size());
        EXPECT_EQ(runs[0].blas, "OpenBLAS 0.3.21, kernel Zen");
        EXPECT_EQ(runs[0].platform, "CPU x [AMD]; OpenBLAS 0.3.21, kernel Zen; build portable (SSE2)");
        EXPECT_EQ(runs[1].blas, "");
        EXPECT_EQ(runs[1].platform, "");
        EXPECT_EQ(runs[1].start_time, "2024-05-02T00:00:00Z");
        EXPECT_EQ(runs[1].end_time, "");
        EXPECT_EQ(runs[1].outcome, "running");
        EXPECT_EQ(runs[1].slurm_job_id, "");
    };
    check(s.runs().list());
    s.close();
    check(sweep_store::open_read_only(path).runs().list());

    auto again = sweep_store::open(world(), path);
    EXPECT_EQ(again.runs().begin({"2024-05-03T00:00:00Z", "", "", "1003", world().size(), "", ""}), 2u);
    again.runs().end(2, "2024-05-03T02:00:00Z", "complete");
    const auto runs = again.runs().list();
    ASSERT_EQ(runs.size(), 3u);
    EXPECT_EQ(runs[2].outcome, "complete");
    again.close();
}

TEST(sweep_store, read_only_store_refuses_writes_and_unknown_names_are_listed) {
    const auto path = scratch_file("names.h5");
    create_planned(path).close();
    auto r = sweep_store::open_read_only(path);
    const std::vector<double> row(n_tasks);
    EXPECT_TRUE(contains(store_error_of([&] {
                             r.write_done(0, {row.data(), row.data()}, {1, 2, 3}, 1);
                         }),
                         "read-only"));
    EXPECT_TRUE(contains(store_error_of([&] { r.write_failed(0, "x", 1); }), "read-only"));
    EXPECT_TRUE(contains(store_error_of([&] { r.runs().begin({}); }), "read-only"));
    EXPECT_TRUE(contains(store_error_of([&] { r.read_per_task("nope", 0, 1); }), "scores, scores_train"));
    EXPECT_TRUE(contains(store_error_of([&] { r.read_grid("nope"); }), "balanced, profile, seed, tau_mean"));
    EXPECT_TRUE(contains(store_error_of([&] { r.read_metric("nope"); }), "mean_score"));
    EXPECT_TRUE(contains(store_error_of([&] { r.read_per_task("scores", n_points - 1, 2); }), "outside"));
    auto moved = std::move(r);
    EXPECT_EQ(moved.n_points(), n_points);
    EXPECT_TRUE(contains(store_error_of([&] { r.n_points(); }), "moved from"));
}

TEST(sweep_store, create_refuses_an_existing_path_and_leaves_it_alone) {
    const auto text_path = scratch_file("precious.txt");
    const std::vector<char> precious{'k', 'e', 'e', 'p', '\n'};
    if (world().rank() == 0) write_bytes(text_path, precious);
    world().barrier();
    EXPECT_TRUE(contains(store_error_of([&] { create_planned(text_path); }), "exists"));
    world().barrier();
    EXPECT_EQ(read_bytes(text_path), precious);

    const auto store_path = scratch_file("existing.h5");
    create_planned(store_path).close();
    const auto before = read_bytes(store_path);
    EXPECT_TRUE(contains(store_error_of([&] { create_planned(store_path); }), "never overwritten"));
    world().barrier();
    EXPECT_EQ(read_bytes(store_path), before);
}

TEST(sweep_store, create_rejects_a_bad_schema_on_every_rank_before_touching_the_disk) {
    const auto path = scratch_file("never_created.h5");
    auto short_column = make_schema();
    short_column.grid[0].numbers.pop_back();
    EXPECT_TRUE(
        contains(store_error_of([&] { sweep_store::create(world(), path, short_column, make_provenance()); }),
                 "schema.grid[0] \"tau_mean\" has 12 values"));
    auto no_scores = make_schema();
    no_scores.per_task_names = {"train"};
    EXPECT_TRUE(
        contains(store_error_of([&] { sweep_store::create(world(), path, no_scores, make_provenance()); }),
                 "must start with \"scores\""));
    auto reserved = make_schema();
    reserved.per_task_names = {"scores", "status"};
    EXPECT_TRUE(
        contains(store_error_of([&] { sweep_store::create(world(), path, reserved, make_provenance()); }),
                 "uses itself"));
    auto ragged = make_schema();
    ragged.tasks[1].numbers.pop_back();
    EXPECT_TRUE(
        contains(store_error_of([&] { sweep_store::create(world(), path, ragged, make_provenance()); }),
                 "schema.tasks[1] \"tier\" has 5 values"));
    auto empty = make_schema();
    empty.n_points = 0;
    EXPECT_TRUE(
        contains(store_error_of([&] { sweep_store::create(world(), path, empty, make_provenance()); }),
                 "n_points = 0"));

    // Only one rank's schema is bad: every rank still throws, and none hangs.
    auto odd = make_schema();
    if (world().rank() == world().size() - 1) odd.metric_names.push_back("mean_score");
    EXPECT_THROW(sweep_store::create(world(), path, odd, make_provenance()), store_error);
    world().barrier();
    EXPECT_FALSE(fs::exists(path));
}

TEST(sweep_store, create_rejects_schemas_that_differ_between_ranks) {
    if (world().size() == 1) GTEST_SKIP() << "needs two ranks";
    const auto path = scratch_file("mismatch.h5");
    auto s = make_schema();
    if (world().rank() == 1) s.metric_names[0] = "another_valid_name";
    EXPECT_TRUE(contains(store_error_of([&] { sweep_store::create(world(), path, s, make_provenance()); }),
                         "different schemas"));
    world().barrier();
    EXPECT_FALSE(fs::exists(path));
}

// Offset of the int32 value of the root attribute `name` in a store written with HDF5's earliest
// format (version 1 attribute messages: a header of version, reserved, name size, datatype size and
// dataspace size, then the name, the datatype and the dataspace, each padded to 8 bytes), or 0.
std::size_t attribute_value_offset(const std::vector<char>& bytes, const std::string& name) {
    const std::string key = name + '\0';
    const auto it = std::search(bytes.begin(), bytes.end(), key.begin(), key.end());
    if (it == bytes.end() || it - bytes.begin() < 8) return 0;
    const auto at = static_cast<std::size_t>(it - bytes.begin());
    const auto u16 = [&](std::size_t i) {
        return static_cast<std::size_t>(static_cast<unsigned char>(bytes[i])) |
               static_cast<std::size_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    };
    const auto pad8 = [](std::size_t n) { return (n + 7) / 8 * 8; };
    if (bytes[at - 8] != 1 || u16(at - 6) != key.size()) return 0;
    return at + pad8(u16(at - 6)) + pad8(u16(at - 4)) + pad8(u16(at - 2));
}

TEST(sweep_store, bad_files_give_clear_errors_and_are_left_unchanged) {
    const auto good = scratch_file("good.h5");
    create_planned(good).close();

    struct bad_file {
        std::string name;
        std::string expected;
    };
    const std::vector<bad_file> cases{
        {"missing.h5", "does not exist"},
        {"text.h5", "is not an HDF5 file"},
        {"empty.h5", "is not an HDF5 file"},
        {"directory.h5", "is not a regular file"},
        {"truncated.h5", "truncated or damaged"},
        {"foreign.h5", "not a hetsweep sweep store"},
        {"future.h5",
         "schema version 99, but this build of hetsweep reads versions 1 to 3: use a newer hetsweep"},
    };
    if (world().rank() == 0) {
        const auto bytes = read_bytes(good);
        write_bytes(scratch_file("text.h5"), std::vector<char>(5000, 'z'));
        write_bytes(scratch_file("empty.h5"), {});
        fs::create_directory(scratch_file("directory.h5"));
        write_bytes(scratch_file("truncated.h5"), std::vector<char>(bytes.begin(), bytes.begin() + 4096));
        // Rank 0 alone builds the files: a failure here is reported, never returned from, so that
        // the other ranks are not left waiting at the barrier.
        auto foreign = bytes;
        const std::string key = "schema_version";
        const auto it = std::search(foreign.begin(), foreign.end(), key.begin(), key.end());
        EXPECT_NE(it, foreign.end());
        if (it != foreign.end()) *(it + 6) = 'X';  // "schemaXversion": valid HDF5, but no schema_version
        write_bytes(scratch_file("foreign.h5"), foreign);
        auto future = bytes;
        const auto offset = attribute_value_offset(future, key);
        EXPECT_NE(offset, 0u) << "could not find the schema_version value in the file";
        std::int32_t value = 0;
        if (offset != 0) std::memcpy(&value, future.data() + offset, 4);
        EXPECT_EQ(value, store::schema_version);
        value = 99;
        if (offset != 0) std::memcpy(future.data() + offset, &value, 4);
        write_bytes(scratch_file("future.h5"), future);
    }
    world().barrier();

    for (const auto& c : cases) {
        const auto path = scratch_file(c.name);
        const bool is_file = fs::is_regular_file(path);
        const auto before = is_file ? read_bytes(path) : std::vector<char>{};
        world().barrier();
        const auto collective = store_error_of([&] { sweep_store::open(world(), path); });
        EXPECT_TRUE(contains(collective, c.expected)) << c.name << ": " << collective;
        EXPECT_TRUE(contains(collective, path)) << c.name << ": " << collective;
        const auto serial = store_error_of([&] { sweep_store::open_read_only(path); });
        EXPECT_TRUE(contains(serial, c.expected)) << c.name << ": " << serial;
        if (world().rank() == 0) std::cout << "    " << c.name << ": " << serial << "\n";
        world().barrier();
        EXPECT_EQ(fs::exists(path), c.name != "missing.h5") << c.name;
        if (is_file) {
            EXPECT_TRUE(read_bytes(path) == before) << c.name << " was modified";
        }
    }
}

// CRC-32 (the reflected polynomial 0xEDB88320 of IEEE 802.3) bit by bit, as the textbook defines
// it: independent of zlib's table-driven code.
std::uint32_t crc32_bitwise(const std::vector<unsigned char>& bytes) {
    std::uint32_t crc = 0xFFFFFFFFu;
    for (unsigned char byte : bytes) {
        crc ^= byte;
        for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

void append_bytes(std::vector<unsigned char>& out, const std::vector<double>& values) {
    const auto* p = reinterpret_cast<const unsigned char*>(values.data());
    out.insert(out.end(), p, p + values.size() * sizeof(double));
}

TEST(sweep_store, row_checksum_is_the_crc32_of_the_row_bytes_in_order) {
    const std::string check = "123456789";
    ASSERT_EQ(crc32_bitwise({check.begin(), check.end()}), 0xCBF43926u);  // CRC-32's published check value
    const std::vector<double> a = {1.5, -0.0, std::nan(""), 1e-300}, b = {2, 3, 4, 5}, m = {0.25, 7};
    std::vector<unsigned char> bytes;
    for (const auto* v : {&a, &b, &m}) append_bytes(bytes, *v);
    EXPECT_EQ(store::row_checksum({a.data(), b.data()}, a.size(), m), crc32_bitwise(bytes));
    // The order of the rows counts, and so does every bit.
    EXPECT_NE(store::row_checksum({b.data(), a.data()}, a.size(), m),
              store::row_checksum({a.data(), b.data()}, a.size(), m));
    for (int bit = 0; bit < 64; ++bit) {
        auto changed = b;
        std::uint64_t word;
        std::memcpy(&word, &changed[2], 8);
        word ^= std::uint64_t(1) << bit;
        std::memcpy(&changed[2], &word, 8);
        EXPECT_NE(store::row_checksum({a.data(), changed.data()}, a.size(), m),
                  store::row_checksum({a.data(), b.data()}, a.size(), m))
            << "bit " << bit;
    }
}

// Flips one bit of the one place in the file that holds `value`'s bytes.
void flip_the_bytes_of(const std::string& path, double value) {
    auto bytes = read_bytes(path);
    const char* pattern = reinterpret_cast<const char*>(&value);
    std::vector<std::size_t> at;
    for (std::size_t i = 0; i + 8 <= bytes.size(); ++i)
        if (std::memcmp(bytes.data() + i, pattern, 8) == 0) at.push_back(i);
    ASSERT_EQ(at.size(), 1u) << value << " is not stored exactly once";
    bytes[at[0] + 3] = static_cast<char>(bytes[at[0] + 3] ^ 0x10);
    write_bytes(path, bytes);
}

TEST(sweep_store, a_changed_value_fails_the_checksum_of_its_row_and_of_no_other) {
    const auto path = scratch_file("checksums.h5");
    auto s = create_planned(path);
    write_my_points(s);
    s.close();
    std::vector<std::uint64_t> done;
    for (std::uint64_t p = 0; p < n_points; ++p)
        if (planned(p) == point_status::done) done.push_back(p);
    {
        const auto r = sweep_store::open_read_only(path);
        EXPECT_TRUE(r.has_checksums());
        EXPECT_TRUE(r.failed_checksums(done).empty());
    }
    world().barrier();
    if (world().rank() == 0) {
        flip_the_bytes_of(path, score(4, 1, 2));  // the second per-task matrix of point 4
        flip_the_bytes_of(path, metric(9, 2));    // a metric of point 9
    }
    world().barrier();
    const auto r = sweep_store::open_read_only(path);
    std::size_t progress = 0;
    EXPECT_EQ(r.failed_checksums(done, [&](std::size_t n) { progress = n; }),
              (std::vector<std::uint64_t>{4, 9}));
    EXPECT_EQ(progress, done.size());
    EXPECT_EQ(r.failed_checksums({0, 1, 5}), std::vector<std::uint64_t>{});
    world().barrier();
}

TEST(sweep_store, serial_context_store_needs_no_mpi_io) {
    const auto ctx = comm::make_serial_context();
    const auto path = scratch_file("serial_" + std::to_string(world().rank()) + ".h5");
    auto schema = make_schema();
    schema.metric_names.clear();
    schema.per_task_names = {"scores"};
    {
        auto s = sweep_store::create(*ctx, path, schema, make_provenance());
        const auto index = s.runs().begin({"start", "", "", "", 1, "", ""});
        const std::vector<double> row(n_tasks, 7.0);
        for (std::uint64_t p = 0; p < n_points; p += 2) s.write_done(p, {row.data()}, {}, 1);
        s.runs().end(index, "end", "complete");
        s.close();
    }
    const auto r = sweep_store::open_read_only(path);
    EXPECT_TRUE(r.metric_names().empty());
    EXPECT_TRUE(r.read_metrics().empty());
    const auto status = r.read_status();
    const auto scores = r.read_per_task("scores", 0, n_points);
    for (std::uint64_t p = 0; p < n_points; ++p) {
        EXPECT_EQ(status[p], p % 2 == 0 ? point_status::done : point_status::pending);
        EXPECT_EQ(std::isnan(scores[p * n_tasks]), p % 2 == 1);
    }
    ASSERT_EQ(r.runs().list().size(), 1u);
    EXPECT_EQ(r.runs().list()[0].outcome, "complete");
    EXPECT_EQ(r.runs().list()[0].ranks, 1);
}

}  // namespace
}  // namespace hetsweep
