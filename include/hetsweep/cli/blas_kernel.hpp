#pragma once

// The BLAS kernel, chosen before any BLAS call and before MPI_Init: OpenBLAS reads
// OPENBLAS_CORETYPE once, when it loads, so a better kernel needs a fresh process image.

namespace hetsweep::cli {

// HETSWEEP_BLAS_CORETYPE: "auto" (the default) restarts the process (execv of /proc/self/exe,
// same pid, arguments and environment) with OPENBLAS_CORETYPE set when OpenBLAS runs a generic
// fallback kernel on a CPU that can run a better one, unless OPENBLAS_CORETYPE is already set;
// "keep" never restarts; a core name (SkylakeX, Haswell, Prescott, ...) asks for that kernel.
// Says so once on stderr (rank 0 only under a launcher). Returns normally when nothing is to be
// done or the restart fails (with a warning); does not return when the restart succeeds.
void choose_blas_kernel(char** argv);

}  // namespace hetsweep::cli
