#include <hetsweep/model/blas.hpp>

#include <hetsweep/errors.hpp>

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

extern "C" {
void openblas_set_num_threads(int);
// With the lengths of the two character arguments that gfortran-compiled LAPACK expects last.
void dsyevd_(const char* jobz, const char* uplo, const int* n, double* a, const int* lda, double* w,
             double* work, const int* lwork, int* iwork, const int* liwork, int* info, std::size_t jobz_len,
             std::size_t uplo_len);
}

namespace hetsweep {

void set_blas_threads(int n) {
    openblas_set_num_threads(n);
}

void symmetric_eigen(const Eigen::MatrixXd& a, Eigen::VectorXd& values, Eigen::MatrixXd& vectors) {
    if (a.rows() != a.cols()) throw numerical_error("symmetric_eigen: the matrix is not square");
    if (!a.allFinite()) throw numerical_error("symmetric_eigen: the matrix has non-finite entries");
    // LAPACK's 32-bit integers: dsyevd's workspace, 1 + 6n + 2n^2, must fit.
    if (a.rows() > 32000)
        throw numerical_error("symmetric_eigen: " + std::to_string(a.rows()) +
                              " rows; LAPACK's 32-bit workspace size allows at most 32000");
    const int n = int(a.rows());
    vectors = a;
    values.resize(n);
    if (n == 0) return;
    const char jobz = 'V', uplo = 'L';
    int info = 0, lwork = -1, liwork = -1, iwork_query = 0;
    double work_query = 0;
    dsyevd_(&jobz, &uplo, &n, vectors.data(), &n, values.data(), &work_query, &lwork, &iwork_query, &liwork,
            &info, 1, 1);
    if (info != 0)
        throw numerical_error("symmetric_eigen: dsyevd workspace query failed, info " + std::to_string(info));
    lwork = int(work_query);
    liwork = iwork_query;
    std::vector<double> work(std::size_t(std::max(1, lwork)));
    std::vector<int> iwork(std::size_t(std::max(1, liwork)));
    dsyevd_(&jobz, &uplo, &n, vectors.data(), &n, values.data(), work.data(), &lwork, iwork.data(), &liwork,
            &info, 1, 1);
    if (info != 0)
        throw numerical_error("symmetric_eigen: dsyevd did not converge (info " + std::to_string(info) +
                              ", " + std::to_string(n) + " x " + std::to_string(n) + ")");
}

}  // namespace hetsweep
