// Time of `hetsweep query` on a large store: 100,000 points x 882 tasks (705 MB of scores), a
// synthetic store written once through the real store API and kept for later runs.
//
//   build/bench/bench_query [--store PATH] [--points N] [--repeats R]
//
// Each query runs end to end (open, read, aggregate, format) as the command does. "warm" runs read
// the file from the page cache; "cold" runs first evict the file's pages (posix_fadvise DONTNEED,
// which touches only this file), so they include reading it from the disk.

#include <hetsweep/cli/commands.hpp>
#include <hetsweep/comm/context.hpp>
#include <hetsweep/store/sweep_store.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace hetsweep;

namespace {

using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point t0) {
    return std::chrono::duration<double>(clock_type::now() - t0).count();
}

std::string first_line_of(const char* file, const char* prefix) {
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);)
        if (line.rfind(prefix, 0) == 0) return line;
    return "";
}

std::string cpu_name() {
    const std::string line = first_line_of("/proc/cpuinfo", "model name");
    return line.empty() ? "unknown CPU" : line.substr(line.find(':') + 2);
}

// A counter-based hash (splitmix64's finaliser): a deterministic uniform in [0, 1) per (point, task).
double uniform(std::uint64_t point, std::uint64_t task) {
    std::uint64_t z = point * 0x9E3779B97F4A7C15ull + task * 0xBF58476D1CE4E5B9ull + 0x94D049BB133111EBull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return double(z >> 11) * 0x1.0p-53;
}

// 4 profiles x 5 levels x 5 sizes x n/100 seeds; the task table of the real benchmark's shape.
store::schema make_schema(std::uint64_t n_points) {
    const std::vector<std::string> profiles{"lognormal", "gamma", "uniform", "normal"};
    const std::vector<double> levels{0, 0.25, 0.5, 1, 2};
    const std::vector<std::int64_t> sizes{50, 100, 200, 400, 800};
    const std::uint64_t seeds = n_points / 100;
    store::schema s;
    s.n_points = seeds * 100;
    store::column profile{"profile", value_kind::text, {}, {}, false},
        model{"model", value_kind::text, {}, {}, false};
    store::column cv{"cv", value_kind::real, {}, {}, false}, n{"N", value_kind::integer, {}, {}, false};
    store::column seed{"seed", value_kind::integer, {}, {}, true};
    store::column input_seed{"input_seed", value_kind::integer, {}, {}, true};
    for (const auto& p : profiles)
        for (double c : levels)
            for (std::int64_t size : sizes)
                for (std::uint64_t k = 1; k <= seeds; ++k) {
                    profile.text.push_back(p);
                    model.text.push_back("rate");
                    cv.numbers.push_back(c);
                    n.numbers.push_back(double(size));
                    seed.numbers.push_back(double(k));
                    input_seed.numbers.push_back(1);
                }
    s.grid = {n, cv, input_seed, model, profile, seed};
    std::map<std::string, std::vector<double>> t;
    for (int k = 1; k <= 3; ++k)
        for (int d = 1; d <= 6; ++d)
            for (int j = 0; j < 49; ++j) {
                const int shift = (j - 24) * 200 / 24;
                const double complexity = std::min(1.0, (d - 1) / 6.0 + std::abs(shift) / 400.0);
                t["k"].push_back(k);
                t["d"].push_back(d);
                t["delta"].push_back(-2 + 4.0 * j / 48);
                t["delta_realised"].push_back(shift * 0.01);
                t["shift"].push_back(shift);
                t["tier"].push_back(complexity < 1.0 / 3 ? 0 : complexity < 2.0 / 3 ? 1 : 2);
                t["complexity"].push_back(complexity);
            }
    for (const char* name : {"k", "d", "delta", "delta_realised", "shift", "tier", "complexity"}) {
        const bool integer = std::string(name) != "delta" && std::string(name) != "delta_realised" &&
                             std::string(name) != "complexity";
        s.tasks.push_back({name, integer ? value_kind::integer : value_kind::real, t[name], {}, false});
    }
    s.metric_names = {"r2_mean", "r2_clipped_mean", "readout_flops", "memory_bytes"};
    return s;
}

void build_store(const std::string& path, std::uint64_t n_points) {
    const store::schema s = make_schema(n_points);
    const std::string building = path + ".building";
    std::remove(building.c_str());
    const auto ctx = comm::make_serial_context();
    store::provenance p;
    p.sweep_name = "bench_query";
    p.spec_text = "# synthetic store of bench/bench_query.cpp\n";
    p.spec_hash = "synthetic";
    p.hetsweep_version = "bench";
    p.git_commit = "bench";
    p.created = "1970-01-01T00:00:00Z";
    auto st = store::sweep_store::create(*ctx, building, s, p);
    const auto& cv = s.grid[1].numbers;
    const auto& n = s.grid[0].numbers;
    const auto& complexity = s.tasks.back().numbers;
    const std::size_t tasks = complexity.size();
    std::vector<double> row(tasks);
    const auto t0 = clock_type::now();
    for (std::uint64_t i = 0; i < s.n_points; ++i) {
        // A plausible shape: better for larger networks, more heterogeneity and easier tasks, with noise.
        double sum = 0, clipped = 0;
        for (std::size_t j = 0; j < tasks; ++j) {
            const double ease = 1 - complexity[j];
            const double mean = ease * (0.3 + 0.1 * std::log2(double(n[i]) / 50) / 4 + 0.1 * cv[i]) - 0.1;
            row[j] = mean + 0.2 * (uniform(i, j) - 0.5);
            sum += row[j];
            clipped += std::max(row[j], 0.0);
        }
        const double nn = double(n[i]);
        st.write_done(i, {row.data()},
                      {sum / double(tasks), clipped / double(tasks), 2 * nn * nn * 0.1 + 2 * nn * tasks,
                       8 * (0.1 * nn * nn + 3 * nn)},
                      1);
        if ((i + 1) % 10000 == 0)
            std::fprintf(stderr, "  wrote %llu of %llu points (%.0f s)\n", (unsigned long long)(i + 1),
                         (unsigned long long)s.n_points, seconds_since(t0));
    }
    st.close();
    if (std::rename(building.c_str(), path.c_str()) != 0) {
        std::perror(("rename " + building).c_str());
        std::exit(1);
    }
}

