#include "common.hpp"
#include "submit_jobs.hpp"

#include <hetsweep/cli/commands.hpp>
#include <hetsweep/errors.hpp>
#include <hetsweep/store/sweep_store.hpp>
#include <hetsweep/text.hpp>
#include <hetsweep/vocab/param_table.hpp>

#include <unistd.h>
#include <algorithm>
#include <array>
#include <chrono>
#include <iostream>
#include <map>
#include <optional>
#include <set>

namespace hetsweep::cli {

namespace {

std::vector<std::string> column_as_text(const store::column& c) {
    if (c.kind == value_kind::text) return c.text;
    std::vector<std::string> out;
    for (double x : c.numbers) {
        if (c.kind == value_kind::boolean)
            out.push_back(display_value(param_value(x != 0)));
        else if (c.kind == value_kind::integer)
            out.push_back(display_value(param_value(std::int64_t(x))));
        else
            out.push_back(display_value(param_value(x)));
    }
    return out;
}

// The grid columns that take more than one value: each value in order of first appearance, with
// its done, failed and total counts.
struct axis_tally {
    std::string name;
    std::vector<std::string> order;
    std::map<std::string, std::array<std::size_t, 3>> tally;
};

std::vector<axis_tally> axis_tallies(const store::sweep_store& s,
                                     const std::vector<store::point_status>& status) {
    std::vector<axis_tally> out;
    for (const auto& name : s.grid_names()) {
        const auto values = column_as_text(s.read_grid(name));
        axis_tally a{name, {}, {}};
        for (std::size_t i = 0; i < values.size(); ++i) {
            auto [it, fresh] = a.tally.try_emplace(values[i], std::array<std::size_t, 3>{0, 0, 0});
            if (fresh) a.order.push_back(values[i]);
            if (status[i] == store::point_status::done) ++it->second[0];
            if (status[i] == store::point_status::failed) ++it->second[1];
            ++it->second[2];
        }
        if (a.order.size() >= 2) out.push_back(std::move(a));
    }
    return out;
}

// The failed points, grouped by their message.
std::map<std::string, std::vector<std::uint64_t>> failures_by_message(
    const store::sweep_store& s, const std::vector<store::point_status>& status) {
    std::map<std::string, std::vector<std::uint64_t>> out;
    const auto messages = s.read_messages();
    for (std::uint64_t i = 0; i < status.size(); ++i)
        if (status[i] == store::point_status::failed) out[messages[i]].push_back(i);
    return out;
}

// `status --verify`: every done row checked against its checksum.
struct verification {
    bool possible = false;  // the store has checksums (schema 3)
    std::size_t checked = 0;
    std::vector<std::uint64_t> damaged;
};

verification verify_rows(const store::sweep_store& s, const std::vector<store::point_status>& status) {
    verification v;
    v.possible = s.has_checksums();
    if (!v.possible) return v;
    v.checked = std::size_t(std::count(status.begin(), status.end(), store::point_status::done));
    // A line on a terminal while a large store is read (it goes at the speed of the disk).
    const bool tty = isatty(2);
    const auto start = std::chrono::steady_clock::now();
    auto last = start;
    v.damaged = s.damaged_done_points(status, [&](std::size_t n) {
        const auto now = std::chrono::steady_clock::now();
        if (!tty || now - last < std::chrono::seconds(1)) return;
        last = now;
        std::cerr << "\rverifying: " << n << " of " << v.checked << " done points" << std::flush;
    });
    if (tty && last != start) std::cerr << "\r\033[K" << std::flush;
    return v;
}

// "cv=0.5 profile=lognormal seed=2": the point's values on the axes that vary.
std::string point_coordinates(const std::vector<axis_tally>& axes,
                              const std::map<std::string, std::vector<std::string>>& values,
                              std::uint64_t point) {
    std::string out;
    for (const auto& a : axes) out += (out.empty() ? "" : " ") + a.name + "=" + values.at(a.name)[point];
    return out;
}

// `status --format json`: the same facts as the text, for scripts (README.md, Commands).
void status_json(const store::sweep_store& s, const std::vector<store::point_status>& status,
                 const std::size_t counts[3], const std::optional<verification>& verified) {
    const auto& info = s.info();
    std::cout << "{\"store\": " << json_string(s.path()) << ", \"schema_version\": " << info.schema_version
              << ", \"sweep_name\": " << json_string(info.sweep_name)
              << ", \"spec_hash\": " << json_string(info.spec_hash)
              << ", \"numerics_version\": " << info.numerics_version
              << ", \"created\": " << json_string(info.created)
              << ", \"hetsweep_version\": " << json_string(info.hetsweep_version)
              << ", \"git_commit\": " << json_string(info.git_commit)
              << ",\n \"points\": {\"total\": " << s.n_points() << ", \"done\": " << counts[1]
              << ", \"failed\": " << counts[2] << ", \"pending\": " << counts[0]
              << ", \"complete\": " << (counts[1] == s.n_points() ? "true" : "false")
              << "},\n \"checksums\": " << (s.has_checksums() ? "true" : "false") << ", \"verified\": ";
    if (verified && verified->possible) {
        std::cout << "{\"checked\": " << verified->checked << ", \"damaged\": [";
        for (std::size_t i = 0; i < verified->damaged.size(); ++i)
            std::cout << (i ? ", " : "") << verified->damaged[i];
        std::cout << "]}";
    } else {
        std::cout << "null";
    }
    std::cout << ",\n \"failures\": [";
    if (counts[2]) {
        bool first = true;
        for (const auto& [message, points] : failures_by_message(s, status)) {
            std::cout << (first ? "" : ", ") << "{\"message\": " << json_string(message) << ", \"points\": [";
            for (std::size_t i = 0; i < points.size(); ++i) std::cout << (i ? ", " : "") << points[i];
            std::cout << "]}";
            first = false;
        }
    }
    std::cout << "],\n \"axes\": {";
    bool first_axis = true;
    for (const auto& [name, order, tally] : axis_tallies(s, status)) {
        std::cout << (first_axis ? "" : ", ") << json_string(name) << ": [";
        for (std::size_t j = 0; j < order.size(); ++j) {
            const auto& t = tally.at(order[j]);
            std::cout << (j ? ", " : "") << "{\"value\": " << json_string(order[j]) << ", \"done\": " << t[0]
                      << ", \"failed\": " << t[1] << ", \"total\": " << t[2] << "}";
        }
        std::cout << "]";
        first_axis = false;
    }
    std::cout << "},\n \"runs\": [";
    const auto runs = s.runs().list();
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const auto& r = runs[i];
        std::cout << (i ? ",\n  " : "") << "{\"start\": " << json_string(r.start_time)
                  << ", \"end\": " << (r.end_time.empty() ? "null" : json_string(r.end_time))
                  << ", \"ranks\": " << r.ranks
                  << ", \"outcome\": " << (r.end_time.empty() ? "null" : json_string(r.outcome))
                  << ", \"slurm_job_id\": " << json_string(r.slurm_job_id)
                  << ", \"blas\": " << json_string(r.blas)
                  << ", \"platform\": " << (r.platform.empty() ? "null" : json_string(r.platform)) << "}";
    }
    std::cout << "]}\n";
}

// The platforms the runs computed on: one line when they agree, a line per platform (naming its runs)
// when they differ, since the points of different platforms agree only to rounding.
std::string platforms_report(const std::vector<store::run_record>& runs) {
    std::vector<std::string> order;
    std::map<std::string, std::vector<std::size_t>> used;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        if (runs[i].platform.empty()) continue;
        if (!used.count(runs[i].platform)) order.push_back(runs[i].platform);
        used[runs[i].platform].push_back(i);
    }
    if (order.empty()) return {};
    if (order.size() == 1) return "platform: " + order[0] + "\n";
    std::string out = "platforms: " + std::to_string(order.size()) +
                      ", so points of different runs agree to rounding, not bit for bit:\n";
    for (const auto& p : order) {
        const auto& r = used[p];
        out += "  run" + std::string(r.size() > 1 ? "s " : " ");
        for (std::size_t j = 0; j < r.size(); ++j) out += (j ? ", " : "") + std::to_string(r[j]);
        out += ": " + p + "\n";
    }
    return out;
}

}  // namespace

