#include <hetsweep/engine/store_lock.hpp>

#include <hetsweep/comm/pack.hpp>
#include <hetsweep/engine/store_setup.hpp>
#include <hetsweep/errors.hpp>

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

namespace hetsweep::engine {

namespace {

std::string host_name() {
    char buf[256] = {};
    return gethostname(buf, sizeof buf - 1) == 0 ? buf : "unknown-host";
}

// Field 22 of /proc/PID/stat: the process's start time since boot, in clock ticks; "" if unknown.
std::string process_start(long pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto close = text.rfind(')');
    if (close == std::string::npos) return {};
    std::istringstream rest(text.substr(close + 2));
    std::string field;
    for (int i = 3; i <= 22 && rest >> field; ++i)
        if (i == 22) return field;
    return {};
}

// Whether the state letter of process `pid` (field 3 of /proc/PID/stat) is one of `states`.
bool process_state_is(long pid, const char* states) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto close = text.rfind(')');
    return close != std::string::npos && close + 2 < text.size() &&
           std::strchr(states, text[close + 2]) != nullptr;
}

std::map<std::string, std::string> read_lock(const std::string& path) {
    std::map<std::string, std::string> out;
    std::ifstream in(path);
    std::string line;
    for (int n = 0; n < 16 && std::getline(in, line); ++n) {
        const auto eq = line.find('=');
        if (eq != std::string::npos && line.size() < 512) out[line.substr(0, eq)] = line.substr(eq + 1);
    }
    return out;
}

// Why the lock's holder may be gone for sure, or "" if it may be alive.
std::string stale_reason(const std::map<std::string, std::string>& holder, const std::string& job_id) {
    const auto get = [&](const char* k) {
        const auto it = holder.find(k);
        return it == holder.end() ? std::string() : it->second;
    };
    if (!job_id.empty() && get("slurm_job") == job_id)
        return "an earlier run of this SLURM job " + job_id + " (requeued)";
    if (get("host") != host_name() || get("pid").empty()) return {};
    long pid = 0;
    try {
        pid = std::stol(get("pid"));
    } catch (const std::exception&) {
        return {};
    }
    if (pid <= 0) return {};
    // A process that was killed but not yet reaped (a zombie: its parent died too, and init may be
    // slow to reap, or absent in a container) holds nothing.
    const bool exists = (kill(pid_t(pid), 0) == 0 || errno == EPERM) && !process_state_is(pid, "ZX");
    if (!exists) return "process " + get("pid") + " on this host is gone";
    if (!get("pid_start").empty() && process_start(pid) != get("pid_start"))
        return "process " + get("pid") + " on this host is another process now";
    return {};
}

// Rank 0: "" when the lock is ours (or cannot be made at all), else the message.
std::string try_lock(const std::string& path, const std::string& store_path, const std::string& job_id,
                     bool& locked) {
    locked = false;
    for (int attempt = 0; attempt < 2; ++attempt) {
        const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0644);
        if (fd >= 0) {
            std::ostringstream text;
            text << "host=" << host_name() << "\npid=" << getpid()
                 << "\npid_start=" << process_start(getpid()) << "\nslurm_job=" << job_id
                 << "\nsince=" << utc_now() << '\n';
            const std::string s = text.str();
            const bool written = ::write(fd, s.data(), s.size()) == ssize_t(s.size());
            ::close(fd);
            if (!written) {
                ::unlink(path.c_str());
                return {};  // a full disk: the store's own checks say so
            }
            locked = true;
            return {};
        }
        if (errno != EEXIST) return {};  // no lock possible here; the store's checks report why
        const auto holder = read_lock(path);
        const std::string stale = stale_reason(holder, job_id);
        if (stale.empty() || attempt > 0) {
            const auto get = [&](const char* k) {
                const auto it = holder.find(k);
                return it == holder.end() || it->second.empty() ? std::string("?") : it->second;
            };
            return store_path + " is being written by another run (host " + get("host") + ", pid " +
                   get("pid") +
                   (holder.count("slurm_job") && !holder.at("slurm_job").empty()
                        ? ", SLURM job " + holder.at("slurm_job")
                        : std::string()) +
                   ", since " + get("since") + "; lock " + path +
                   "). One run at a time writes a store: wait for it, or, if it is no longer alive (a node "
                   "that crashed, a run killed with SIGKILL on another host), remove " +
                   path + " and run again";
        }
        std::fprintf(stderr, "hetsweep run: taking over the stale lock %s: %s\n", path.c_str(),
                     stale.c_str());
        ::unlink(path.c_str());
    }
    return {};
}

}  // namespace

store_lock store_lock::acquire(const comm::context& ctx, const std::string& store_path,
                               const std::string& job_id) {
    const std::string path = path_of(store_path);
    std::string error;
    bool locked = false;
    // A path that cannot hold a store (none given, a folder, a missing folder) gets no lock: the
    // store's own checks name the problem.
    if (ctx.rank() == 0 && store_path_problem(store_path).empty())
        error = try_lock(path, store_path, job_id, locked);
    error = comm::unpack<std::string>(ctx.broadcast(comm::pack(error), 0));
    if (!error.empty()) throw config_error(error);
    return store_lock(locked ? path : std::string());
}

store_lock::store_lock(store_lock&& other) noexcept : path_(std::move(other.path_)) {
    other.path_.clear();
}

store_lock::~store_lock() {
    if (!path_.empty()) ::unlink(path_.c_str());
}

}  // namespace hetsweep::engine
