#pragma once

// Runs a SLURM client (sbatch, scontrol) as a child process with a time limit,
// so that a controller that does not answer never hangs a command.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace hetsweep::cli {

struct process_result {
    bool started = false;    // false: the program is not on the PATH
    bool timed_out = false;  // killed, with its process group, at the time limit
    int exit_code = -1;      // 128 + N when killed by signal N
    std::string out, err;
};

// The first executable file called `program` in the PATH's directories.
std::optional<std::string> find_on_path(const std::string& program);

// argv[0] is looked up on the PATH; stdin is /dev/null, stdout and stderr are captured.
process_result run_process(const std::vector<std::string>& argv, std::chrono::milliseconds limit);

}  // namespace hetsweep::cli
