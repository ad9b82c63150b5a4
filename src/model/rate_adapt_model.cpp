// The rate network with an adaptation current (network.model = "rate_adapt"). Each neuron of the
// rate network (rate_network.hpp) carries an adaptation current a_i driven by its own rate:
//   tau_i   dx_i/dt = -x_i + g_rec sum_j W_ij r_j + g_in sum_k Win_ik u_k(t) + eta_i(t) - a_i
//   tau_a   da_i/dt = -a_i + strength r_i,          r_i = tanh(x_i)
// both by forward Euler at dt, a from 0. The draws (tau, weights, input weights, noise, initial
// state) are the rate network's of the same seed, so strength 0 is the rate network bit for bit.
// Its words and rules are src/vocab/rate_adapt_rules.cpp.

#include "network_draws.hpp"

#include <hetsweep/model/costs.hpp>
#include <hetsweep/model/evaluate.hpp>
#include <hetsweep/model/neuron_model.hpp>
#include <hetsweep/model/noise_path.hpp>
#include <hetsweep/model/rate_network.hpp>
#include <hetsweep/vocab/random.hpp>

#include <vector>

namespace hetsweep {

namespace {

// Element-wise arrays padded to whole vector registers, as the rate network's step loop does, so that
// every element takes the same (vectorised) path through tanh and strength 0 matches it bit for bit.
constexpr std::int64_t pad_to = 16;

void simulate_adapting(const rate_network& net, double tau_a, double strength, const Eigen::MatrixXd& u,
                       noise_path& noise, std::int64_t record_from, Eigen::Ref<Eigen::MatrixXd> states) {
    const std::int64_t n = net.size(), padded = (n + pad_to - 1) / pad_to * pad_to;
    const std::int64_t last = record_from + states.cols();
    // Derived constants: the step loop applies these only.
    Eigen::ArrayXd a = Eigen::ArrayXd::Zero(padded), keep = Eigen::ArrayXd::Zero(padded);
    Eigen::ArrayXd x = Eigen::ArrayXd::Zero(padded);
    for (std::int64_t i = 0; i < n; ++i) {
        a[i] = net.dt / net.tau[i];
        keep[i] = 1 - a[i];
        x[i] = net.x0[i];
    }
    const double decay = 1 - net.dt / tau_a, gain = net.dt / tau_a * strength;
    const Eigen::MatrixXd w_in = net.g_in * net.w_in;
    const Eigen::MatrixXd u_rows = u.transpose();
    const bool noisy = (net.noise_sd > 0).any();
    Eigen::ArrayXd r(padded), h = Eigen::ArrayXd::Zero(padded), drive_all = Eigen::ArrayXd::Zero(padded);
    Eigen::ArrayXd adaptation = Eigen::ArrayXd::Zero(padded);
    Eigen::ArrayXd drive(n), z = Eigen::ArrayXd::Zero(n);
    double lanes[4];
    fast_tanh(x, r);
    for (std::int64_t t = 0; t < last; ++t) {
        net.w.multiply_batch(r.data(), std::integral_constant<std::int64_t, 1>{}, h.data(), lanes);
        if (noisy) noise.fill_normal(z.data(), n);
        drive = net.noise_sd * z;
        for (Eigen::Index k = 0; k < u.cols(); ++k) drive += w_in.col(k).array() * u_rows(k, t);
        drive_all.head(n) = drive;
        x = keep * x + a * (net.g_rec * h + drive_all - adaptation);
        adaptation = decay * adaptation + gain * r;  // driven by the rate before this step's update
        fast_tanh(x, r);
        if (t >= record_from) states.col(t - record_from) = r.head(n).matrix();
    }
}

class rate_adapt_model_type final : public neuron_model {
  public:
    const char* name() const override { return "rate_adapt"; }

    void simulate(const point_params& p, std::uint64_t sweep_seed, const Eigen::MatrixXd& u,
                  noise_path& noise, std::int64_t record_from, Eigen::Ref<Eigen::MatrixXd> states,
                  point_result& out) const override {
        const rate_network net = make_rate_network(p, sweep_seed, u);
        simulate_adapting(net, p.adapt_tau, p.adapt_strength, u, noise, record_from, states);
        describe_tau(net.tau, p, out);
        const network_shape shape{net.size(), std::int64_t(net.w.nnz()), std::int64_t(net.w_in.cols())};
        out.flops_per_step = rate_flops_per_step(shape) + 4 * double(net.size());
        out.memory_bytes = rate_memory_bytes(shape) + 8 * double(net.size());
    }
};

}  // namespace

const neuron_model& rate_adapt_model() {
    static const rate_adapt_model_type model;
    return model;
}

}  // namespace hetsweep
