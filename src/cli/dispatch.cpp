#include <hetsweep/cli/commands.hpp>

#include <hetsweep/errors.hpp>
#include <hetsweep/model/blas.hpp>
#include <hetsweep/version.hpp>

#include <iostream>
#include <map>

namespace hetsweep::cli {

namespace {

const char* usage = R"(usage: hetsweep COMMAND [ARGS]

commands:
  point SPEC [key=value ...] [--index I] [--json FILE]
        evaluate one network on the 882-task benchmark
  plan SPEC [key=value ...]
        expand and validate the grid; print its size, axes, cost and store size
  run SPEC --store FILE.h5 [key=value ...] [--no-retry] [--trivial] [--synthetic S]   (under mpirun)
        run or resume a sweep into a parallel HDF5 store (--trivial: no science, for
        benchmarking the engine; --synthetic S: the same, each point taking S seconds;
        exit 0 complete, 3 some points failed, 75 interrupted)
  submit SPEC --store FILE.h5 [key=value ...] [--ntasks N] [--time T] ... [--dry-run]   as a SLURM job (docs/slurm.md)
  status FILE.h5
        done/failed/pending counts, failures, breakdown by axis, provenance
  query FILE.h5 [--by AXES] [--where COND] [--stat LIST] [--cost METRIC] ...   grouped statistics (--help)
  keys
        every spec key with its default and rule
  version
)";

}  // namespace

int dispatch(int argc, char** argv) {
    std::vector<std::string> words(argv + 1, argv + argc);
    if (words.empty() || words[0] == "-h" || words[0] == "--help" || words[0] == "help") {
        std::cout << usage;
        return words.empty() ? exit_usage : exit_ok;
    }
    const std::string command = words[0];
    words.erase(words.begin());
    if (command == "version" || command == "--version") {
        const blas_info b = blas_in_use();
        std::cout << "hetsweep " << version << " (" << git_commit << ")\nBLAS: " << b.text() << " ("
                  << b.config << "); CPU: " << describe(this_cpu()) << '\n';
        return exit_ok;
    }
    set_blas_threads(1);
    static const std::map<std::string, int (*)(const std::vector<std::string>&)> commands = {
        {"submit", cmd_submit}, {"point", cmd_point}, {"plan", cmd_plan},  {"run", cmd_run},
        {"status", cmd_status}, {"keys", cmd_keys},   {"query", cmd_query}};
    auto it = commands.find(command);
    if (it == commands.end()) {
        std::cerr << "hetsweep: unknown command \"" << command << "\"\n" << usage;
        return exit_usage;
    }
    try {
        return it->second(words);
    } catch (const config_error& e) {
        std::cerr << "hetsweep " << command << ": " << e.what() << '\n';
        return exit_usage;
    } catch (const store_error& e) {
        std::cerr << "hetsweep " << command << ": " << e.what() << '\n';
        return exit_usage;
    } catch (const std::exception& e) {
        std::cerr << "hetsweep " << command << ": " << e.what() << '\n';
        return exit_error;
    }
}

}  // namespace hetsweep::cli
