#pragma once

#include <Eigen/Core>

#include <string>

namespace hetsweep {

// The BLAS this process runs: its name and version, and the kernel it chose for this CPU.
struct blas_info {
    std::string name;          // "OpenBLAS"
    std::string version;       // "0.3.21"
    std::string kernel;        // OpenBLAS's core name: "Haswell", "SkylakeX", "Zen", "Prescott", ...
    std::string config;        // openblas_get_config(), verbatim
    std::string text() const;  // "OpenBLAS 0.3.21, kernel Zen"
};
blas_info blas_in_use();

// What the CPU can run, as far as choosing a BLAS kernel goes.
struct cpu_features {
    bool amd = false;
    bool avx = false, avx2 = false, fma = false;
    bool avx512f = false, avx512bw = false, avx512vl = false, avx512dq = false, avx512cd = false;
    bool avx512bf16 = false;
};
cpu_features this_cpu();
std::string describe(const cpu_features& cpu);  // "AMD, AVX2, FMA"

// OpenBLAS's generic kernels, which it falls back to on a CPU model it does not know.
bool is_generic_openblas_kernel(const std::string& kernel);
// The OPENBLAS_CORETYPE to ask for when `kernel` is a generic fallback and the CPU can run a better one
// (Cooperlake, SkylakeX, Zen, Haswell or Sandybridge, the best the features allow); "" otherwise.
std::string better_openblas_coretype(const std::string& kernel, const cpu_features& cpu);

// One BLAS thread per process: ranks, not threads, use the cores, and
// results do not depend on a thread count.
void set_blas_threads(int n);

// Eigenvalues (ascending) and orthonormal eigenvectors of the symmetric matrix a (its lower triangle is
// read), from LAPACK's divide-and-conquer dsyevd in the linked OpenBLAS: about twice as fast as Eigen's
// own SelfAdjointEigenSolver at n = 800 (speed, not determinism, decides; both are deterministic on one
// core). Throws numerical_error when LAPACK reports a failure.
void symmetric_eigen(const Eigen::MatrixXd& a, Eigen::VectorXd& values, Eigen::MatrixXd& vectors);

}  // namespace hetsweep
