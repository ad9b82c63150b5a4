#include <hetsweep/model/blas.hpp>

#include <hetsweep/errors.hpp>

#include <algorithm>
#include <string>
#include <vector>

extern "C" {
void openblas_set_num_threads(int);
void dsyevd_(const char* jobz, const char* uplo, const int* n, double* a, const int* lda, double* w,
             double* work, const int* lwork, int* iwork, const int* liwork, int* info);
}

namespace hetsweep {

void set_blas_threads(int n) {
    openblas_set_num_threads(n);
}

void symmetric_eigen(const Eigen::MatrixXd& a, Eigen::VectorXd& values, Eigen::MatrixXd& vectors) {
    if (a.rows() != a.cols()) throw numerical_error("symmetric_eigen: the matrix is not square");
    const int n = int(a.rows());
    vectors = a;
    values.resize(n);
    if (n == 0) return;
    const char jobz = 'V', uplo = 'L';
    int info = 0, lwork = -1, liwork = -1, iwork_query = 0;
    double work_query = 0;
    dsyevd_(&jobz, &uplo, &n, vectors.data(), &n, values.data(), &work_query, &lwork, &iwork_query, &liwork,
            &info);
    if (info != 0)
        throw numerical_error("symmetric_eigen: dsyevd workspace query failed, info " + std::to_string(info));
    lwork = int(work_query);
    liwork = iwork_query;
    std::vector<double> work(std::size_t(std::max(1, lwork)));
    std::vector<int> iwork(std::size_t(std::max(1, liwork)));
    dsyevd_(&jobz, &uplo, &n, vectors.data(), &n, values.data(), work.data(), &lwork, iwork.data(), &liwork,
            &info);
    if (info != 0)
        throw numerical_error("symmetric_eigen: dsyevd did not converge (info " + std::to_string(info) +
                              ", " + std::to_string(n) + " x " + std::to_string(n) + ")");
}

}  // namespace hetsweep
