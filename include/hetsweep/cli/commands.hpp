#pragma once

#include <string>
#include <vector>

namespace hetsweep::cli {

// Exit codes of every command.
enum exit_code : int {
    exit_ok = 0,
    exit_error = 1,         // a failure that is not the user's input
    exit_usage = 2,         // a bad spec, option, store or query: nothing was changed
    exit_failures = 3,      // the sweep finished, but some points failed (see `hetsweep status`)
    exit_interrupted = 75,  // drained after SIGTERM/SIGUSR1: run the same command again to resume
};

int cmd_point(const std::vector<std::string>& words);
int cmd_plan(const std::vector<std::string>& words);
int cmd_run(const std::vector<std::string>& words);
int cmd_status(const std::vector<std::string>& words);
int cmd_submit(const std::vector<std::string>& words);
int cmd_query(const std::vector<std::string>& words);
int cmd_keys(const std::vector<std::string>& words);
int cmd_schema(const std::vector<std::string>& words);

int dispatch(int argc, char** argv);

}  // namespace hetsweep::cli
