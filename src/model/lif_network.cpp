#include <hetsweep/model/lif_network.hpp>

#include <hetsweep/model/noise_path.hpp>
#include <hetsweep/vocab/random.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace hetsweep {

namespace {

// Outgoing edges of each neuron (the transpose of the incoming rows), with
// g_rec folded into the weights: a spike of j adds weight[e] to I[target[e]].
struct outgoing_edges {
    std::vector<std::int64_t> start;
    std::vector<std::int32_t> target;
    std::vector<double> weight;
};

outgoing_edges transpose(const sparse_weights& w, double gain) {
    outgoing_edges out;
    out.start.assign(std::size_t(w.n) + 1, 0);
    for (const auto j : w.col) ++out.start[std::size_t(j) + 1];
    for (std::int64_t j = 0; j < w.n; ++j) out.start[j + 1] += out.start[j];
    out.target.resize(w.nnz());
    out.weight.resize(w.nnz());
    std::vector<std::int64_t> next(out.start.begin(), out.start.end() - 1);
    for (std::int64_t i = 0; i < w.n; ++i) {
        for (std::int64_t e = w.row_start[i]; e < w.row_start[i + 1]; ++e) {
            const auto k = next[std::size_t(w.col[e])]++;
            out.target[k] = std::int32_t(i);
            out.weight[k] = gain * w.value[e];
        }
    }
    return out;
}

// The membrane's response over one step h to a synaptic current of 1 at the
// step's start decaying with tau_syn: tau_syn / (tau_syn - tau) (e^{-h/tau_syn} - e^{-h/tau}),
// written with expm1 so that it stays exact as tau approaches tau_syn (limit h/tau e^{-h/tau}).
double current_to_voltage(double h, double tau, double tau_syn) {
    const double x = h * (1 / tau - 1 / tau_syn);
    const double ratio = x == 0 ? 1.0 : std::expm1(x) / x;
    return h / tau * std::exp(-h / tau) * ratio;
}

}  // namespace

firing_stats summarise(const lif_activity& a) {
    firing_stats s;
    const auto n = a.window_spikes.size();
    if (n == 0 || a.window <= 0) return s;
    s.rate_mean = a.window_spikes.mean() / a.window;
    s.silent_fraction = double((a.window_spikes == 0).count()) / double(n);
    double sum = 0;
    int counted = 0;
    for (Eigen::Index i = 0; i < a.isi_cv.size(); ++i) {
        if (std::isnan(a.isi_cv[i])) continue;
        sum += a.isi_cv[i];
        ++counted;
    }
    s.isi_cv = counted ? sum / counted : std::numeric_limits<double>::quiet_NaN();
    return s;
}

