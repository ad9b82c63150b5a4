#include <hetsweep/model/evaluate.hpp>

#include <hetsweep/errors.hpp>
#include <hetsweep/model/costs.hpp>
#include <hetsweep/model/lif_network.hpp>
#include <hetsweep/model/lorenz.hpp>
#include <hetsweep/model/mechanisms.hpp>
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

std::int64_t steps(double span, double dt) {
    return static_cast<std::int64_t>(std::llround(span / dt));
}

}  // namespace

timeline_steps make_timeline(const point_params& p) {
    return {steps(p.margin, p.dt), steps(p.washout, p.dt), steps(p.train, p.dt), steps(p.test, p.dt)};
}

const std::vector<std::string>& metric_names() {
    // Append only: stores and readers address metrics by name, older tools by position.
    static const std::vector<std::string> names = {"r2_mean",
                                                   "r2_clipped_mean",
                                                   "tau_mean",
                                                   "tau_std",
                                                   "tau_skew",
                                                   "lambda",
                                                   "readout_flops",
                                                   "time_input",
                                                   "time_tasks",
                                                   "time_simulation",
                                                   "time_readout",
                                                   "rate_mean",
                                                   "silent_fraction",
                                                   "isi_cv",
                                                   "flops_per_step",
                                                   "memory_bytes",
                                                   "spikes",
                                                   "synaptic_events",
                                                   "atp",
                                                   "energy_loihi2_j",
                                                   "energy_spinnaker2_j",
                                                   "participation_ratio",
                                                   "alignment_components",
                                                   "alignment_mean",
                                                   "time_mechanisms"};
    return names;
}

bool is_timing_metric(const std::string& name) {
    return name.rfind("time_", 0) == 0;
}

std::vector<double> point_result::metrics() const {
    const double aligned = alignment.size() ? alignment.mean() : nan;
    return {r2.mean(),
            r2.max(0.0).mean(),
            tau.mean,
            tau.std,
            tau.skew,
            lambda,
            readout_flops,
            seconds.input,
            seconds.tasks,
            seconds.simulation,
            seconds.readout,
            rate_mean,
            silent_fraction,
            isi_cv,
            flops_per_step,
            memory_bytes,
            spikes,
            synaptic_events,
            atp,
            energy_loihi2_j,
            energy_spinnaker2_j,
            participation_ratio,
            alignment_components,
            aligned,
            seconds.mechanisms};
}

const benchmark_data& evaluator::benchmark(const point_params& p) {
    prepare(p);
    return *cached_;
}

bool evaluator::prepare(const point_params& p) {
    std::ostringstream key;
    key.precision(17);
    key << p.input_seed << ' ' << p.lorenz_sigma << ' ' << p.lorenz_rho << ' ' << p.lorenz_beta << ' '
        << p.transient << ' ' << p.dt << ' ' << p.margin << ' ' << p.washout << ' ' << p.train << ' '
        << p.test;
    if (cached_ && cached_key_ == key.str()) return false;

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
    return true;
}

namespace {

// The spiking network's counts turned into firing statistics and cost estimates.
void spiking_results(const point_params& p, const lif_network& net, const lif_activity& a,
                     point_result& out) {
    const firing_stats f = summarise(a);
    out.rate_mean = f.rate_mean;
    out.silent_fraction = f.silent_fraction;
    out.isi_cv = f.isi_cv;

    const network_shape shape{net.size(), std::int64_t(net.w.nnz()), std::int64_t(net.w_in.cols())};
    spiking_counts c;
    c.n = net.size();
    c.steps = a.steps;
    c.substeps = net.substeps;
    c.spikes = double(a.spikes);
    c.synaptic_events = double(a.synaptic_events);
    c.neuron_updates = double(a.neuron_updates);
    c.duration = double(a.steps) * net.dt;
    out.flops_per_step = lif_flops_per_step(shape, c);
    out.memory_bytes = lif_memory_bytes(shape);
    out.spikes = c.spikes;
    out.synaptic_events = c.synaptic_events;
    out.atp = atp_estimate(c, {p.atp_per_spike, p.atp_per_synaptic_event, p.atp_resting_per_neuron_per_s},
                           p.tu_seconds);
    out.energy_loihi2_j = chip_energy_estimate(c,
                                               {p.loihi2_synop_j, p.loihi2_spike_j, p.loihi2_neuron_update_j,
                                                p.loihi2_static_w_per_core, p.loihi2_neurons_per_core},
                                               p.tu_seconds)
                              .total_j();
    out.energy_spinnaker2_j =
        chip_energy_estimate(c,
                             {p.spinnaker2_synop_j, p.spinnaker2_spike_j, p.spinnaker2_neuron_update_j,
                              p.spinnaker2_static_w_per_core, p.spinnaker2_neurons_per_core},
                             p.tu_seconds)
            .total_j();
}

}  // namespace

