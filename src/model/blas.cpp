#include <hetsweep/model/blas.hpp>

#include <hetsweep/errors.hpp>

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

extern "C" {
void openblas_set_num_threads(int);
char* openblas_get_config(void);
char* openblas_get_corename(void);
// With the lengths of the two character arguments that gfortran-compiled LAPACK expects last.
void dsyevd_(const char* jobz, const char* uplo, const int* n, double* a, const int* lda, double* w,
             double* work, const int* lwork, int* iwork, const int* liwork, int* info, std::size_t jobz_len,
             std::size_t uplo_len);
}

namespace hetsweep {

void set_blas_threads(int n) {
    openblas_set_num_threads(n);
}

std::string blas_info::text() const {
    return name + " " + version + ", kernel " + kernel;
}

blas_info blas_in_use() {
    blas_info b;
    b.name = "OpenBLAS";
    const char* config = openblas_get_config();
    const char* core = openblas_get_corename();
    b.config = config ? config : "";
    b.kernel = core ? core : "unknown";
    // "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64": the second word is the version.
    const auto first = b.config.find(' ');
    if (b.config.rfind("OpenBLAS ", 0) == 0 && first != std::string::npos)
        b.version = b.config.substr(first + 1, b.config.find(' ', first + 1) - first - 1);
    else
        b.version = "(version unknown)";
    return b;
}

cpu_features this_cpu() {
    cpu_features c;
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    c.amd = __builtin_cpu_is("amd");
    c.avx = __builtin_cpu_supports("avx");
    c.avx2 = __builtin_cpu_supports("avx2");
    c.fma = __builtin_cpu_supports("fma");
    c.avx512f = __builtin_cpu_supports("avx512f");
    c.avx512bw = __builtin_cpu_supports("avx512bw");
    c.avx512vl = __builtin_cpu_supports("avx512vl");
    c.avx512dq = __builtin_cpu_supports("avx512dq");
    c.avx512cd = __builtin_cpu_supports("avx512cd");
    c.avx512bf16 = __builtin_cpu_supports("avx512bf16");
#endif
    return c;
}

std::string describe(const cpu_features& c) {
    std::string out = c.amd ? "AMD" : "not AMD";
    const std::pair<bool, const char*> flags[] = {{c.avx, "AVX"},
                                                  {c.avx2, "AVX2"},
                                                  {c.fma, "FMA"},
                                                  {c.avx512f, "AVX-512F"},
                                                  {c.avx512bw, "AVX-512BW"},
                                                  {c.avx512vl, "AVX-512VL"},
                                                  {c.avx512dq, "AVX-512DQ"},
                                                  {c.avx512cd, "AVX-512CD"},
                                                  {c.avx512bf16, "AVX-512BF16"}};
    for (const auto& [on, name] : flags)
        if (on) out += std::string(", ") + name;
    return out;
}

bool is_generic_openblas_kernel(const std::string& kernel) {
    // The x86-64 cores of OpenBLAS's DYNAMIC_ARCH list that predate AVX: what it runs on a CPU it
    // cannot place (Prescott for an unknown Intel model, as of 0.3.21).
    static const char* const generic[] = {"Katmai", "Coppermine", "Northwood",     "Prescott",   "Banias",
                                          "Atom",   "Core2",      "Penryn",        "Dunnington", "Nehalem",
                                          "Athlon", "Opteron",    "Opteron(SSE3)", "Barcelona",  "Nano",
                                          "Bobcat", "unknown"};
    for (const char* g : generic)
        if (kernel == g) return true;
    return false;
}

std::string better_openblas_coretype(const std::string& kernel, const cpu_features& c) {
    if (!is_generic_openblas_kernel(kernel)) return {};
    const bool skylakex = c.avx512f && c.avx512bw && c.avx512vl && c.avx512dq && c.avx512cd;
    if (skylakex && c.avx512bf16) return "Cooperlake";
    if (skylakex) return "SkylakeX";
    if (c.avx2 && c.fma) return c.amd ? "Zen" : "Haswell";
    if (c.avx) return "Sandybridge";
    return {};
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
