#include "submit_jobs.hpp"

#include "common.hpp"
#include "submit_process.hpp"

#include <hetsweep/engine/store_setup.hpp>
#include <hetsweep/errors.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace hetsweep::cli {

namespace {

// At most this many jobs are asked about (the latest), so that a long chain stays quick.
constexpr std::size_t max_jobs_queried = 20;

// The value of Key= in `scontrol show job -o` output: up to the next space.
std::string field(const std::string& line, const std::string& key) {
    std::size_t at = 0;
    while ((at = line.find(key + "=", at)) != std::string::npos) {
        if (at == 0 || line[at - 1] == ' ') {
            const std::size_t begin = at + key.size() + 1;
            return line.substr(begin, line.find_first_of(" \n", begin) - begin);
        }
        at += key.size();
    }
    return "";
}

job_phase phase_of(const std::string& state, int restarts) {
    static const std::vector<std::string> running = {"RUNNING",   "COMPLETING", "CONFIGURING",
                                                     "SUSPENDED", "STOPPED",    "SIGNALING",
                                                     "STAGE_OUT", "RESIZING",   "RESV_DEL_HOLD"};
    if (state == "PENDING") return restarts > 0 ? job_phase::requeued : job_phase::pending;
    if (state.rfind("REQUEUE", 0) == 0) return job_phase::requeued;
    if (std::find(running.begin(), running.end(), state) != running.end()) return job_phase::running;
    return state.empty() ? job_phase::unknown : job_phase::finished;
}

bool valid_job_id(const std::string& id) {
    // Plain ids, array tasks (12_3) and het components (12+1).
    return !id.empty() && id.size() < 32 && id.find_first_not_of("0123456789_+") == std::string::npos;
}

std::string first_line(const std::string& text) {
    std::string line = text.substr(0, text.find('\n'));
    return line.empty() ? "(no message)" : line;
}

// "0-2, 5" for {0, 1, 2, 5}.
std::string ranges(const std::vector<std::size_t>& v) {
    std::string out;
    for (std::size_t i = 0; i < v.size();) {
        std::size_t j = i;
        while (j + 1 < v.size() && v[j + 1] == v[j] + 1) ++j;
        out += (out.empty() ? "" : ", ") + std::to_string(v[i]) + (j > i ? "-" + std::to_string(v[j]) : "");
        i = j + 1;
    }
    return out;
}

}  // namespace

std::string jobs_log_path(const std::string& store_path) {
    std::filesystem::path p(store_path);
    return (p.parent_path() / (p.stem().string() + ".slurm-jobs")).string();
}

std::vector<std::string> read_jobs_log(const std::string& log_path) {
    std::vector<std::string> ids;
    std::ifstream in(log_path);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        std::string id;
        if (words >> id && valid_job_id(id)) ids.push_back(id);
    }
    return ids;
}

void append_jobs_log(const std::string& log_path, const std::string& job_id, const std::string& how) {
    std::ofstream out(log_path, std::ios::app);
    out << job_id << ' ' << engine::utc_now() << ' ' << how << '\n';
    if (!out) throw error(log_path + ": cannot append job " + job_id);
}

std::vector<std::string> store_job_ids(const std::vector<store::run_record>& runs,
                                       const std::string& log_path) {
    std::vector<std::string> ids;
    auto add = [&](const std::string& id) {
        if (valid_job_id(id) && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    };
    for (const auto& r : runs) add(r.slurm_job_id);
    for (const auto& id : read_jobs_log(log_path)) add(id);
    return ids;
}

job_query query_jobs(const std::vector<std::string>& ids, std::chrono::milliseconds limit) {
    job_query q;
    q.available = find_on_path("scontrol").has_value();
    if (!q.available) return q;
    for (const auto& id : ids) {
        const auto r = run_process({"scontrol", "show", "job", "-o", id}, limit);
        job_state j;
        j.id = id;
        if (r.timed_out) {
            q.problem = "scontrol show job " + id + " gave no answer within " +
                        fixed(double(limit.count()) / 1000, 1) + " s";
            return q;
        }
        if (r.exit_code != 0) {
            // A job that ended more than MinJobAge ago is forgotten: that is no failure.
            if (r.err.find("Invalid job id") == std::string::npos) {
                q.problem = "scontrol show job " + id + ": " + first_line(r.err + r.out);
                return q;
            }
        } else {
            j.state = field(r.out, "JobState");
            j.reason = field(r.out, "Reason");
            const std::string restarts = field(r.out, "Restarts");
            j.restarts = restarts.empty() ? 0 : std::atoi(restarts.c_str());
            j.start_time = field(r.out, "StartTime");
            j.end_time = field(r.out, "EndTime");
            j.exit_code = field(r.out, "ExitCode");
            j.nodes = field(r.out, "NodeList");
            j.time_limit = field(r.out, "TimeLimit");
            j.phase = phase_of(j.state, j.restarts);
        }
        q.jobs.push_back(j);
    }
    return q;
}

std::string describe(const job_state& j) {
    const std::string restarts = j.restarts ? ", restart " + std::to_string(j.restarts) : "";
    const std::string reason = j.reason.empty() || j.reason == "None" ? "" : ", Reason=" + j.reason;
    switch (j.phase) {
        case job_phase::pending:
        case job_phase::requeued:
            return std::string(j.phase == job_phase::pending ? "pending" : "requeued") + " (" + j.state +
                   reason + restarts +
                   (j.start_time.empty() || j.start_time == "Unknown" ? "" : ", start " + j.start_time) + ")";
        case job_phase::running:
            return "running (" + j.state + " since " + j.start_time + " on " + j.nodes + restarts +
                   ", time limit " + j.time_limit + ")";
        case job_phase::finished:
            return "finished (" + j.state + ", exit code " + j.exit_code + ", ended " + j.end_time +
                   restarts + ")";
        case job_phase::unknown:
            break;
    }
    return "finished or unknown to slurmctld";
}

std::string slurm_jobs_report(const std::string& store_path, const std::vector<store::run_record>& runs) {
    std::vector<std::string> ids = store_job_ids(runs, jobs_log_path(store_path));
    if (ids.empty()) return "";
    const std::size_t left_out = ids.size() > max_jobs_queried ? ids.size() - max_jobs_queried : 0;
    ids.erase(ids.begin(), ids.begin() + std::ptrdiff_t(left_out));
    const job_query q = query_jobs(ids, std::chrono::seconds(5));
    if (!q.available) return "";

    std::ostringstream out;
    out << "SLURM jobs:\n";
    if (left_out) out << "  (" << left_out << " older jobs not shown)\n";
    for (const auto& j : q.jobs) {
        std::vector<std::size_t> in_runs;
        for (std::size_t i = 0; i < runs.size(); ++i)
            if (runs[i].slurm_job_id == j.id) in_runs.push_back(i);
        out << "  job " << j.id << ": " << describe(j)
            << (in_runs.empty() ? ", no run yet"
                                : (in_runs.size() == 1 ? ", run " : ", runs ") + ranges(in_runs))
            << '\n';
    }
    if (!q.problem.empty())
        out << "  cannot ask slurmctld" << (q.jobs.empty() ? "" : " about the other jobs") << ": "
            << q.problem << '\n';
    return out.str();
}

}  // namespace hetsweep::cli
