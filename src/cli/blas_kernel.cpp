#include <hetsweep/cli/blas_kernel.hpp>

#include <hetsweep/model/blas.hpp>

#include <strings.h>
#include <unistd.h>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

namespace hetsweep::cli {

namespace {

// Set on the restarted process (the kernel it replaced), so that it never restarts again.
constexpr const char* restarted_variable = "HETSWEEP_BLAS_RESTARTED";

std::string environment(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

// Rank 0 of a launcher (Open MPI, Slurm, PMI), or no launcher at all: the one that speaks.
bool first_rank() {
    for (const char* name : {"OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK", "SLURM_PROCID"}) {
        const std::string v = environment(name);
        if (!v.empty()) return v == "0";
    }
    return true;
}

}  // namespace

void choose_blas_kernel(char** argv) {
    const std::string mode = environment("HETSWEEP_BLAS_CORETYPE");
    const std::string replaced = environment(restarted_variable);
    if (!replaced.empty()) {
        // The restarted image: OpenBLAS has read OPENBLAS_CORETYPE by now. Children (sbatch, srun)
        // must not inherit either variable: another node may need another kernel.
        const std::string asked = environment("OPENBLAS_CORETYPE");
        unsetenv(restarted_variable);
        unsetenv("OPENBLAS_CORETYPE");
        const blas_info b = blas_in_use();
        if (strcasecmp(b.kernel.c_str(), asked.c_str()) != 0 && first_rank())
            std::cerr << "hetsweep: asked OpenBLAS for the " << asked << " kernel in place of " << replaced
                      << ", but it runs " << b.kernel << " (" << b.config << ")\n";
        return;
    }
    if (mode == "keep") return;
    const blas_info b = blas_in_use();
    std::string target;
    if (mode.empty() || mode == "auto") {
        if (!environment("OPENBLAS_CORETYPE").empty()) return;  // the user's choice stands
        target = better_openblas_coretype(b.kernel, this_cpu());
    } else {
        target = mode;
    }
    if (target.empty() || strcasecmp(target.c_str(), b.kernel.c_str()) == 0) return;
    if (first_rank())
        std::cerr << "hetsweep: OpenBLAS " << b.version << " runs its " << b.kernel << " kernel on this CPU ("
                  << describe(this_cpu()) << "); restarting with OPENBLAS_CORETYPE=" << target
                  << (mode.empty() || mode == "auto" ? " (HETSWEEP_BLAS_CORETYPE=keep turns this off)" : "")
                  << '\n';
    setenv("OPENBLAS_CORETYPE", target.c_str(), 1);
    setenv(restarted_variable, b.kernel.c_str(), 1);
    execv("/proc/self/exe", argv);
    // Still here: the restart failed. Carry on with the kernel we have.
    const int error = errno;
    unsetenv("OPENBLAS_CORETYPE");
    unsetenv(restarted_variable);
    if (first_rank())
        std::cerr << "hetsweep: could not restart (" << std::strerror(error) << "); carrying on with the "
                  << b.kernel << " kernel\n";
}

}  // namespace hetsweep::cli
