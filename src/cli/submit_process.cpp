#include "submit_process.hpp"

#include <hetsweep/errors.hpp>

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>

namespace hetsweep::cli {

namespace {

class pipe_pair {
  public:
    pipe_pair() {
        if (pipe2(fd_, O_CLOEXEC) != 0) throw error(std::string("pipe2: ") + std::strerror(errno));
    }
    ~pipe_pair() {
        close_read();
        close_write();
    }
    pipe_pair(const pipe_pair&) = delete;
    pipe_pair& operator=(const pipe_pair&) = delete;
    int read_end() const { return fd_[0]; }
    int write_end() const { return fd_[1]; }
    void close_read() { close_fd(fd_[0]); }
    void close_write() { close_fd(fd_[1]); }

  private:
    static void close_fd(int& fd) {
        if (fd >= 0) ::close(fd);
        fd = -1;
    }
    int fd_[2] = {-1, -1};
};

int decode(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

}  // namespace

std::optional<std::string> find_on_path(const std::string& program) {
    if (program.find('/') != std::string::npos) {
        if (access(program.c_str(), X_OK) == 0) return program;
        return std::nullopt;
    }
    const char* path = std::getenv("PATH");
    const std::string dirs = path ? path : "";
    std::size_t begin = 0;
    while (begin <= dirs.size()) {
        std::size_t end = dirs.find(':', begin);
        if (end == std::string::npos) end = dirs.size();
        const std::string dir = end > begin ? dirs.substr(begin, end - begin) : ".";
        const std::string candidate = dir + "/" + program;
        struct stat st {};
        if (stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(candidate.c_str(), X_OK) == 0)
            return candidate;
        begin = end + 1;
    }
    return std::nullopt;
}

process_result run_process(const std::vector<std::string>& argv, std::chrono::milliseconds limit) {
    process_result r;
    if (argv.empty()) return r;
    const auto program = find_on_path(argv[0]);
    if (!program) return r;

    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pipe_pair out, err;
    const pid_t pid = fork();
    if (pid < 0) throw error(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {
        // Its own process group, so that a time-out also ends whatever it started.
        setpgid(0, 0);
        const int null = open("/dev/null", O_RDONLY);
        if (null >= 0) dup2(null, 0);
        dup2(out.write_end(), 1);
        dup2(err.write_end(), 2);
        execv(program->c_str(), args.data());
        _exit(127);
    }
    setpgid(pid, pid);  // also here, so that the group exists before any kill below
    r.started = true;
    out.close_write();
    err.close_write();

    const auto deadline = std::chrono::steady_clock::now() + limit;
    pollfd fds[2] = {{out.read_end(), POLLIN, 0}, {err.read_end(), POLLIN, 0}};
    std::string* sinks[2] = {&r.out, &r.err};
    int open_fds = 2;
    int status = 0;
    bool reaped = false;
    while (!r.timed_out) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            r.timed_out = true;
            break;
        }
        if (open_fds == 0) {
            // Output closed: the child is exiting (or left a process holding nothing of ours).
            const pid_t w = waitpid(pid, &status, WNOHANG);
            if (w == pid) {
                reaped = true;
                break;
            }
            poll(nullptr, 0, std::min<long>(left.count(), 10));
            continue;
        }
        const int n = poll(fds, 2, int(std::min<long>(left.count(), 1000)));
        if (n < 0 && errno != EINTR) break;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            char buf[4096];
            const ssize_t got = read(fds[i].fd, buf, sizeof buf);
            if (got > 0) {
                sinks[i]->append(buf, std::size_t(got));
            } else if (got == 0 || errno != EINTR) {
                fds[i].fd = -1;
                --open_fds;
            }
        }
    }
    if (!reaped) {
        kill(-pid, SIGKILL);
        kill(pid, SIGKILL);
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
    }
    r.exit_code = r.timed_out ? -1 : decode(status);
    return r;
}

}  // namespace hetsweep::cli
