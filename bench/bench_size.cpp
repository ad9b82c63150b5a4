// How the cost of a default point grows with the network: for N = 50 to 1600 (rate, lognormal,
// cv = 1, the default validated readout), each phase's time on one core beside its FLOP floor, the
// time its floating-point operations would take at the dense matrix-multiply rate measured here.
// The readout and the mechanisms are dense linear algebra and stay within a small factor of their
// floor; the simulation is a sparse product and elementwise updates, bound by memory and latency,
// and its factor says how far such work is from dense arithmetic. The input and the targets are
// built once per rank (not per point) and are left out.
//
//   build/bench/bench_size [repeats=3] [largest N=1600]

#include "bench_common.hpp"

#include <hetsweep/cli/blas_kernel.hpp>
#include <hetsweep/model/blas.hpp>
#include <hetsweep/model/evaluate.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace hetsweep;
using bench::cpu_name;
using bench::median;

int main(int argc, char** argv) {
    hetsweep::cli::choose_blas_kernel(argv);
    const int repeats = argc > 1 ? std::max(1, std::atoi(argv[1])) : 3;
    const std::int64_t largest = argc > 2 ? std::max(50L, std::atol(argv[2])) : 1600;
    set_blas_threads(1);
    std::printf("bench_size: one core of %s, median of %d runs\n", cpu_name().c_str(), repeats);
    std::printf("BLAS: %s; CPU: %s\n", blas_in_use().text().c_str(), describe(this_cpu()).c_str());
    double checksum = 0;
    const double gemm = bench::gemm_rate(repeats, checksum);
    std::printf("dense matrix multiply (201 x 10000 by 10000 x 882, double): %.1f GFLOP/s (checksum %.3f)\n",
                gemm / 1e9, checksum);
    std::printf("floor: the phase's FLOPs at that rate; x: time over floor\n");
    std::printf("%6s | %9s %9s %6s | %9s %9s %6s | %9s %9s %6s | %9s\n", "N", "simul. s", "floor s", "x",
                "readout s", "floor s", "x", "mechan. s", "floor s", "x", "point s");
    evaluator eval(0);
    for (std::int64_t n = 50; n <= largest; n *= 2) {
        point_params p;
        p.N = n;
        p.cv = 1.0;
        eval.run(p);  // the benchmark (input, targets) and this size's state matrix, built once
        std::vector<double> sim, readout, mech;
        point_result last;
        for (int r = 0; r < repeats; ++r) {
            last = eval.run(p);
            sim.push_back(last.seconds.simulation);
            readout.push_back(last.seconds.readout);
            mech.push_back(last.seconds.mechanisms);
        }
        const timeline_steps tl = make_timeline(p);
        const double floors[3] = {last.flops_per_step * double(tl.total()) / gemm, last.readout_flops / gemm,
                                  last.mechanisms_flops / gemm};
        const double times[3] = {median(sim), median(readout), median(mech)};
        std::printf("%6lld", (long long)n);
        for (int k = 0; k < 3; ++k)
            std::printf(" | %9.4f %9.4f %6.1f", times[k], floors[k], times[k] / floors[k]);
        std::printf(" | %9.3f\n", times[0] + times[1] + times[2]);
    }
    return 0;
}
