#pragma once

// The SLURM jobs of a store and their state as slurmctld reports it.
//
// A store's jobs are the ids in its runs (/runs/<NNNN> slurm_job_id: every
// allocation that ran) and those in its job log, STEM.slurm-jobs beside the
// store: one line per job that `hetsweep submit` or a resubmitting batch script
// submitted, "JOBID UTC-TIME how", so a job that never started is known too.

#include <hetsweep/store/sweep_store.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace hetsweep::cli {

// DIR/STEM.slurm-jobs for the store DIR/STEM.h5.
std::string jobs_log_path(const std::string& store_path);
// The job ids in the log, in order; none if there is no log.
std::vector<std::string> read_jobs_log(const std::string& log_path);
void append_jobs_log(const std::string& log_path, const std::string& job_id, const std::string& how);

// Distinct job ids of the runs, then of the log, each once, in order of appearance.
std::vector<std::string> store_job_ids(const std::vector<store::run_record>& runs,
                                       const std::string& log_path);

enum class job_phase { pending, running, requeued, finished, unknown };

struct job_state {
    std::string id;
    job_phase phase = job_phase::unknown;  // unknown: finished and purged, or never known to slurmctld
    std::string state, reason;             // SLURM's JobState and Reason
    int restarts = 0;
    std::string start_time, end_time, exit_code, nodes, time_limit;
};

struct job_query {
    bool available = false;  // scontrol is on the PATH
    std::string problem;     // slurmctld could not be asked: why (the remaining jobs are left out)
    std::vector<job_state> jobs;
};

// `scontrol show job -o ID` for each id, each call killed after `limit`; stops at the first call
// that fails for another reason than an unknown job id.
job_query query_jobs(const std::vector<std::string>& ids, std::chrono::milliseconds limit);

// "requeued (PENDING, Reason=BeginTime, restart 1, start 2026-...)"
std::string describe(const job_state& j);

// `hetsweep status`'s SLURM section; empty when the store names no job or SLURM is absent.
std::string slurm_jobs_report(const std::string& store_path, const std::vector<store::run_record>& runs);

}  // namespace hetsweep::cli