namespace {

// The draws both models share.
struct shared_draws {
    Eigen::ArrayXd tau;
    sparse_weights w;
    Eigen::MatrixXd w_in;
    Eigen::ArrayXd noise_sd;
};

shared_draws draw_shared(const point_params& p, std::uint64_t sweep_seed, const Eigen::MatrixXd& u) {
    const auto seed = std::uint64_t(p.seed);
    random_stream tau_rng(sweep_seed, seed, purpose::tau);
    shared_draws d;
    d.tau = draw_tau({parse_tau_profile(p.profile), p.tau_mean, p.cv, p.match == "empirical", p.dt}, p.N,
                     tau_rng);
    d.w = recurrent_weights({p.N, p.p, p.balanced, p.prune, sweep_seed, seed});
    d.w_in = input_weights(p.N, int(u.cols()), p.input_fraction, sweep_seed, seed);
    d.noise_sd = noise_sd_from_drive(d.w_in, p.g_in, u, p.noise);
    return d;
}

// A network of either model holding the shared draws; the rest is the model's own.
template <class Network>
Network with_shared_draws(const point_params& p, std::uint64_t sweep_seed, const Eigen::MatrixXd& u) {
    shared_draws d = draw_shared(p, sweep_seed, u);
    Network net;
    net.tau = std::move(d.tau);
    net.w = std::move(d.w);
    net.w_in = std::move(d.w_in);
    net.noise_sd = std::move(d.noise_sd);
    net.g_rec = p.g_rec;
    net.g_in = p.g_in;
    net.dt = p.dt;
    return net;
}

}  // namespace

rate_network make_rate_network(const point_params& p, std::uint64_t sweep_seed, const Eigen::MatrixXd& u) {
    auto net = with_shared_draws<rate_network>(p, sweep_seed, u);
    random_stream init_rng(sweep_seed, std::uint64_t(p.seed), purpose::initial_state);
    net.x0.resize(p.N);
    for (Eigen::Index i = 0; i < p.N; ++i) net.x0[i] = init_rng.uniform(-0.1, 0.1);
    return net;
}

lif_network make_lif_network(const point_params& p, std::uint64_t sweep_seed, const Eigen::MatrixXd& u) {
    auto net = with_shared_draws<lif_network>(p, sweep_seed, u);
    // Initial potentials spread between reset and threshold: no synchronous first volley.
    random_stream init_rng(sweep_seed, std::uint64_t(p.seed), purpose::initial_state);
    net.v0.resize(p.N);
    for (Eigen::Index i = 0; i < p.N; ++i) net.v0[i] = init_rng.uniform(0.0, 1.0);
    net.substeps = p.substeps;
    net.tau_syn = p.tau_syn;
    net.t_ref = p.t_ref;
    net.i_bias = p.i_bias;
    net.tau_readout = p.tau_readout;
    return net;
}

point_result evaluator::run(const point_params& p) {
    if (p.model != "rate" && p.model != "lif")
        throw config_error("model = \"" + p.model + "\": the models are \"rate\" and \"lif\"");
    const bool built = prepare(p);
    const benchmark_data& bench = *cached_;
    point_result out;
    if (built) {  // a reused benchmark costs this point nothing
        out.seconds.input = bench.seconds_input;
        out.seconds.tasks = bench.seconds_tasks;
    }

    const timeline_steps tl = make_timeline(p);
    auto start = clock_type::now();

    random_stream noise_rng(sweep_seed_, std::uint64_t(p.seed), purpose::noise);
    // One (N + 1) x T design matrix for both windows; the last row is the bias.
    Eigen::MatrixXd design(p.N + 1, tl.train + tl.test);
    design.row(p.N).setOnes();
    if (p.model == "rate") {
        const rate_network net = make_rate_network(p, sweep_seed_, bench.u);
        out.tau = sample_moments(net.tau);
        simulate(net, bench.u, noise_rng, tl.train_from(), design.topRows(p.N));
        const network_shape shape{p.N, std::int64_t(net.w.nnz()), std::int64_t(net.w_in.cols())};
        out.flops_per_step = rate_flops_per_step(shape);
        out.memory_bytes = rate_memory_bytes(shape);
    } else {
        const lif_network net = make_lif_network(p, sweep_seed_, bench.u);
        out.tau = sample_moments(net.tau);
        const lif_activity activity = simulate(net, bench.u, noise_rng, tl.train_from(), design.topRows(p.N));
        spiking_results(p, net, activity, out);
    }
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

    start = clock_type::now();
    const state_analysis mech = analyse_state(design.topRows(p.N).rightCols(tl.test), bench.tasks.y_test);
    out.participation_ratio = mech.participation_ratio;
    out.alignment_components = mech.components;
    out.alignment = mech.alignment;
    out.seconds.mechanisms = seconds_since(start);
    return out;
}

}  // namespace hetsweep
