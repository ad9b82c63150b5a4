#include <hetsweep/engine/store_setup.hpp>

#include "point_outcome.hpp"
#include "protocol.hpp"

#include <hetsweep/comm/pack.hpp>
#include <hetsweep/errors.hpp>
#include <hetsweep/model/evaluate.hpp>
#include <hetsweep/model/outputs.hpp>
#include <hetsweep/text.hpp>
#include <hetsweep/version.hpp>
#include <hetsweep/vocab/identity.hpp>
#include <hetsweep/vocab/numerics.hpp>

#include <sys/statvfs.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <unordered_map>
#include <utility>
#include <variant>

namespace hetsweep::engine {

namespace fs = std::filesystem;

namespace {

// Collective: rank 0 renames `from` to `to`; every rank gets the error, "" if none.
std::string rename_on_root(const comm::context& ctx, const std::string& from, const std::string& to) {
    std::string error;
    if (ctx.rank() == 0) {
        std::error_code ec;
        fs::rename(from, to, ec);
        if (ec) error = "cannot rename " + from + " to " + to + ": " + ec.message();
    }
    return comm::unpack<std::string>(ctx.broadcast(comm::pack(error), 0));
}

// Collective; see open_or_create_store.
void create_store(const comm::context& ctx, const std::string& path, const grid& g, const sweep_spec& spec) {
    const std::string partial = path + ".partial";
    if (ctx.rank() == 0) fs::remove(partial);
    ctx.barrier();
    try {
        const store::schema schema = store::schema_from_root(ctx, [&] { return make_schema(g, spec.seed); });
        store::sweep_store::create(ctx, partial, schema, make_provenance(spec)).close();
    } catch (const store_error&) {
        // Every rank failed alike (a full disk, a path that cannot be written): leave nothing behind.
        ctx.barrier();
        if (ctx.rank() == 0) fs::remove(partial);
        throw;
    }
    if (const std::string error = rename_on_root(ctx, partial, path); !error.empty())
        throw store_error(error);
}

// How the store `s` grows into the grid of `spec`: for each of its rows that was computed (done or
// failed), the new grid's point of the same identity. A store grows when the spec keeps every one
// of its points (more seeds, more levels, another grid) and the sweep seed and numerics.
struct growth {
    std::string problem;                                        // why it cannot grow; "" if it can
    std::vector<std::pair<std::uint64_t, std::uint64_t>> rows;  // (stored row, new point)
    std::size_t kept = 0;                                       // stored points the new grid keeps
};

growth plan_growth(const store::sweep_store& s, const sweep_spec& spec, const grid& g) {
    growth out;
    const auto& info = s.info();
    if (info.invariants.empty()) {
        out.problem =
            "it was made before hetsweep 0.5, which did not record the sweep seed a store needs to grow";
        return out;
    }
    if (info.invariants != spec.invariants()) {
        auto one_line = [](std::string text) {
            while (!text.empty() && text.back() == '\n') text.pop_back();
            for (std::size_t at; (at = text.find('\n')) != std::string::npos;) text.replace(at, 1, "; ");
            return text;
        };
        out.problem =
            "its sweep seed or benchmark flag differs from this spec's (store: " + one_line(info.invariants) +
            "; spec: " + one_line(spec.invariants()) + ")";
        return out;
    }
    std::vector<column> stored_grid;
    for (const auto& name : s.grid_names()) stored_grid.push_back(s.read_grid(name));
    const std::uint64_t n_stored = s.n_points();
    const auto stored = identity_texts(stored_grid, n_stored, defaults_of_numerics(info.numerics_version));
    const auto status = s.read_status();
    std::unordered_map<std::string, std::uint64_t> first;
    for (std::size_t i = 0; i < g.size(); ++i)
        if (g.same_as(i) == i) first.emplace(point_identity(g[i]), i);
    for (std::uint64_t r = 0; r < n_stored; ++r) {
        const auto it = first.find(stored[r]);
        if (it == first.end()) {
            // Name a key whose stored value no point of the new grid has (where it applies), if there is one.
            for (const auto& c : stored_grid) {
                const param_key* key = find_param(c.name);
                if (!key) continue;
                bool found = false, applies = false;
                for (std::size_t i = 0; i < g.size() && !found; ++i) {
                    if (!key->applies_to(g[i])) continue;
                    applies = true;
                    const param_value v = key->get(g[i]);
                    if (c.is_text())
                        found =
                            std::holds_alternative<std::string>(v) && std::get<std::string>(v) == c.text[r];
                    else
                        found = !std::holds_alternative<std::string>(v) && as_number(v) == c.numbers[r];
                }
                if (applies && !found) {
                    out.problem =
                        "its point " + std::to_string(r) + " has " + key->path() + " = " + c.display(r) +
                        ", which no point of this spec has (a store grows by new values; a changed or "
                        "removed one would change or drop stored points)";
                    return out;
                }
            }
            out.problem = "its point " + std::to_string(r) +
                          " is not in this spec's grid (each of its values is, but not together)";
            return out;
        }
        ++out.kept;
        if (status[r] != store::point_status::pending) out.rows.emplace_back(r, it->second);
    }
    return out;
}

// Collective. The store at `path` (open as `old`, of `old_points` points) rebuilt for the grid of
// `spec`: a new store made as PATH.grow.partial, the computed rows copied to their points there,
// the run log carried over with a record of the growth, then renamed over the old one. A run
// killed on the way leaves the old store whole (and a .grow.partial, replaced next time).
store::sweep_store grow_store(const comm::context& ctx, store::sweep_store old, const std::string& path,
                              const sweep_spec& spec, const grid& g, const growth& plan) {
    const std::string partial = path + ".grow.partial";
    if (ctx.rank() == 0) fs::remove(partial);
    ctx.barrier();
    const store::schema schema = store::schema_from_root(ctx, [&] { return make_schema(g, spec.seed); });
    store::sweep_store fresh = [&] {
        try {
            return store::sweep_store::create(ctx, partial, schema, make_provenance(spec));
        } catch (const store_error& e) {
            ctx.barrier();
            if (ctx.rank() == 0) fs::remove(partial);
            throw config_error(e.what());
        }
    }();
    for (const auto& r : old.runs().list()) fresh.runs().begin(r);
    const std::string now = utc_now();
    fresh.runs().begin({now, now,
                        "grown from " + std::to_string(old.n_points()) + " to " + std::to_string(g.size()) +
                            " points (spec hash " + old.info().spec_hash + " to " + spec.hash() + "), " +
                            std::to_string(plan.rows.size()) + " computed points kept",
                        "", ctx.size(), "", ""});
    if (ctx.rank() == 0) {
        const auto status = old.read_status();
        const auto attempts = old.read_attempts();
        const auto metrics = old.read_metrics();
        const auto messages = old.read_messages();
        const auto damaged = old.damaged_done_points(status);
        if (!damaged.empty())
            std::cerr << "hetsweep run: " << damaged.size() << " done point"
                      << (damaged.size() == 1 ? "" : "s") << " of " << path
                      << " no longer match their checksum (the file was damaged): " << point_list(damaged)
                      << "; they are not kept and are computed again" << std::endl;
        for (const auto& [row, point] : plan.rows) {
            if (std::binary_search(damaged.begin(), damaged.end(), row)) continue;
            if (status[row] == store::point_status::failed) {
                fresh.write_failed(point, messages[row], attempts[row]);
                continue;
            }
            copy_done_row(old, row, metrics, attempts[row], fresh, point);
        }
    }
    ctx.barrier();
    old.close();
    fresh.close();
    if (const std::string error = rename_on_root(ctx, partial, path); !error.empty())
        throw config_error(error);
    return store::sweep_store::open(ctx, path);
}

}  // namespace

store::schema make_schema(const grid& g, std::uint64_t sweep_seed) {
    store::schema s;
    s.n_points = g.size();
    s.grid = grid_columns(g.points());
    evaluator eval(sweep_seed);
    const task_set& tasks = eval.benchmark(g[0]).tasks;
    for (const auto& c : task_columns()) {
        column col{c.name, c.integer ? value_kind::integer : value_kind::real, {}, {}};
        for (const auto& t : tasks.info) col.numbers.push_back(c.get(t));
        s.tasks.push_back(std::move(col));
    }
    s.metric_names = output_names(output_shape::per_point);
    s.per_task_names = output_names(output_shape::per_task);
    for (std::size_t i = 0; i < g.size(); ++i) s.same_as.push_back(std::int64_t(g.same_as(i)));
    return s;
}

store::provenance make_provenance(const sweep_spec& spec) {
    store::provenance p;
    p.sweep_name = spec.name;
    p.spec_text = spec.text;
    p.spec_hash = spec.hash();
    p.hetsweep_version = version;
    p.git_commit = git_commit;
    p.numerics_version = numerics_version;
    p.created = utc_now();
    p.invariants = spec.invariants();
    return p;
}

double store_bytes(const grid& g) {
    const double points = double(g.size()), tasks = task_family{}.size();
    const double per_point = 2 * tasks * 8 + double(outputs_of(output_shape::per_point).size()) * 8 + 1 + 4 +
                             256 + double(param_table().size()) * 12;
    return points * per_point + tasks * 40 + 64 * 1024;
}

double memory_limit_per_rank(int local_ranks) {
    if (const char* given = std::getenv("HETSWEEP_MEMORY_LIMIT")) {
        char* end = nullptr;
        double bytes = std::strtod(given, &end);
        const std::string unit = end ? end : "";
        const double scale = unit.empty()  ? 1
                             : unit == "K" ? 1024.0
                             : unit == "M" ? 1048576.0
                             : unit == "G" ? 1073741824.0
                                           : 0;
        if (end == given || scale == 0 || !(bytes > 0) || !std::isfinite(bytes))
            throw config_error(std::string("HETSWEEP_MEMORY_LIMIT=") + given +
                               ": must be a positive number of bytes, optionally with K, M or G");
        return bytes * scale;
    }
    for (const char* name : {"OMPI_COMM_WORLD_LOCAL_SIZE", "SLURM_NTASKS_PER_NODE"})
        if (const char* v = std::getenv(name)) {
            const int n = std::atoi(v);
            if (n > 0) {
                local_ranks = n;
                break;
            }
        }
    std::ifstream in("/proc/meminfo");
    std::string key;
    double kib = 0;
    while (in >> key >> kib) {
        if (key == "MemTotal:") return 0.9 * kib * 1024 / std::max(1, local_ranks);
        in.ignore(256, '\n');
    }
    return std::numeric_limits<double>::infinity();  // unknown: no limit
}

std::string store_path_problem(const std::string& path) {
    if (path.empty()) return "--store \"\": needs a file name (FILE.h5)";
    // Room for the longest name made beside it (FILE.h5.grow.partial) within the usual 255 bytes.
    const std::string name = fs::path(path).filename().string();
    constexpr std::size_t name_max = 255, suffix = std::char_traits<char>::length(".grow.partial");
    if (name.size() + suffix > name_max || path.size() > 4000)
        return "--store " + cut(path, 80) + ": the file name has " + std::to_string(name.size()) +
               " bytes; at most " + std::to_string(name_max - suffix) + " fit (with the " +
               std::to_string(suffix) + " of the .grow.partial made beside it), in a path of at most 4000";
    std::error_code ec;
    const fs::path parent = fs::absolute(path, ec).parent_path();
    if (ec) return "--store " + path + ": " + ec.message();
    if (!fs::exists(path, ec)) {
        if (!fs::is_directory(parent, ec) || access(parent.c_str(), W_OK) != 0)
            return "--store " + path + ": cannot create a file in " + parent.string() +
                   " (no such directory, or not writable)";
    } else if (fs::is_directory(path, ec)) {
        return "--store " + path + ": is a directory";
    } else if (access(path.c_str(), W_OK) != 0) {
        const int error = errno;
        return "--store " + path +
               (error == EROFS ? std::string(" is on a read-only file system")
                               : " cannot be written (" + std::string(std::strerror(error)) + ")") +
               ": a run writes its results into the store. `hetsweep status` and `query` read it as it is; "
               "to resume it, make it writable or copy it somewhere writable";
    }
    return {};
}

namespace {

// The bytes free for this user in the folder that holds (or would hold) `path`; infinite if the file
// system does not say, so that no check refuses on a guess.
double free_bytes_beside(const std::string& path) {
    struct statvfs disk {};
    if (statvfs(fs::absolute(path).parent_path().c_str(), &disk) != 0)
        return std::numeric_limits<double>::infinity();
    return double(disk.f_bavail) * double(disk.f_frsize);
}

}  // namespace

std::string resume_space_problem(const std::string& path) {
    // What a resume adds to an existing store: the lock file and a run record (a few KiB).
    constexpr double need = 1 << 20;
    const double free = free_bytes_beside(path);
    if (free >= need) return {};
    return "--store " + path + ": its file system has " + human_bytes(free) +
           " free, and a run needs about " + human_bytes(need) +
           " for its run record and lock (the results themselves have their space already): "
           "free some space and run again; the store is unchanged";
}

std::string free_disk_problem(const std::string& path, const grid& g) {
    const double need = store_bytes(g), free = free_bytes_beside(path);
    if (free >= need) return {};
    return "--store " + path + ": the store needs about " + human_bytes(need) + ", and " +
           fs::absolute(path).parent_path().string() + " has " + human_bytes(free) + " free";
}

std::string store_mismatch(const std::string& path, const store::sweep_store& s, const sweep_spec& spec,
                           const grid& g, const std::string& advice) {
    const auto& info = s.info();
    if (info.numerics_version != numerics_version) {
        return "--store " + path + " holds results of numerics version " +
               std::to_string(info.numerics_version) + " (hetsweep " + info.hetsweep_version +
               "), and this build computes version " + std::to_string(numerics_version) +
               ": new points would not match the stored ones. Query the store as it is, resume it with "
               "hetsweep " +
               info.hetsweep_version + ", or give a new --store";
    }
    // Outputs are never removed from the table, so a store of these numerics lists none this build
    // lacks; a file that does was not written by hetsweep.
    for (const auto& [names, shape] : {std::pair{&s.metric_names(), output_shape::per_point},
                                       std::pair{&s.per_task_names(), output_shape::per_task}})
        for (const auto& name : *names)
            if (!find_output(name, shape))
                return "--store " + path + " lists an output " + quoted(name) +
                       " that this build of hetsweep does not compute; resume it with the build that made it "
                       "(" +
                       info.hetsweep_version + ")";
    // (Stores of schema 1 are all of numerics 1, refused above.)
    const std::string hash = spec.hash();
    if (info.spec_hash == hash && s.n_points() == g.size()) return {};
    return "--store " + path + " belongs to another spec: the store's spec hash is " + s.info().spec_hash +
           " (sweep \"" + s.info().sweep_name + "\"), this spec's is " + hash + "; " + advice;
}

store::sweep_store open_or_create_store(const comm::context& ctx, const std::string& path,
                                        const sweep_spec& spec, const grid& g) {
    // A store takes all its space when it is created, so a disk that is too small is found here,
    // before any work, with the sizes.
    setup_message look;
    if (ctx.rank() == 0) {
        std::error_code ec;
        look.store_exists = fs::exists(path, ec);
        look.text = store_path_problem(path);
        if (look.text.empty())
            look.text = look.store_exists ? resume_space_problem(path) : free_disk_problem(path, g);
        look.ok = look.text.empty();
    }
    look = comm::unpack<setup_message>(ctx.broadcast(comm::pack(look), 0));
    if (!look.ok) throw config_error(look.text);

    // Opening and creating are collective and fail alike on every rank: a clean exit, not an abort.
    store::sweep_store s = [&] {
        try {
            if (!look.store_exists) create_store(ctx, path, g, spec);
            return store::sweep_store::open(ctx, path);
        } catch (const store_error& e) {
            throw config_error(e.what());
        }
    }();
    const std::string mismatch =
        store_mismatch(path, s, spec, g, "resume with the store's own spec, or give a new --store");
    if (!mismatch.empty() && s.info().numerics_version == numerics_version) {
        // Another spec of the same numbers: the store grows into it if it keeps every stored point.
        growth plan;
        if (ctx.rank() == 0) {
            plan = plan_growth(s, spec, g);
            if (plan.problem.empty()) plan.problem = free_disk_problem(path + ".grow.partial", g);
        }
        plan.problem = comm::unpack<std::string>(ctx.broadcast(comm::pack(plan.problem), 0));
        if (plan.problem.empty()) {
            if (ctx.rank() == 0)
                std::cerr << "hetsweep run: " << path << " grows from " << s.n_points() << " to " << g.size()
                          << " points: this spec keeps all " << plan.kept
                          << " of its points and their results (" << plan.rows.size() << " computed)"
                          << std::endl;
            return grow_store(ctx, std::move(s), path, spec, g, plan);
        }
        s.close();
        throw config_error(mismatch + " (it cannot grow into this spec: " + plan.problem + ")");
    }
    if (!mismatch.empty()) {
        s.close();
        throw config_error(mismatch);
    }
    // Every rank reads the status alike, so a damaged value is the same clean error everywhere.
    try {
        (void)s.read_status();
    } catch (const store_error& e) {
        s.close();
        throw config_error(e.what());
    }
    return s;
}

std::string utc_now() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

}  // namespace hetsweep::engine
