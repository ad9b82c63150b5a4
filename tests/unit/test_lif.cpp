// The LIF network against closed forms: the steady firing rate under constant
// suprathreshold drive with a refractory period, silence below threshold, the
// peak of one exponential-current PSP (also at tau = tau_syn), and the counts
// the cost estimates use.

#include <hetsweep/model/connectivity.hpp>
#include <hetsweep/model/lif_network.hpp>
#include <hetsweep/model/noise_path.hpp>
#include <hetsweep/vocab/random.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace hetsweep {
namespace {

constexpr std::uint64_t sweep_seed = 77;

sparse_weights no_edges(std::int64_t n) {
    sparse_weights w;
    w.n = n;
    w.row_start.assign(std::size_t(n) + 1, 0);
    return w;
}

// Uncoupled neurons, no noise, drive_i = w_in(i, 0) * u with u = 1 throughout.
lif_network uncoupled(const std::vector<double>& tau, const std::vector<double>& drive) {
    const auto n = std::int64_t(tau.size());
    lif_network net;
    net.tau = Eigen::Map<const Eigen::ArrayXd>(tau.data(), n);
    net.w = no_edges(n);
    net.w_in = Eigen::Map<const Eigen::VectorXd>(drive.data(), n);
    net.noise_sd = Eigen::ArrayXd::Zero(n);
    net.v0 = Eigen::ArrayXd::Zero(n);
    net.g_rec = 1;
    net.g_in = 1;
    net.i_bias = 0;
    net.dt = 0.01;
    return net;
}

// Reference, written out here: from reset 0 the membrane reaches threshold 1
// after tau ln(I / (I - 1)), then stays at reset for t_ref.
double closed_form_rate(double drive, double tau, double t_ref) {
    return 1 / (t_ref + tau * std::log(drive / (drive - 1)));
}

TEST(Lif, FiringRateUnderConstantDriveMatchesTheClosedForm) {
    const std::vector<double> tau = {0.05, 0.1, 0.3, 0.3, 0.5, 1.0, 0.2};
    const std::vector<double> drive = {5.0, 1.2, 1.5, 3.0, 2.0, 1.05, 1.001};
    for (const std::int64_t substeps : {10, 100}) {
        for (const double t_ref : {0.0, 0.02}) {
            lif_network net = uncoupled(tau, drive);
            net.substeps = substeps;
            net.t_ref = t_ref;
            const double h = net.h();
            const std::int64_t steps = 4000;  // 40 TU, all recorded
            const Eigen::MatrixXd u = Eigen::MatrixXd::Ones(steps, 1);
            noise_path noise{random_stream(sweep_seed, 1, purpose::noise)};
            Eigen::MatrixXd states(tau.size(), steps);
            const lif_activity a = simulate(net, u, noise, 0, states);
            ASSERT_DOUBLE_EQ(a.window, 40.0);
            for (std::size_t i = 0; i < tau.size(); ++i) {
                const double expected = closed_form_rate(drive[i], tau[i], t_ref) * a.window;
                // Spikes are checked at the end of each step of h: every interval is
                // between the exact one and one step longer (first spike from reset 0 too).
                const double isi = 1 / closed_form_rate(drive[i], tau[i], t_ref);
                const double slack = a.window * h / (isi * isi) + 1.5;
                EXPECT_NEAR(a.window_spikes[Eigen::Index(i)], expected, slack)
                    << "tau " << tau[i] << ", drive " << drive[i] << ", t_ref " << t_ref << ", h " << h;
                if (expected > 20) {
                    EXPECT_LT(a.isi_cv[Eigen::Index(i)], 0.1) << "regular firing";
                }
            }
        }
    }
}

// lif.input_form = "mean": tau_i dV/dt = -V + (tau_i / tau_mean) I, so each neuron fires as under the
// drive (tau_i / tau_mean) I in the plain equation; a neuron at the mean is unchanged, bit for bit.
TEST(Lif, TheMeanInputFormScalesEachDriveByTauOverTheMean) {
    const double tau_mean = 0.3;
    const std::vector<double> tau = {0.15, 0.3, 0.6, 0.9};
    const std::vector<double> drive = {2.4, 1.5, 1.2, 1.1};
    lif_network plain = uncoupled(tau, drive), mean = plain;
    plain.substeps = mean.substeps = 100;
    plain.t_ref = mean.t_ref = 0;
    mean.input_scale = mean.tau / tau_mean;
    const std::int64_t steps = 4000;
    const Eigen::MatrixXd u = Eigen::MatrixXd::Ones(steps, 1);
    Eigen::MatrixXd a_states(tau.size(), steps), b_states(tau.size(), steps);
    noise_path na{random_stream(sweep_seed, 1, purpose::noise)};
    noise_path nb{random_stream(sweep_seed, 1, purpose::noise)};
    const lif_activity a = simulate(plain, u, na, 0, a_states), b = simulate(mean, u, nb, 0, b_states);
    for (std::size_t i = 0; i < tau.size(); ++i) {
        const double scaled = drive[i] * tau[i] / tau_mean;
        const double h = mean.h(), isi = 1 / closed_form_rate(scaled, tau[i], 0);
        EXPECT_NEAR(b.window_spikes[Eigen::Index(i)], closed_form_rate(scaled, tau[i], 0) * b.window,
                    b.window * h / (isi * isi) + 1.5)
            << "tau " << tau[i];
    }
    EXPECT_EQ(a_states.row(1), b_states.row(1)) << "a neuron at the mean time constant is unchanged";
    EXPECT_GT(b.window_spikes[3], a.window_spikes[3]) << "a slow neuron gets more drive";
    EXPECT_LT(b.window_spikes[0], a.window_spikes[0]) << "a fast one less";
}

// 200 TU at h = 1e-4 TU: the count is within one spike and the step's bias of the closed form.
TEST(Lif, FineStepsConvergeToTheClosedForm) {
    lif_network net = uncoupled({0.3}, {1.5});
    net.t_ref = 0.02;
    net.substeps = 100;
    const std::int64_t steps = 20000;
    const Eigen::MatrixXd u = Eigen::MatrixXd::Ones(steps, 1);
    noise_path noise{random_stream(sweep_seed, 1, purpose::noise)};
    Eigen::MatrixXd states(1, steps);
    const lif_activity a = simulate(net, u, noise, 0, states);
    const double expected = closed_form_rate(1.5, 0.3, 0.02);
    EXPECT_NEAR(a.window_spikes[0] / a.window, expected, 3e-3 * expected);
}

TEST(Lif, NoSpikeBelowThreshold) {
    const std::vector<double> drive = {0.0, 0.5, 0.9, 0.999, -1.0};
    lif_network net = uncoupled({0.3, 0.05, 0.3, 0.01, 0.3}, drive);
    net.v0 = Eigen::ArrayXd::LinSpaced(Eigen::Index(drive.size()), 0.0, 0.99);
    for (const std::int64_t substeps : {1, 7}) {
        net.substeps = substeps;
        const Eigen::MatrixXd u = Eigen::MatrixXd::Ones(5000, 1);
        noise_path noise{random_stream(sweep_seed, 1, purpose::noise)};
        Eigen::MatrixXd states(drive.size(), 5000);
        const lif_activity a = simulate(net, u, noise, 0, states);
        EXPECT_EQ(a.spikes, 0);
        EXPECT_EQ(a.synaptic_events, 0);
        EXPECT_TRUE((states.array() == 0).all()) << "no spike, no readout state";
        const firing_stats f = summarise(a);
        EXPECT_EQ(f.rate_mean, 0.0);
        EXPECT_EQ(f.silent_fraction, 1.0);
        EXPECT_TRUE(std::isnan(f.isi_cv));
    }
}

// Neuron 0 fires once (a strong pulse in the first step, then t_ref longer
// than the step); neuron 1 rests at b below threshold and receives
// J = g_rec W_10. Its PSP is J tau_s / (tau_s - tau) (e^{-t/tau_s} - e^{-t/tau}),
// J t/tau e^{-t/tau} when tau = tau_s. It fires iff b + peak >= 1.
void check_psp_peak(double tau, double tau_syn) {
    const double j = 2.0;
    double peak = 0;
    for (double t = 0; t < 5 * (tau + tau_syn); t += 1e-6) {
        const double v = tau == tau_syn
                             ? j * t / tau * std::exp(-t / tau)
                             : j * tau_syn / (tau_syn - tau) * (std::exp(-t / tau_syn) - std::exp(-t / tau));
        peak = std::max(peak, v);
    }
    for (const double margin : {0.99, 1.01}) {
        const double b = 1 - margin * peak;
        lif_network net;
        net.tau = Eigen::ArrayXd(2);
        net.tau << 0.3, tau;
        net.w.n = 2;
        net.w.row_start = {0, 0, 1};  // one edge 1 <- 0
        net.w.col = {0};
        net.w.value = {j / 0.5};
        net.g_rec = 0.5;
        net.w_in = Eigen::MatrixXd::Zero(2, 2);
        net.w_in(0, 0) = 2000;
        net.w_in(1, 1) = b;
        net.noise_sd = Eigen::ArrayXd::Zero(2);
        net.v0 = Eigen::ArrayXd::Zero(2);
        net.v0[1] = b;
        net.i_bias = 0;
        net.t_ref = 0.05;
        net.tau_syn = tau_syn;
        net.dt = 0.01;
        net.substeps = 100;
        const std::int64_t steps = 200;
        Eigen::MatrixXd u(steps, 2);
        u.col(0).setZero();
        u(0, 0) = 1;
        u.col(1).setOnes();
        noise_path noise{random_stream(sweep_seed, 1, purpose::noise)};
        Eigen::MatrixXd states(2, steps);
        const lif_activity a = simulate(net, u, noise, 0, states);
        ASSERT_EQ(a.window_spikes[0], 1) << "one presynaptic spike";
        EXPECT_EQ(a.window_spikes[1], margin < 1 ? 1 : 0)
            << "tau " << tau << ", tau_syn " << tau_syn << ", peak " << peak << ", b " << b;
    }
}

TEST(Lif, PostsynapticPotentialPeak) {
    check_psp_peak(0.3, 0.05);
    check_psp_peak(0.02, 0.05);
    check_psp_peak(0.05, 0.05);  // the limit tau = tau_syn
}

// A small recurrent network with noise: the counts behind the cost estimates,
// one noise draw per neuron and dt step (as the rate network), and reruns.
TEST(Lif, CountsNoiseDrawsAndReruns) {
    const std::int64_t n = 40;
    lif_network net;
    random_stream tau_rng(sweep_seed, 1, purpose::tau);
    net.tau.resize(n);
    for (auto& t : net.tau) t = tau_rng.uniform(0.05, 0.6);
    connectivity_spec c;
    c.n = n;
    c.p = 0.2;
    c.sweep_seed = sweep_seed;
    net.w = recurrent_weights(c);
    net.w_in = input_weights(n, 3, 1.0, sweep_seed, 1);
    net.noise_sd = Eigen::ArrayXd::Constant(n, 0.3);
    net.v0 = Eigen::ArrayXd::LinSpaced(n, 0.0, 0.9);
    net.substeps = 3;
    const std::int64_t steps = 600;
    random_stream in_rng(sweep_seed, 1, purpose::input_series);
    Eigen::MatrixXd u(steps, 3);
    for (Eigen::Index t = 0; t < steps; ++t)
        for (int k = 0; k < 3; ++k) u(t, k) = std::sin(0.05 * double(t) * (k + 1)) + 0.3 * in_rng.normal();

    noise_path noise{random_stream(sweep_seed, 3, purpose::noise)};
    Eigen::MatrixXd states(n, steps);
    const lif_activity a = simulate(net, u, noise, 0, states);
    ASSERT_GT(a.spikes, 100);
    EXPECT_EQ(a.window_spikes.sum(), double(a.spikes)) << "the window is the whole run";
    std::vector<double> out_degree(n, 0);
    for (const auto j : net.w.col) out_degree[std::size_t(j)] += 1;
    double events = 0;
    for (std::int64_t j = 0; j < n; ++j) events += a.window_spikes[j] * out_degree[std::size_t(j)];
    EXPECT_EQ(double(a.synaptic_events), events);
    EXPECT_EQ(a.neuron_updates, n * steps * 3);
    EXPECT_EQ(a.steps, steps);

    random_stream reference(sweep_seed, 3, purpose::noise);
    Eigen::ArrayXd z(n);
    for (std::int64_t t = 0; t < steps; ++t) reference.fill_normal(z.data(), n);
    EXPECT_EQ(noise.stream().normal(), reference.normal())
        << "one fill_normal of n per dt step, as the rate network";

    noise_path noise2{random_stream(sweep_seed, 3, purpose::noise)};
    Eigen::MatrixXd states2(n, steps / 2);
    const lif_activity b = simulate(net, u, noise2, steps / 2, states2);
    EXPECT_TRUE((states2.array() == states.rightCols(steps / 2).array()).all()) << "bit-identical rerun";
    EXPECT_EQ(b.spikes, a.spikes);
    EXPECT_DOUBLE_EQ(b.window, 3.0);
}

TEST(Lif, SummaryOfTheActivity) {
    lif_activity a;
    a.window = 2.0;
    a.window_spikes = Eigen::ArrayXd(4);
    a.window_spikes << 0, 4, 8, 0;
    a.isi_cv = Eigen::ArrayXd(4);
    a.isi_cv << std::nan(""), 0.5, 1.5, std::nan("");
    const firing_stats f = summarise(a);
    EXPECT_DOUBLE_EQ(f.rate_mean, 1.5);  // 12 spikes / 4 neurons / 2 TU
    EXPECT_DOUBLE_EQ(f.silent_fraction, 0.5);
    EXPECT_DOUBLE_EQ(f.isi_cv, 1.0);
}

}  // namespace
}  // namespace hetsweep
