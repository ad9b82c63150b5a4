// `hetsweep submit SPEC --store FILE.h5 [allocation options]`: checks the spec
// and the store, writes a batch script from slurm/hetsweep.sbatch.in next to
// the store and submits it with sbatch. The script survives time limits by
// draining and requeueing itself; see docs/slurm.md.

#include "common.hpp"
#include "submit_jobs.hpp"
#include "submit_process.hpp"
#include "submit_script.hpp"

#include <hetsweep/cli/commands.hpp>
#include <hetsweep/engine/store_setup.hpp>
#include <hetsweep/errors.hpp>
#include <hetsweep/store/sweep_store.hpp>
#include <hetsweep/sweep/grid.hpp>
#include <hetsweep/text.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>

namespace hetsweep::cli {

namespace {

namespace fs = std::filesystem;

// Slurm's largest --signal lead time, in seconds.
constexpr long long max_grace = 65535;

// What is left to do in an existing store, or a new store's size.
struct store_plan {
    bool exists = false;
    std::uint64_t points = 0, done = 0, failed = 0, to_compute = 0;
};

store_plan check_store(const fs::path& store, const sweep_spec& spec, const grid& g, bool retry) {
    store_plan plan;
    plan.points = g.size();
    std::error_code ec;
    plan.exists = fs::exists(store, ec);
    const std::string problem = engine::store_path_problem(store.string());
    if (!problem.empty()) throw config_error(problem);
    if (!plan.exists) {
        plan.to_compute = g.size();
        return plan;
    }
    try {
        const auto s = store::sweep_store::open_read_only(store.string());
        const std::string mismatch = engine::store_mismatch(
            store.string(), s, spec, g, "submit the store's own spec, or give a new --store");
        if (!mismatch.empty()) throw config_error(mismatch);
        for (auto st : s.read_status()) {
            if (st == store::point_status::done) ++plan.done;
            if (st == store::point_status::failed) ++plan.failed;
        }
    } catch (const store_error& e) {
        throw config_error(e.what());
    }
    plan.to_compute = plan.points - plan.done - (retry ? 0 : plan.failed);
    return plan;
}

long long int_option(const args& a, const std::string& name, long long fallback, long long lowest,
                     long long highest) {
    const long long v = a.integer_or(name, fallback);
    if (v < lowest || v > highest)
        throw config_error("--" + name + " = " + std::to_string(v) + ": must be in [" +
                           std::to_string(lowest) + ", " + std::to_string(highest) + "]");
    return v;
}

// A value for an #SBATCH line: sbatch splits those lines at blanks unless a value is double-quoted.
std::string sbatch_value(const std::string& what, const std::string& value) {
    if (value.empty() || value.find_first_of("\"\n\r") != std::string::npos)
        throw config_error(what + " = \"" + value +
                           "\": must be non-empty, without double quotes or line breaks");
    return value.find_first_of(" \t") == std::string::npos ? value : "\"" + value + "\"";
}

std::vector<std::string> launcher_words(const std::string& launcher) {
    if (launcher == "srun") return {"srun", "--mpi=pmix"};
    if (launcher == "mpirun") return {"mpirun"};
    std::istringstream in(launcher);
    std::vector<std::string> words;
    for (std::string w; in >> w;) words.push_back(w);
    if (words.empty())
        throw config_error(
            "--launcher is empty: give srun, mpirun, or a command such as \"srun --mpi=pmi2\"");
    return words;
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) throw config_error(path.string() + ": cannot read the batch script template");
    return text.str();
}

// The template: --template, else an installed copy beside the binary, else the source tree this
// binary was built from (__FILE__ is absolute under CMake), so a build directory works in place.
fs::path find_template(const args& a, const fs::path& exe) {
    if (auto t = a.option("template")) return fs::absolute(*t);
    const fs::path installed = exe.parent_path().parent_path() / "share/hetsweep/hetsweep.sbatch.in";
    const fs::path source =
        fs::path(__FILE__).parent_path().parent_path().parent_path() / "slurm/hetsweep.sbatch.in";
    std::error_code ec;
    for (const auto& p : {installed, source})
        if (fs::is_regular_file(p, ec)) return p;
    throw config_error("no batch script template: looked for " + installed.string() + " and " +
                       source.string() + "; give one with --template FILE");
}

void write_atomically(const fs::path& path, const std::string& text) {
    const fs::path partial = path.string() + ".partial";
    {
        std::ofstream out(partial);
        out << text;
        if (!out) throw error(partial.string() + ": cannot write the batch script");
    }
    std::error_code ec;
    fs::rename(partial, path, ec);
    if (ec) throw error("cannot rename " + partial.string() + " to " + path.string() + ": " + ec.message());
}

std::string command_line(const std::vector<std::string>& words) {
    std::string out = "hetsweep submit";
    for (const auto& w : words)
        if (w != "--dry-run") out += " " + shell_quote(w);
    for (auto& c : out)
        if (c == '\n' || c == '\r') c = ' ';  // it is a comment line of the script
    return out;
}

// Two jobs must never write one store: refuse while one of its jobs is pending or running.
void refuse_if_active(const fs::path& store, const std::string& log, bool store_exists) {
    std::vector<store::run_record> runs;
    if (store_exists) runs = store::sweep_store::open_read_only(store.string()).runs().list();
    const auto ids = store_job_ids(runs, log);
    if (ids.empty()) return;
    const auto q = query_jobs(ids, std::chrono::seconds(10));
    for (const auto& j : q.jobs)
        if (j.phase == job_phase::pending || j.phase == job_phase::running || j.phase == job_phase::requeued)
            throw config_error("--store " + store.string() + ": its SLURM job " + j.id + " is " +
                               describe(j) +
                               "; two jobs must not write one store: wait for it to end, or scancel " + j.id +
                               ", then submit again");
}

}  // namespace

