// Dense multiply rate of the BLAS libraries Debian offers, on one core, in the readout's shape:
// C = X Y with X 201 x 10000 and Y 10000 x 882 (column-major dgemm, as Eigen calls it). The linked
// OpenBLAS runs the kernel hetsweep would (HETSWEEP_BLAS_CORETYPE and OPENBLAS_CORETYPE apply);
// each library file given (default: Debian's serial BLIS, if installed) is loaded with dlopen and
// timed the same way, and its result checked against OpenBLAS's.
//
//   build/bench/bench_blas [repeats=5] [LIBRARY.so ...]

#include "bench_common.hpp"

#include <hetsweep/cli/blas_kernel.hpp>
#include <hetsweep/model/blas.hpp>

#include <dlfcn.h>
#include <Eigen/Dense>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace hetsweep;

namespace {

using dgemm_t = void (*)(const char*, const char*, const int*, const int*, const int*, const double*,
                         const double*, const int*, const double*, const int*, const double*, double*,
                         const int*, std::size_t, std::size_t);

extern "C" void dgemm_(const char*, const char*, const int*, const int*, const int*, const double*,
                       const double*, const int*, const double*, const int*, const double*, double*,
                       const int*, std::size_t, std::size_t);

// Median GFLOP/s of `repeats` products, and the product itself.
double rate(dgemm_t gemm, int repeats, const Eigen::MatrixXd& x, const Eigen::MatrixXd& y,
            Eigen::MatrixXd& c) {
    const int m = int(x.rows()), k = int(x.cols()), n = int(y.cols());
    const double one = 1.0, zero = 0.0;
    std::vector<double> rates;
    for (int r = 0; r < repeats; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        gemm("N", "N", &m, &n, &k, &one, x.data(), &m, y.data(), &k, &zero, c.data(), &m, 1, 1);
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        rates.push_back(2.0 * m * n * k / s / 1e9);
    }
    return bench::median(rates);
}

}  // namespace

int main(int argc, char** argv) {
    hetsweep::cli::choose_blas_kernel(argv);
    set_blas_threads(1);
    const int repeats = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
    std::vector<std::string> libraries(argv + std::min(argc, 2), argv + argc);
    if (libraries.empty()) libraries.push_back("/usr/lib/x86_64-linux-gnu/blis-serial/libblis.so.4");
    setenv("BLIS_NUM_THREADS", "1", 1);

    const Eigen::MatrixXd x = Eigen::MatrixXd::Random(201, 10000), y = Eigen::MatrixXd::Random(10000, 882);
    Eigen::MatrixXd reference(201, 882), c(201, 882);
    std::printf("bench_blas: one core of %s, dgemm 201 x 10000 by 10000 x 882, median of %d\n",
                bench::cpu_name().c_str(), repeats);
    const blas_info b = blas_in_use();
    std::printf("  %-60s %6.1f GFLOP/s\n", b.text().c_str(), rate(&dgemm_, repeats, x, y, reference));
    for (const auto& path : libraries) {
        void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (!handle) {
            std::printf("  %-60s not available (%s)\n", path.c_str(), dlerror());
            continue;
        }
        auto gemm = reinterpret_cast<dgemm_t>(dlsym(handle, "dgemm_"));
        if (!gemm) {
            std::printf("  %-60s has no dgemm_\n", path.c_str());
            continue;
        }
        const double r = rate(gemm, repeats, x, y, c);
        std::printf("  %-60s %6.1f GFLOP/s (largest difference from OpenBLAS %.1e)\n", path.c_str(), r,
                    (c - reference).cwiseAbs().maxCoeff());
    }
    return 0;
}
