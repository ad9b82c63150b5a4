// Batches of networks that differ only in tau (sweep.batch): the time per point of evaluating G
// points of one network together against one at a time, on one core, for N = 200 and N = 800 at
// docs/model.md's defaults (lognormal, cv cycling through 0.25 .. 2). Each batch's scores are
// compared with the points evaluated alone (bit-identical expected); the last column sets the time
// per point against its FLOP floor: its estimated FLOPs (readout and simulation) at the dense
// multiply rate measured here. Last, the readout's largest product for 8 members, one product per
// member against one product of the stacked states.
//
//   build/bench/bench_batch [repeats=3]

#include "bench_common.hpp"

#include <hetsweep/cli/blas_kernel.hpp>
#include <hetsweep/model/blas.hpp>
#include <hetsweep/model/evaluate.hpp>

#include <Eigen/Dense>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

using namespace hetsweep;
using bench::cpu_name;
using bench::median;

namespace {

std::vector<point_params> members(std::int64_t n, std::size_t size) {
    const double levels[] = {0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0};
    std::vector<point_params> out;
    for (std::size_t g = 0; g < size; ++g) {
        point_params p;
        p.N = n;
        p.cv = levels[g % 8];
        p.profile = g / 8 % 2 ? "gamma" : "lognormal";
        out.push_back(p);
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    hetsweep::cli::choose_blas_kernel(argv);
    const int repeats = argc > 1 ? std::max(1, std::atoi(argv[1])) : 3;
    set_blas_threads(1);
    std::printf("bench_batch: one core of %s, best of %d runs\n", cpu_name().c_str(), repeats);
    std::printf("BLAS: %s (%s)\n", blas_in_use().text().c_str(), blas_in_use().config.c_str());
    double checksum = 0;
    const double gemm = bench::gemm_rate(repeats, checksum);
    std::printf("dense matrix multiply (201 x 10000 by 10000 x 882, double): %.1f GFLOP/s (checksum %.3f)\n",
                gemm / 1e9, checksum);
    std::printf("%6s %6s %12s %12s %12s %10s %12s %10s\n", "N", "batch", "simul./pt", "readout/pt",
                "total/pt", "speed-up", "max |dR^2|", "of floor");
    for (std::int64_t n : {200, 800}) {
        evaluator eval(0);
        const auto all = members(n, n <= 200 ? 16 : 8);
        eval.run(all.front());  // builds the benchmark (input and targets), shared by every run below
        std::vector<point_result> alone;
        for (const auto& p : all) alone.push_back(eval.run(p));
        double single_total = 0;
        for (std::size_t size : {1, 2, 4, 8, 16}) {
            if (size > all.size()) break;
            const std::vector<point_params> batch(all.begin(), all.begin() + long(size));
            std::vector<double> sim, readout, total;
            double worst = 0, floor = 0;
            for (int r = 0; r < repeats; ++r) {
                const auto t0 = std::chrono::steady_clock::now();
                const auto out = eval.run_batch(batch);
                total.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() /
                                double(size));
                double s = 0, rd = 0, flops = 0;
                for (std::size_t g = 0; g < size; ++g) {
                    if (!out[g].ok) {
                        std::printf("member %zu failed: %s\n", g, out[g].message.c_str());
                        return 1;
                    }
                    const point_result& res = out[g].result;
                    s += res.seconds.simulation;
                    rd += res.seconds.readout + res.seconds.mechanisms;
                    worst = std::max(worst, (res.r2 - alone[g].r2).abs().maxCoeff());
                    const timeline_steps tl = make_timeline(batch[g]);
                    flops += res.readout_flops + res.flops_per_step * double(tl.total());
                }
                sim.push_back(s / double(size));
                readout.push_back(rd / double(size));
                floor = flops / double(size) / gemm;
            }
            const double best = *std::min_element(total.begin(), total.end());
            if (size == 1) single_total = best;
            std::printf("%6lld %6zu %12.3f %12.3f %12.3f %10.2f %12.1e %10.2f\n", (long long)n, size,
                        *std::min_element(sim.begin(), sim.end()),
                        *std::min_element(readout.begin(), readout.end()), best, single_total / best, worst,
                        best / floor);
        }
    }
    // The readout's largest product, X'Y in single precision (readout.precision), for 8 members:
    // one product each, or one product of the stacked states.
    {
        const Eigen::MatrixXf x = Eigen::MatrixXf::Random(8 * 201, 10000);
        const Eigen::MatrixXf y = Eigen::MatrixXf::Random(10000, 882);
        Eigen::MatrixXf c(8 * 201, 882);
        std::vector<double> separate, stacked;
        for (int r = 0; r < repeats; ++r) {
            auto t0 = std::chrono::steady_clock::now();
            for (int g = 0; g < 8; ++g) c.middleRows(201 * g, 201).noalias() = x.middleRows(201 * g, 201) * y;
            separate.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
            t0 = std::chrono::steady_clock::now();
            c.noalias() = x * y;
            stacked.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        }
        const double flops = 2.0 * 8 * 201 * 10000 * 882;
        std::printf(
            "\nX'Y of 8 members (201 x 10000 by 10000 x 882, single): 8 products %.1f GFLOP/s, one "
            "stacked product %.1f GFLOP/s (checksum %.1f)\n",
            flops / median(separate) / 1e9, flops / median(stacked) / 1e9, double(c.sum()));
    }
    return 0;
}
