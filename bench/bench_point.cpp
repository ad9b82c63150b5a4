// Per-phase cost of one grid point at docs/model.md's defaults (lognormal, cv = 1)
// for N = 200 and N = 800, the FLOP rate the readout reaches, and the
// machine's own dense matrix-multiply rate measured here on one core. Then the
// readout with the ridge chosen by cross-validation (readout.mode = validated,
// one factor per point and per task) against the single-ridge readout, on the
// same networks in the same run; and the default readout in single precision against double.
//
//   build/bench/bench_point [repeats=5]

#include "bench_common.hpp"

#include <hetsweep/cli/blas_kernel.hpp>
#include <hetsweep/model/blas.hpp>
#include <hetsweep/model/evaluate.hpp>

#include <Eigen/Dense>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

using namespace hetsweep;
using bench::cpu_name;
using bench::median;

int main(int argc, char** argv) {
    hetsweep::cli::choose_blas_kernel(argv);  // as hetsweep itself does: HETSWEEP_BLAS_CORETYPE applies
    const int repeats = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
    set_blas_threads(1);
    std::printf("bench_point: one core of %s, median of %d runs\n", cpu_name().c_str(), repeats);
    std::printf("BLAS: %s (%s); CPU: %s\n", blas_in_use().text().c_str(), blas_in_use().config.c_str(),
                describe(this_cpu()).c_str());
    double checksum = 0;
    const double gemm = bench::gemm_rate(repeats, checksum);
    std::printf("  (checksum %.3f)\n", checksum);
    std::printf("dense matrix multiply (201 x 10000 by 10000 x 882, double): %.1f GFLOP/s\n", gemm / 1e9);
    std::printf("%6s %8s %8s %8s %8s %8s  %9s %8s %9s\n", "N", "input", "tasks", "simul.", "readout", "total",
                "readout", "of gemm", "sim/read");
    std::printf("%6s %8s %8s %8s %8s %8s  %9s %8s %9s\n", "", "[s]", "[s]", "[s]", "[s]", "[s]", "[GFLOP/s]",
                "", "");
    for (std::int64_t n : {200, 800}) {
        point_params p;
        p.N = n;
        p.cv = 1.0;
        std::vector<double> input, tasks, sim, readout, flops;
        for (int r = 0; r < repeats; ++r) {
            evaluator eval(0);  // a fresh evaluator: the input and tasks are built every time
            const point_result res = eval.run(p);
            input.push_back(res.seconds.input);
            tasks.push_back(res.seconds.tasks);
            sim.push_back(res.seconds.simulation);
            readout.push_back(res.seconds.readout);
            flops.push_back(res.readout_flops);
        }
        const double rate = flops[0] / median(readout);
        std::printf("%6lld %8.3f %8.3f %8.3f %8.3f %8.3f  %9.1f %7.0f%% %9.2f\n", (long long)n, median(input),
                    median(tasks), median(sim), median(readout),
                    median(input) + median(tasks) + median(sim) + median(readout), rate / 1e9,
                    100 * rate / gemm, median(sim) / median(readout));
    }
    std::printf(
        "\nreadout with the ridge chosen on the training window (%d folds, %d factors), same networks; per "
        "task,"
        "\nthe held-out errors by one product per fold and candidate (direct) or by partial fractions:\n",
        int(point_params{}.folds), int(point_params{}.ridge_steps));
    std::printf("%6s %10s %10s %6s %10s %6s %10s %6s\n", "N", "fixed [s]", "per point", "ratio", "direct",
                "ratio", "fractions", "ratio");
    for (std::int64_t n : {200, 800}) {
        point_params p;
        p.N = n;
        p.cv = 1.0;
        struct variant {
            const char* mode;
            const char* select;
            const char* scoring;
        };
        const variant variants[] = {{"fixed", "point", "direct"},
                                    {"validated", "point", "direct"},
                                    {"validated", "task", "direct"},
                                    {"validated", "task", "fractions"}};
        std::vector<double> times[std::size(variants)];
        evaluator eval(0);
        for (int r = 0; r < repeats; ++r)
            for (std::size_t k = 0; k < std::size(variants);
                 ++k) {  // interleaved: a slow spell hits all alike
                p.readout_mode = variants[k].mode;
                p.select = variants[k].select;
                p.scoring = variants[k].scoring;
                times[k].push_back(eval.run(p).seconds.readout);
            }
        const double fixed = median(times[0]);
        std::printf("%6lld %10.3f", (long long)n, fixed);
        for (std::size_t k = 1; k < std::size(variants); ++k)
            std::printf(" %10.3f %6.2f", median(times[k]), median(times[k]) / fixed);
        std::printf("\n");
    }

    std::printf(
        "\nthe default readout with its products with the targets in single precision "
        "(readout.precision), same networks:\n");
    std::printf("%6s %12s %12s %8s\n", "N", "double [s]", "single [s]", "ratio");
    for (std::int64_t n : {200, 800}) {
        point_params p;
        p.N = n;
        p.cv = 1.0;
        std::vector<double> times[2];
        evaluator eval(0);
        for (int r = 0; r < repeats; ++r)
            for (int k = 0; k < 2; ++k) {
                p.precision = k ? "single" : "double";
                times[k].push_back(eval.run(p).seconds.readout);
            }
        std::printf("%6lld %12.3f %12.3f %8.2f\n", (long long)n, median(times[0]), median(times[1]),
                    median(times[1]) / median(times[0]));
    }
    return 0;
}
