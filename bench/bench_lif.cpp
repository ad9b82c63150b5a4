// Cost of the LIF simulation per simulated dt step and per spike at N = 200
// and N = 1000 (the default LIF point: MODEL.md's timeline, input and noise),
// homogeneous and heterogeneous (lognormal cv = 1), and what the mechanism
// analyses add to a whole point next to the readout.
//
//   build/bench/bench_lif [repeats=3]

#include <hetsweep/model/blas.hpp>
#include <hetsweep/model/connectivity.hpp>
#include <hetsweep/model/evaluate.hpp>
#include <hetsweep/model/lif_network.hpp>
#include <hetsweep/model/random.hpp>
#include <hetsweep/model/rate_network.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

using namespace hetsweep;

namespace {

std::string cpu_name() {
    std::ifstream in("/proc/cpuinfo");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
    return "unknown CPU";
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// The network evaluate.cpp builds for a LIF point.
lif_network build(const point_params& p, const Eigen::MatrixXd& u, std::uint64_t sweep_seed) {
    const auto seed = std::uint64_t(p.seed);
    lif_network net;
    random_stream tau_rng(sweep_seed, seed, purpose::tau);
    net.tau = draw_tau({parse_tau_profile(p.profile), p.tau_mean, p.cv, true, p.dt}, p.N, tau_rng);
    net.w = recurrent_weights({p.N, p.p, p.balanced, p.prune, sweep_seed, seed});
    net.w_in = input_weights(p.N, int(u.cols()), p.input_fraction, sweep_seed, seed);
    net.noise_sd = noise_sd_from_drive(net.w_in, p.g_in, u, p.noise);
    random_stream init_rng(sweep_seed, seed, purpose::initial_state);
    net.v0.resize(p.N);
    for (Eigen::Index i = 0; i < p.N; ++i) net.v0[i] = init_rng.uniform(0.0, 1.0);
    net.g_rec = p.g_rec;
    net.g_in = p.g_in;
    net.dt = p.dt;
    net.substeps = p.substeps;
    net.tau_syn = p.tau_syn;
    net.t_ref = p.t_ref;
    net.i_bias = p.i_bias;
    net.tau_readout = p.tau_readout;
    return net;
}

}  // namespace

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
            const lif_network net = build(p, data.u, sweep_seed);
            Eigen::MatrixXd states(n, tl.train + tl.test);
            std::vector<double> seconds;
            lif_activity a;
            for (int r = 0; r < repeats; ++r) {
                random_stream noise(sweep_seed, std::uint64_t(p.seed), purpose::noise);
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