int cmd_submit(const std::vector<std::string>& words) {
    const args a(words, {"dry-run", "no-requeue", "no-retry"},
                 {"store", "nodes", "ntasks", "ntasks-per-node", "time", "partition", "account", "qos",
                  "job-name", "sbatch-arg", "grace", "launcher", "max-requeues", "template"});
    const sweep_spec spec = spec_from_args(a, "submit");
    const grid g(spec);
    const auto store_option = a.option("store");
    if (!store_option)
        throw config_error("submit needs --store FILE.h5 (the sweep's results file; created if missing)");
    const bool retry = !a.flag("no-retry");
    const bool requeue = !a.flag("no-requeue");

    // Every option is checked before the store is looked at, and everything before sbatch runs.
    batch_script b;
    b.grace_seconds = int_option(a, "grace", default_grace_seconds, 1, max_grace);
    b.max_requeues = int_option(a, "max-requeues", 20, 0, 1000000);
    b.requeue = requeue;
    b.launcher = launcher_words(a.option_or("launcher", "srun"));

    if (const std::string problem = engine::store_path_problem(*store_option); !problem.empty())
        throw config_error(problem);
    const fs::path store = fs::absolute(*store_option).lexically_normal();
    const fs::path dir = store.parent_path();
    const std::string stem = store.stem().string();
    if (stem.empty() || stem.find('%') != std::string::npos)
        throw config_error("--store " + store.string() + ": the file name must have a stem without '%'");
    const fs::path script = dir / (stem + ".sbatch");
    const std::string output = (dir / (stem + ".slurm-%j.out")).string();
    const std::string log = jobs_log_path(store.string());

    auto& o = b.sbatch_options;
    o.push_back("--job-name=" + sbatch_value("--job-name", a.option_or("job-name", "hetsweep-" + spec.name)));
    if (auto v = a.option("nodes")) {
        if (!std::regex_match(*v, std::regex("[1-9][0-9]{0,5}(-[1-9][0-9]{0,5})?")))
            throw config_error("--nodes = " + *v + ": must be a count N or a range N-M of nodes");
        o.push_back("--nodes=" + *v);
    }
    for (const char* name : {"ntasks", "ntasks-per-node"})
        if (a.option(name))
            o.push_back("--" + std::string(name) + "=" + std::to_string(int_option(a, name, 1, 1, 1 << 24)));
    if (auto t = a.option("time")) {
        const long long limit = slurm_time_seconds(*t, "time");
        if (limit >= 0 && limit <= b.grace_seconds)
            throw config_error(
                "--time = " + *t + " (" + std::to_string(limit) +
                " s) leaves no room for --grace = " + std::to_string(b.grace_seconds) +
                " s: the warning must come after the start; give a longer --time or a shorter --grace");
        o.push_back("--time=" + *t);
    }
    for (const char* name : {"partition", "account", "qos"})
        if (auto v = a.option(name))
            o.push_back("--" + std::string(name) + "=" + sbatch_value("--" + std::string(name), *v));
    o.push_back("--chdir=" + sbatch_value("the store's directory", dir.string()));
    o.push_back("--output=" + sbatch_value("the output file", output));
    o.push_back("--open-mode=append");
    o.push_back("--signal=B:USR1@" + std::to_string(b.grace_seconds));
    o.push_back(requeue ? "--requeue" : "--no-requeue");
    for (const auto& extra : a.all("sbatch-arg")) {
        if (extra.empty() || extra[0] != '-' || extra.find_first_of("\n\r") != std::string::npos)
            throw config_error("--sbatch-arg = \"" + extra +
                               "\": must be one sbatch option such as --mem=4G");
        o.push_back(extra);
    }

    const store_plan plan = check_store(store, spec, g, retry);
    if (plan.to_compute == 0) {
        std::cout << "--store " << store.string() << " is complete (" << plan.done << " of " << plan.points
                  << " points done"
                  << (plan.failed ? ", " + std::to_string(plan.failed) + " failed kept" : "")
                  << "): nothing to submit\n";
        return exit_ok;
    }

    const fs::path exe = fs::read_symlink("/proc/self/exe");
    const fs::path template_path = find_template(a, exe);
    b.submit_command = command_line(words);
    b.hetsweep = exe.string();
    b.spec = fs::absolute(a.positional()[0]).lexically_normal().string();
    b.store = store.string();
    b.run_args.assign(a.positional().begin() + 1, a.positional().end());
    if (!retry) b.run_args.push_back("--no-retry");
    b.script = script.string();
    b.jobs_log = log;
    const std::string text = render_batch_script(read_file(template_path), template_path.string(), b);
    if (a.flag("dry-run")) {
        std::cout << text;
        return exit_ok;
    }

    if (!find_on_path("sbatch"))
        throw config_error(
            "sbatch is not on the PATH (is this a SLURM login node?): nothing was submitted; --dry-run "
            "prints the batch script instead");
    refuse_if_active(store, log, plan.exists);
    // A refused submission leaves the folder as it was: the script of an earlier submission comes
    // back, a new one goes.
    const bool had_script = fs::exists(script);
    const std::string earlier = had_script ? read_file(script) : std::string();
    write_atomically(script, text);
    const auto r = run_process({"sbatch", "--parsable", script.string()}, std::chrono::seconds(60));
    if (r.timed_out)
        throw error(
            "sbatch " + script.string() +
            " gave no answer within 60 s; check squeue before submitting again, it may have been queued");
    if (r.exit_code != 0) {
        std::error_code ec;
        if (had_script)
            write_atomically(script, earlier);
        else
            fs::remove(script, ec);
        throw config_error("sbatch failed (exit code " + std::to_string(r.exit_code) +
                           "), nothing was submitted: " + cut(r.err + r.out, 1000));
    }
    const std::string job = r.out.substr(0, r.out.find_first_of(";\n"));
    try {
        append_jobs_log(log, job, "submitted by hetsweep submit");
    } catch (const error& e) {
        std::cerr << "hetsweep submit: warning: " << e.what()
                  << " (status will not list the job before it starts)\n";
    }

    std::string job_output = output;
    job_output.replace(job_output.find("%j"), 2, job);
    std::cout << "submitted job " << job << ": sweep " << spec.name << ", " << plan.to_compute << " of "
              << plan.points << " points to compute\n"
              << "  script  " << script.string() << "\n"
              << "  output  " << job_output << "\n"
              << "  watch   hetsweep status " << shell_quote(store.string()) << "   (or: squeue -j " << job
              << ")\n";
    return exit_ok;
}

}  // namespace hetsweep::cli
