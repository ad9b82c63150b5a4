#include <hetsweep/model/evaluate.hpp>

#include <hetsweep/errors.hpp>
#include <hetsweep/model/lorenz.hpp>
#include <hetsweep/model/random.hpp>
#include <hetsweep/model/rate_network.hpp>
#include <hetsweep/model/readout.hpp>

#include <chrono>
#include <cmath>
#include <sstream>

namespace hetsweep {

namespace {

using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point start) {
    return std::chrono::duration<double>(clock_type::now() - start).count();
}

std::int64_t steps(double span, double dt) { return static_cast<std::int64_t>(std::llround(span / dt)); }

}  // namespace

timeline_steps make_timeline(const point_params& p) {
    return {steps(p.margin, p.dt), steps(p.washout, p.dt), steps(p.train, p.dt), steps(p.test, p.dt)};
}

const std::vector<std::string>& metric_names() {
    static const std::vector<std::string> names = {
        "r2_mean",   "r2_clipped_mean", "tau_mean",     "tau_std",         "tau_skew",
        "lambda",    "readout_flops",   "time_input",   "time_tasks",      "time_simulation",
        "time_readout"};
    return names;
}

bool is_timing_metric(const std::string& name) { return name.rfind("time_", 0) == 0; }

std::vector<double> point_result::metrics() const {
    return {r2.mean(),           r2.max(0.0).mean(), tau.mean,           tau.std,
            tau.skew,            lambda,             readout_flops,      seconds.input,
            seconds.tasks,       seconds.simulation, seconds.readout};
}

const benchmark_data& evaluator::benchmark(const point_params& p) {
    std::ostringstream key;
    key.precision(17);
    key << p.input_seed << ' ' << p.lorenz_sigma << ' ' << p.lorenz_rho << ' ' << p.lorenz_beta << ' '
        << p.transient << ' ' << p.dt << ' ' << p.margin << ' ' << p.washout << ' ' << p.train << ' ' << p.test;
    if (cached_ && cached_key_ == key.str()) return *cached_;

    cached_.reset();
    auto data = std::make_unique<benchmark_data>();
    const timeline_steps tl = make_timeline(p);
    auto start = clock_type::now();
    input_spec in;
    in.lorenz = {p.lorenz_sigma, p.lorenz_rho, p.lorenz_beta};
    in.dt = p.dt;
    in.transient = p.transient;
    in.steps = tl.total();
    in.sweep_seed = sweep_seed_;
    in.input_seed = std::uint64_t(p.input_seed);
    data->u = lorenz_series(in);
    data->seconds_input = seconds_since(start);

    start = clock_type::now();
    data->tasks = make_tasks(task_family{}, data->u, tl.train_from(), tl.train, tl.test, p.dt);
    data->seconds_tasks = seconds_since(start);
    cached_key_ = key.str();
    cached_ = std::move(data);
    return *cached_;
}

point_result evaluator::run(const point_params& p) {
    if (p.model != "rate") throw config_error("model = \"" + p.model + "\": this build evaluates model = \"rate\"");
    const bool had_cache = cached_ != nullptr;
    const std::string key_before = cached_key_;
    const benchmark_data& bench = benchmark(p);
    point_result out;
    if (!had_cache || cached_key_ != key_before) {  // a reused benchmark costs this point nothing
        out.seconds.input = bench.seconds_input;
        out.seconds.tasks = bench.seconds_tasks;
    }

    const timeline_steps tl = make_timeline(p);
    const auto seed = std::uint64_t(p.seed);
    auto start = clock_type::now();

    rate_network net;
    random_stream tau_rng(sweep_seed_, seed, purpose::tau);
    net.tau = draw_tau({parse_tau_profile(p.profile), p.tau_mean, p.cv, p.match == "empirical", p.dt}, p.N, tau_rng);
    out.tau = sample_moments(net.tau);
    net.w = recurrent_weights({p.N, p.p, p.balanced, p.prune, sweep_seed_, seed});
    net.w_in = input_weights(p.N, int(bench.u.cols()), p.input_fraction, sweep_seed_, seed);
    net.noise_sd = noise_sd_from_drive(net.w_in, p.g_in, bench.u, p.noise);
    random_stream init_rng(sweep_seed_, seed, purpose::initial_state);
    net.x0.resize(p.N);
    for (Eigen::Index i = 0; i < p.N; ++i) net.x0[i] = init_rng.uniform(-0.1, 0.1);
    net.g_rec = p.g_rec;
    net.g_in = p.g_in;
    net.dt = p.dt;

    // One (N + 1) x T design matrix for both windows; the last row is the bias.
    Eigen::MatrixXd design(p.N + 1, tl.train + tl.test);
    design.row(p.N).setOnes();
    random_stream noise_rng(sweep_seed_, seed, purpose::noise);
    simulate(net, bench.u, noise_rng, tl.train_from(), design.topRows(p.N));
    if (!design.allFinite()) throw numerical_error("the network state is not finite");
    out.seconds.simulation = seconds_since(start);

    start = clock_type::now();
    const auto train = design.leftCols(tl.train);
    const auto test = design.rightCols(tl.test);
    const ridge_solution fit = fit_ridge(train, bench.tasks.y_train, p.ridge);
    const r2_result score = r2_scores(test, fit.beta, bench.tasks.y_test, bench.tasks.ss_test);
    out.seconds.readout = seconds_since(start);
    out.r2 = score.r2;
    out.lambda = fit.lambda;
    out.readout_flops = fit.flops + score.flops;
    return out;
}

}  // namespace hetsweep
