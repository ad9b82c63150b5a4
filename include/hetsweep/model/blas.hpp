#pragma once

#include <Eigen/Core>

namespace hetsweep {

// One BLAS thread per process: ranks, not threads, use the cores, and
// results do not depend on a thread count.
void set_blas_threads(int n);

// Eigenvalues (ascending) and orthonormal eigenvectors of the symmetric matrix a (its lower triangle is
// read), from LAPACK's divide-and-conquer dsyevd in the linked OpenBLAS: about twice as fast as Eigen's
// own SelfAdjointEigenSolver at n = 800 (speed, not determinism, decides; both are deterministic on one
// core). Throws numerical_error when LAPACK reports a failure.
void symmetric_eigen(const Eigen::MatrixXd& a, Eigen::VectorXd& values, Eigen::MatrixXd& vectors);

}  // namespace hetsweep
