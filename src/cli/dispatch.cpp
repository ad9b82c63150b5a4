#include <hetsweep/cli/commands.hpp>

#include <hetsweep/engine/platform.hpp>
#include <hetsweep/errors.hpp>
#include <hetsweep/model/blas.hpp>
#include <hetsweep/text.hpp>
#include <hetsweep/version.hpp>
#include <hetsweep/vocab/numerics.hpp>
#include <hetsweep/vocab/param_table.hpp>

#include <iostream>
#include <map>

namespace hetsweep::cli {

namespace {

// Each command's usage and what it does: `hetsweep help` lists them all, `hetsweep CMD --help` one.
struct command_help {
    const char* name;
    const char* usage;
    const char* text;
};
const command_help commands_help[] = {
    {"point", "point SPEC [key=value ...] [--index I] [--json FILE]",
     "evaluate one network on the 882-task benchmark and print its scores, tau moments, mechanisms,\n"
     "costs and timings (--index: which point of a grid; --json: every task's columns and R^2)"},
    {"plan", "plan SPEC [key=value ...] [--ranks R] [--format table|json]",
     "expand and validate the grid (every [[grid]] of a design); print its size, axes, the points two\n"
     "grids share, its batches, the estimated compute time (on R ranks) and the store size"},
    {"run",
     "run SPEC --store FILE.h5 [key=value ...] [--no-retry] [--trivial] [--synthetic S]   (under mpirun)",
     "run or resume a sweep into a parallel HDF5 store (--no-retry: keep failed points failed;\n"
     "--trivial: no science, for benchmarking the engine; --synthetic S: the same, each point taking\n"
     "S seconds); exit 0 complete, 3 some points failed, 75 interrupted (resumable)"},
    {"submit", "submit SPEC --store FILE.h5 [key=value ...] [--ntasks N] [--time T] ... [--dry-run]",
     "submit the sweep as a SLURM job that requeues itself until the store is complete (docs/slurm.md)"},
    {"status", "status FILE.h5 [--verify] [--format table|json]",
     "done/failed/pending counts, failures, breakdown by axis, run history and provenance\n"
     "(--verify: check every done row against its checksum; exit 2 if one is damaged)"},
    {"query", "query FILE.h5 [--by AXES] [--where COND] [--stat LIST] [--paired K=V] [--cost METRIC] ...",
     "grouped statistics over a store (hetsweep query --help lists every option)"},
    {"keys", "keys [--format table|json]", "every spec key with its default and rule (table: Markdown)"},
    {"schema", "schema",
     "the store's datasets, task columns and outputs, as Markdown tables (docs/store.md)"},
    {"version", "version", "the version, the BLAS with its kernel, and the CPU's features"},
};

std::string usage_text() {
    std::string out =
        "usage: hetsweep COMMAND [ARGS]     (hetsweep COMMAND --help: one command)\n\ncommands:\n";
    for (const auto& c : commands_help) {
        out += "  " + std::string(c.usage) + "\n        ";
        for (const char* ch = c.text; *ch; ++ch)
            out += *ch == '\n' ? std::string("\n        ") : std::string(1, *ch);
        out += '\n';
    }
    return out;
}

const command_help* find_command(const std::string& name) {
    for (const auto& c : commands_help)
        if (name == c.name) return &c;
    return nullptr;
}

// The command nearest to a misspelt one, or "".
std::string nearest_command(const std::string& name) {
    std::vector<std::string> names;
    for (const auto& c : commands_help) names.push_back(c.name);
    const std::size_t i = nearest_name(name, names);
    return i < names.size() ? names[i] : std::string();
}

bool asks_for_help(const std::vector<std::string>& words) {
    for (const auto& w : words)
        if (w == "--help" || w == "-h") return true;
    return false;
}

}  // namespace

int dispatch(int argc, char** argv) {
    std::vector<std::string> words(argv + 1, argv + argc);
    if (words.empty() || words[0] == "-h" || words[0] == "--help" || words[0] == "help") {
        if (words.size() > 1 && find_command(words[1])) {
            const auto* c = find_command(words[1]);
            std::cout << "usage: hetsweep " << c->usage << "\n\n" << c->text << '\n';
            return exit_ok;
        }
        std::cout << usage_text();
        return words.empty() ? exit_usage : exit_ok;
    }
    const std::string command = words[0];
    words.erase(words.begin());
    if (const auto* c = find_command(command); c && command != "query" && asks_for_help(words)) {
        std::cout << "usage: hetsweep " << c->usage << "\n\n" << c->text << '\n';
        return exit_ok;
    }
    if (command == "query")
        for (auto& w : words)
            if (w == "-h") w = "--help";
    if (command == "version" || command == "--version") {
        const blas_info b = blas_in_use();
        std::cout << "hetsweep " << version << " (" << git_commit << "), numerics version "
                  << numerics_version << "\nBLAS: " << b.text() << " (" << b.config
                  << "); CPU: " << engine::cpu_description() << "\nbuild: " << engine::build_description()
                  << '\n';
        return exit_ok;
    }
    set_blas_threads(1);
    static const std::map<std::string, int (*)(const std::vector<std::string>&)> commands = {
        {"submit", cmd_submit}, {"point", cmd_point}, {"plan", cmd_plan},   {"run", cmd_run},
        {"status", cmd_status}, {"keys", cmd_keys},   {"query", cmd_query}, {"schema", cmd_schema}};
    auto it = commands.find(command);
    if (it == commands.end()) {
        const std::string near = nearest_command(command);
        std::cerr << "hetsweep: unknown command \"" << command << "\""
                  << (near.empty() ? "" : " (did you mean " + near + "?)") << "\n"
                  << usage_text();
        return exit_usage;
    }
    try {
        return it->second(words);
    } catch (const config_error& e) {
        std::cerr << error_lines("hetsweep " + command + ": ", e.what());
        return exit_usage;
    } catch (const store_error& e) {
        std::cerr << error_lines("hetsweep " + command + ": ", e.what());
        return exit_usage;
    } catch (const std::exception& e) {
        std::cerr << "hetsweep " << command << ": " << cut(e.what()) << '\n';
        return exit_error;
    }
}

}  // namespace hetsweep::cli
