// Cost of the LIF simulation per simulated dt step and per spike at N = 200
// and N = 1000 (the default LIF point: docs/model.md's timeline, input and noise),
// homogeneous and heterogeneous (lognormal cv = 1), and what the mechanism
// analyses add to a whole point next to the readout.
//
//   build/bench/bench_lif [repeats=3]

#include "bench_common.hpp"

#include <hetsweep/model/blas.hpp>
#include <hetsweep/model/connectivity.hpp>
#include <hetsweep/model/evaluate.hpp>
#include <hetsweep/model/lif_network.hpp>
#include <hetsweep/model/noise_path.hpp>
#include <hetsweep/model/rate_network.hpp>
#include <hetsweep/vocab/random.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

using namespace hetsweep;
using bench::cpu_name;
using bench::median;

namespace {}  // namespace

int main(int argc, char** argv) {
    const int repeats = argc > 1 ? std::max(1, std::atoi(argv[1])) : 3;
    set_blas_threads(1);
    std::printf("bench_lif: one core of %s, median of %d runs\n", cpu_name().c_str(), repeats);
    std::printf("simulate() alone, over the whole default timeline (margin + washout + train + test):\n");
    std::printf("%6s %5s %8s %10s %9s %9s %11s %11s\n", "N", "cv", "steps", "spikes", "rate", "time",
                "per step", "per spike");
    std::printf("%6s %5s %8s %10s %9s %9s %11s %11s\n", "", "", "", "", "[1/TU]", "[s]", "[us]", "[ns]");
    const std::uint64_t sweep_seed = 0;
    for (const std::int64_t n : {200, 1000}) {
        for (const double cv : {0.0, 1.0}) {
            point_params p;
            p.model = "lif";
            p.N = n;
            p.cv = cv;
            evaluator eval(sweep_seed);
            const benchmark_data& data = eval.benchmark(p);
            const timeline_steps tl = make_timeline(p);
            const lif_network net = make_lif_network(p, sweep_seed, data.u);
            Eigen::MatrixXd states(n, tl.train + tl.test);
            std::vector<double> seconds;
            lif_activity a;
            for (int r = 0; r < repeats; ++r) {
                noise_path noise{random_stream(sweep_seed, std::uint64_t(p.seed), purpose::noise)};
                const auto t0 = std::chrono::steady_clock::now();
                a = simulate(net, data.u, noise, tl.train_from(), states);
                seconds.push_back(
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
            }
            const double s = median(seconds);
            std::printf("%6lld %5.1f %8lld %10lld %9.2f %9.3f %11.2f %11.1f\n", (long long)n, cv,
                        (long long)a.steps, (long long)a.spikes, summarise(a).rate_mean, s,
                        1e6 * s / double(a.steps), 1e9 * s / double(a.spikes));
        }
    }

    std::printf(
        "\nwhole LIF point (cv = 1): phases [s]; mechanisms = covariance, eigendecomposition, alignment\n");
    std::printf("%6s %10s %10s %10s %12s\n", "N", "simul.", "readout", "mechanisms", "mech./total");
    for (const std::int64_t n : {200, 1000}) {
        point_params p;
        p.model = "lif";
        p.N = n;
        p.cv = 1.0;
        std::vector<double> sim, readout, mech, total;
        evaluator eval(sweep_seed);
        eval.benchmark(p);  // input and tasks are shared by every point; leave them out
        for (int r = 0; r < repeats; ++r) {
            const point_result res = eval.run(p);
            sim.push_back(res.seconds.simulation);
            readout.push_back(res.seconds.readout);
            mech.push_back(res.seconds.mechanisms);
            total.push_back(res.seconds.simulation + res.seconds.readout + res.seconds.mechanisms);
        }
        std::printf("%6lld %10.3f %10.3f %10.3f %11.0f%%\n", (long long)n, median(sim), median(readout),
                    median(mech), 100 * median(mech) / median(total));
    }
    return 0;
}
