#pragma once

// The batch script of `hetsweep submit`: slurm/hetsweep.sbatch.in with its
// @NAME@ placeholders filled in. Pure text in, text out.

#include <string>
#include <vector>

namespace hetsweep::cli {

struct batch_script {
    std::string submit_command;               // for the script's header comment
    std::vector<std::string> sbatch_options;  // one "#SBATCH" line each, e.g. "--time=60"
    std::string hetsweep, spec, store;        // absolute paths, as the job sees them
    std::vector<std::string> run_args;        // after `run SPEC --store STORE`: overrides, --no-retry
    std::vector<std::string> launcher;        // e.g. {"srun", "--mpi=pmix"}
    std::string script, jobs_log;             // where the script and the job-id log live
    bool requeue = true;                      // requeue after draining at the time-limit warning
    long long max_requeues = 20;              // restarts after which the job stops requeueing
    long long grace_seconds = 120;            // the warning comes this long before the limit
};

// Fills in the template; throws config_error naming `origin` for a placeholder it does not know.
std::string render_batch_script(const std::string& template_text, const std::string& origin,
                                const batch_script& b);

// One word for bash: bare when only safe characters, single-quoted otherwise.
std::string shell_quote(const std::string& word);

// A SLURM time limit ("60", "1:30:00", "2-12", "INFINITE", ...) in seconds; -1 for no limit.
// Throws config_error naming `option` and the accepted forms.
long long slurm_time_seconds(const std::string& text, const std::string& option);

}  // namespace hetsweep::cli