int cmd_status(const std::vector<std::string>& words) {
    const args a(words, {"verify"}, {"format", "store"});
    const std::string path =
        store_argument(a, "usage: hetsweep status FILE.h5 [--verify] [--format table|json]");
    const std::string format = a.option_or("format", "table");
    if (format != "table" && format != "json")
        throw config_error("--format " + format + ": must be table or json");
    const auto s = store::sweep_store::open_read_only(path);
    const auto& info = s.info();
    const auto status = s.read_status();
    std::size_t counts[3] = {0, 0, 0};
    for (auto st : status) ++counts[int(st)];
    std::optional<verification> verified;
    if (a.flag("verify")) verified = verify_rows(s, status);
    // A damaged store is bad input: exit 2, after the whole report.
    const int code = verified && !verified->damaged.empty() ? exit_usage : exit_ok;
    if (format == "json") {
        status_json(s, status, counts, verified);
        return code;
    }

    std::cout << "store " << s.path() << " (schema " << info.schema_version << ")\n";
    std::cout << "  sweep " << info.sweep_name << ", spec hash " << info.spec_hash << ", numerics version "
              << info.numerics_version << ", created " << info.created << " by hetsweep "
              << info.hetsweep_version << " (" << info.git_commit << ")\n";
    std::cout << "points: " << s.n_points() << " total, " << counts[1] << " done, " << counts[2]
              << " failed, " << counts[0] << " pending" << (counts[1] == s.n_points() ? " (complete)" : "")
              << '\n';

    const auto axes = axis_tallies(s, status);
    if (verified && !verified->possible) {
        std::cout << "verified: nothing; rows of a schema " << info.schema_version
                  << " store carry no checksums (they came with schema 3, hetsweep 0.6)\n";
    } else if (verified && verified->damaged.empty()) {
        std::cout << "verified: every one of the " << verified->checked
                  << " done points matches its checksum\n";
    } else if (verified) {
        std::map<std::string, std::vector<std::string>> values;
        for (const auto& axis : axes) values[axis.name] = column_as_text(s.read_grid(axis.name));
        const auto& bad = verified->damaged;
        std::cout << "verified: DAMAGED: " << bad.size() << " of " << verified->checked
                  << " done points no longer match their checksum (a value in their row changed after it was "
                     "written):\n";
        for (std::size_t i = 0; i < bad.size() && i < 20; ++i)
            std::cout << "  point " << bad[i] << (axes.empty() ? "" : ": ")
                      << point_coordinates(axes, values, bad[i]) << '\n';
        if (bad.size() > 20) std::cout << "  ... and " << bad.size() - 20 << " more\n";
        std::cout
            << "  `hetsweep run` on this store computes them again; `query` refuses the store until then\n";
    }

    if (counts[2]) {
        std::cout << "failures, by message:\n";
        for (const auto& [message, points] : failures_by_message(s, status)) {
            std::cout << "  " << points.size() << " x " << message << "\n      points";
            for (std::size_t i = 0; i < points.size() && i < 12; ++i) std::cout << ' ' << points[i];
            if (points.size() > 12) std::cout << " ...";
            std::cout << '\n';
        }
    }

    std::cout << "by axis (done/failed/total):\n";
    for (const auto& [name, order, tally] : axes) {
        std::cout << "  " << name << ':';
        for (const auto& v : order) {
            const auto& t = tally.at(v);
            std::cout << "  " << v << " " << t[0] << '/' << t[1] << '/' << t[2];
        }
        std::cout << '\n';
    }
    if (axes.empty()) std::cout << "  (no axis varies)\n";

    std::cout << "runs:\n";
    const auto runs = s.runs().list();
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const auto& r = runs[i];
        std::cout << "  " << i << ": " << r.start_time << " .. "
                  << (r.end_time.empty() ? "(no end recorded)" : r.end_time) << ", " << r.ranks << " ranks, "
                  << (r.end_time.empty() ? "killed or still running" : r.outcome);
        if (!r.slurm_job_id.empty()) std::cout << ", SLURM job " << r.slurm_job_id;
        if (!r.blas.empty() && r.platform.empty()) std::cout << ", " << r.blas;
        std::cout << '\n';
    }
    std::cout << platforms_report(runs);
    // With SLURM present, the state of the sweep's jobs (runs and submissions); never blocks for long.
    std::cout << slurm_jobs_report(s.path(), runs);
    return code;
}

}  // namespace hetsweep::cli