bool usable(const std::string& path, std::uint64_t n_points) {
    try {
        const auto s = store::sweep_store::open_read_only(path);
        const auto status = s.read_status();
        return s.n_points() == n_points && s.n_tasks() == 882 &&
               std::all_of(status.begin(), status.end(),
                           [](auto x) { return x == store::point_status::done; });
    } catch (const std::exception&) {
        return false;
    }
}

void evict(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0) return;
    ::fdatasync(fd);
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    ::close(fd);
}

// Seconds of one query, its output kept in `out`.
double run_query(const std::vector<std::string>& words, std::string& out) {
    std::ostringstream captured;
    auto* old = std::cout.rdbuf(captured.rdbuf());
    const auto t0 = clock_type::now();
    int code = 0;
    try {
        code = cli::cmd_query(words);
    } catch (...) {
        std::cout.rdbuf(old);
        throw;
    }
    const double s = seconds_since(t0);
    std::cout.rdbuf(old);
    if (code != 0) throw std::runtime_error("query exited " + std::to_string(code));
    out = captured.str();
    return s;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    std::string path = "/tmp/hetsweep-bench-query.h5";
    std::uint64_t n_points = 100000;
    int repeats = 5;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--store")
            path = argv[i + 1];
        else if (a == "--points")
            n_points = std::strtoull(argv[i + 1], nullptr, 10) / 100 * 100;
        else if (a == "--repeats")
            repeats = std::max(1, std::atoi(argv[i + 1]));
        else {
            std::fprintf(stderr, "usage: bench_query [--store PATH] [--points N] [--repeats R]\n");
            return 2;
        }
    }
    if (n_points < 100) n_points = 100;
    if (!usable(path, n_points)) {
        std::fprintf(stderr, "bench_query: writing a synthetic store of %llu points x 882 tasks to %s\n",
                     (unsigned long long)n_points, path.c_str());
        const auto t0 = clock_type::now();
        build_store(path, n_points);
        std::fprintf(stderr, "bench_query: store written in %.1f s\n", seconds_since(t0));
    }
    std::ifstream size_probe(path, std::ios::binary | std::ios::ate);
    const double megabytes = double(size_probe.tellg()) / 1e6;

    std::printf("bench_query: %s, %llu points x 882 tasks, %.0f MB\n", path.c_str(),
                (unsigned long long)n_points, megabytes);
    std::printf("machine: %s, %ld online CPUs, %s\n", cpu_name().c_str(), sysconf(_SC_NPROCESSORS_ONLN),
                ("load average " + first_line_of("/proc/loadavg", "")).c_str());
    std::printf(
        "warm: median and best of %d runs; cold: median of %d runs, the file's pages evicted first\n\n",
        repeats, std::max(1, repeats / 2));

    struct timed {
        const char* what;
        std::vector<std::string> args;
    };
    const std::vector<timed> queries = {
        {"grouped mean, all tasks (from /metrics)", {"--by", "profile,cv"}},
        {"grouped mean, all tasks, read /scores", {"--by", "profile,cv", "--from-scores"}},
        {"grouped mean, tier 2 (reads /scores)", {"--by", "profile,cv", "--tier", "2"}},
        {"by cv and tier (reads /scores)", {"--by", "cv,tier", "--stat", "mean,ci95,median"}},
        {"over tasks, mean,sd,ci95 (reads /scores)",
         {"--by", "profile,cv", "--over", "tasks", "--stat", "mean,sd,ci95"}},
        {"cost per level, readout_flops (from /metrics)", {"--cost", "readout_flops", "--by", "profile"}},
    };
    std::printf("%-48s %10s %10s %10s\n", "query", "warm [s]", "best [s]", "cold [s]");
    std::string first_output;
    for (const auto& q : queries) {
        std::vector<std::string> words{path};
        words.insert(words.end(), q.args.begin(), q.args.end());
        std::string out;
        std::vector<double> warm, cold;
        run_query(words, out);  // fills the page cache
        for (int r = 0; r < repeats; ++r) warm.push_back(run_query(words, out));
        for (int r = 0; r < std::max(1, repeats / 2); ++r) {
            evict(path);
            cold.push_back(run_query(words, out));
        }
        if (first_output.empty()) first_output = out;
        std::string shown = "hetsweep query FILE";
        for (const auto& a : q.args) shown += " " + a;
        std::printf("%-48s %10.3f %10.3f %10.3f\n    %s\n", q.what, median(warm),
                    *std::min_element(warm.begin(), warm.end()), median(cold), shown.c_str());
    }
    std::printf("\nthe first query's answer:\n%s", first_output.c_str());
    return 0;
}
