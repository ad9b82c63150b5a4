// The checks a run makes before it creates or opens anything: sizes from the grid, room and write
// access from the file system, memory from the environment or /proc/meminfo.

#include <hetsweep/engine/preflight.hpp>

#include <hetsweep/errors.hpp>
#include <hetsweep/model/outputs.hpp>
#include <hetsweep/text.hpp>

#include <sys/statvfs.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

namespace hetsweep::engine {

namespace fs = std::filesystem;

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

}  // namespace hetsweep::engine
