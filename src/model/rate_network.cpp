#include <hetsweep/model/rate_network.hpp>

#include <hetsweep/model/noise_path.hpp>
#include <hetsweep/vocab/random.hpp>

#include <stdexcept>
#include <string>
#include <type_traits>

namespace hetsweep {

Eigen::ArrayXd noise_sd_from_drive(const Eigen::MatrixXd& w_in, double g_in, const Eigen::MatrixXd& u,
                                   double fraction) {
    // Var_t(Win_i u) = Win_i C Win_i' with C the covariance of u over time.
    const Eigen::MatrixXd centred = u.rowwise() - u.colwise().mean();
    const Eigen::MatrixXd cov = centred.transpose() * centred / double(u.rows());
    const Eigen::ArrayXd var = ((w_in * cov).array() * w_in.array()).rowwise().sum() * (g_in * g_in);
    return (fraction * var.max(0.0)).sqrt();
}

namespace {

// Element-wise arrays are padded to whole vector registers, so that every element goes through
// the same (vectorised) code whatever the batch size: no element falls into a scalar tail.
constexpr std::int64_t pad_to = 16;

}  // namespace

void simulate(const rate_network& net, const Eigen::MatrixXd& u, noise_path& noise, std::int64_t record_from,
              Eigen::Ref<Eigen::MatrixXd> states) {
    simulate_batch(net, {net.tau}, u, noise, record_from, {states});
}

namespace {

// The step loop of simulate_batch for `members` networks: a compile-time count for the usual batch
// sizes, so that the loops over the members unroll (a run-time count of 1 costs twice the time of
// one network), and a run-time one for the rest. The arithmetic is the same either way.
template <class Members>
void run_batch(const rate_network& net, const std::vector<Eigen::ArrayXd>& taus, const Eigen::MatrixXd& u,
               noise_path& noise, std::int64_t record_from,
               const std::vector<Eigen::Ref<Eigen::MatrixXd>>& states, Members members) {
    const std::int64_t n = net.size(), G = members;
    const Eigen::Index d = u.cols();
    const std::int64_t recorded = states.empty() ? 0 : states.front().cols();
    const std::int64_t last = record_from + recorded;
    const std::int64_t padded = (n * G + pad_to - 1) / pad_to * pad_to;
    // Derived constants: the step loop applies these only. Element i G + g is neuron i of member g.
    Eigen::ArrayXd a = Eigen::ArrayXd::Zero(padded), keep = Eigen::ArrayXd::Zero(padded);
    Eigen::ArrayXd x = Eigen::ArrayXd::Zero(padded);
    for (std::int64_t g = 0; g < G; ++g)
        for (std::int64_t i = 0; i < n; ++i) {
            a[i * G + g] = net.dt / taus[std::size_t(g)][i];
            keep[i * G + g] = 1 - a[i * G + g];
            x[i * G + g] = net.x0[i];
        }
    const Eigen::MatrixXd w_in = net.g_in * net.w_in;
    const Eigen::MatrixXd u_rows = u.transpose();  // one contiguous column per step
    const bool noisy = (net.noise_sd > 0).any();

    Eigen::ArrayXd r(padded), h = Eigen::ArrayXd::Zero(padded), drive_all = Eigen::ArrayXd::Zero(padded);
    Eigen::ArrayXd drive(n), z = Eigen::ArrayXd::Zero(n);
    std::vector<double> lanes(std::size_t(4 * G));
    const auto apply_phi = [&] {
        if (net.phi == transfer::tanh)
            fast_tanh(x, r);
        else
            r = x;
    };
    apply_phi();
    for (std::int64_t t = 0; t < last; ++t) {
        net.w.multiply_batch(r.data(), members, h.data(), lanes.data());
        if (noisy) noise.fill_normal(z.data(), n);
        drive = net.noise_sd * z;  // the noise and the input drive: once for the batch
        for (Eigen::Index k = 0; k < d; ++k) drive += w_in.col(k).array() * u_rows(k, t);
        for (std::int64_t i = 0; i < n; ++i)
            for (std::int64_t g = 0; g < G; ++g) drive_all[i * G + g] = drive[i];
        x = keep * x + a * (net.g_rec * h + drive_all);
        apply_phi();
        if (t < record_from) continue;
        for (std::int64_t g = 0; g < G; ++g) {
            Eigen::Ref<Eigen::MatrixXd> member = states[std::size_t(g)];  // a view: writes go to the caller's
            for (std::int64_t i = 0; i < n; ++i) member(i, t - record_from) = r[i * G + g];
        }
    }
}

template <std::int64_t K>
using members_t = std::integral_constant<std::int64_t, K>;

}  // namespace

void simulate_batch(const rate_network& net, const std::vector<Eigen::ArrayXd>& taus,
                    const Eigen::MatrixXd& u, noise_path& noise, std::int64_t record_from,
                    const std::vector<Eigen::Ref<Eigen::MatrixXd>>& states) {
    if (states.size() != taus.size())
        throw std::invalid_argument("simulate_batch: " + std::to_string(taus.size()) + " members, " +
                                    std::to_string(states.size()) + " state matrices");
    switch (taus.size()) {
        case 1:
            return run_batch(net, taus, u, noise, record_from, states, members_t<1>{});
        case 2:
            return run_batch(net, taus, u, noise, record_from, states, members_t<2>{});
        case 3:
            return run_batch(net, taus, u, noise, record_from, states, members_t<3>{});
        case 4:
            return run_batch(net, taus, u, noise, record_from, states, members_t<4>{});
        case 5:
            return run_batch(net, taus, u, noise, record_from, states, members_t<5>{});
        case 6:
            return run_batch(net, taus, u, noise, record_from, states, members_t<6>{});
        case 7:
            return run_batch(net, taus, u, noise, record_from, states, members_t<7>{});
        case 8:
            return run_batch(net, taus, u, noise, record_from, states, members_t<8>{});
        default:
            return run_batch(net, taus, u, noise, record_from, states, std::int64_t(taus.size()));
    }
}

}  // namespace hetsweep