lif_activity simulate(const lif_network& net, const Eigen::MatrixXd& u, noise_path& noise,
                      std::int64_t record_from, Eigen::Ref<Eigen::MatrixXd> states) {
    const std::int64_t n = net.size();
    const Eigen::Index d = u.cols();
    const std::int64_t last = record_from + states.cols();
    const std::int64_t substeps = net.substeps;
    const double h = net.h();

    // Derived constants (NEST's propagators): the step loop applies these only.
    const Eigen::ArrayXd p22 = (-h / net.tau).exp();  // membrane decay
    const Eigen::ArrayXd p20 = -(-h / net.tau).unaryExpr([](double x) { return std::expm1(x); });  // drive
    Eigen::ArrayXd p21(n);  // synaptic current -> membrane
    for (std::int64_t i = 0; i < n; ++i) p21[i] = current_to_voltage(h, net.tau[i], net.tau_syn);
    // lif.input_form = "mean": each input scaled by tau_i / tau_mean; the default scales nothing, so its
    // propagators are those of the plain equation, bit for bit.
    Eigen::ArrayXd p20_scaled = p20;
    if (net.input_scale.size()) {
        p20_scaled *= net.input_scale;
        p21 *= net.input_scale;
    }
    const double p11 = std::exp(-h / net.tau_syn);
    const double readout_decay = std::exp(-h / net.tau_readout);
    const double readout_jump = 1 / net.tau_readout;  // so that r estimates the rate [1/TU]
    const auto refractory_steps = static_cast<int>(std::llround(net.t_ref / h));
    const outgoing_edges out = transpose(net.w, net.g_rec);
    const Eigen::MatrixXd w_in = net.g_in * net.w_in;
    const Eigen::MatrixXd u_rows = u.transpose();  // one contiguous column per step
    const bool noisy = (net.noise_sd > 0).any();

    Eigen::ArrayXd v = net.v0, current = Eigen::ArrayXd::Zero(n), r = Eigen::ArrayXd::Zero(n);
    Eigen::ArrayXd drive(n), z = Eigen::ArrayXd::Zero(n);
    Eigen::ArrayXi refractory = Eigen::ArrayXi::Zero(n);
    std::vector<std::int32_t> fired;
    fired.reserve(std::size_t(n));

    lif_activity a;
    a.steps = last;
    a.window = double(states.cols()) * net.dt;
    a.window_spikes = Eigen::ArrayXd::Zero(n);
    // Inter-spike intervals in the window, in integration steps (integers, so the sums are exact).
    std::vector<std::int64_t> last_spike(std::size_t(n), -1);
    Eigen::ArrayXd isi_sum = Eigen::ArrayXd::Zero(n), isi_sq = Eigen::ArrayXd::Zero(n);
    Eigen::ArrayXd isi_count = Eigen::ArrayXd::Zero(n);

    for (std::int64_t t = 0; t < last; ++t) {
        if (noisy) noise.fill_normal(z.data(), n);
        drive = net.i_bias + net.noise_sd * z;
        for (Eigen::Index k = 0; k < d; ++k) drive += w_in.col(k).array() * u_rows(k, t);
        const bool in_window = t >= record_from;
        for (std::int64_t s = 0; s < substeps; ++s) {
            // Integrate from the state at the step's start, then let the current decay.
            v = (refractory > 0).select(v, p22 * v + p21 * current + p20_scaled * drive);
            refractory = (refractory - 1).max(0);
            current *= p11;
            r *= readout_decay;
            fired.clear();
            for (std::int64_t i = 0; i < n; ++i) {
                if (v[i] < lif_network::threshold) continue;
                v[i] = lif_network::reset;
                refractory[i] = refractory_steps;
                fired.push_back(std::int32_t(i));
            }
            // Spikes reach their targets at the end of the step: they act from the next step on.
            const std::int64_t step = t * substeps + s;
            for (const auto j : fired) {
                for (auto e = out.start[std::size_t(j)]; e < out.start[std::size_t(j) + 1]; ++e)
                    current[out.target[std::size_t(e)]] += out.weight[std::size_t(e)];
                a.synaptic_events += out.start[std::size_t(j) + 1] - out.start[std::size_t(j)];
                r[j] += readout_jump;
                if (!in_window) continue;
                a.window_spikes[j] += 1;
                auto& previous = last_spike[std::size_t(j)];
                if (previous >= 0) {
                    const double isi = double(step - previous);
                    isi_sum[j] += isi;
                    isi_sq[j] += isi * isi;
                    isi_count[j] += 1;
                }
                previous = step;
            }
            a.spikes += std::int64_t(fired.size());
        }
        if (in_window) states.col(t - record_from) = r.matrix();
    }
    a.neuron_updates = n * last * substeps;
    a.isi_cv.resize(n);
    for (std::int64_t i = 0; i < n; ++i) {
        if (isi_count[i] < 2) {
            a.isi_cv[i] = std::numeric_limits<double>::quiet_NaN();
            continue;
        }
        const double mean = isi_sum[i] / isi_count[i];
        const double var = std::max(0.0, isi_sq[i] / isi_count[i] - mean * mean);
        a.isi_cv[i] = std::sqrt(var) / mean;
    }
    return a;
}

}  // namespace hetsweep
