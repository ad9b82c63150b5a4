#include <hetsweep/model/rate_network.hpp>

#include <hetsweep/model/random.hpp>

namespace hetsweep {

Eigen::ArrayXd noise_sd_from_drive(const Eigen::MatrixXd& w_in, double g_in, const Eigen::MatrixXd& u,
                                   double fraction) {
    // Var_t(Win_i u) = Win_i C Win_i' with C the covariance of u over time.
    const Eigen::MatrixXd centred = u.rowwise() - u.colwise().mean();
    const Eigen::MatrixXd cov = centred.transpose() * centred / double(u.rows());
    const Eigen::ArrayXd var = ((w_in * cov).array() * w_in.array()).rowwise().sum() * (g_in * g_in);
    return (fraction * var.max(0.0)).sqrt();
}

void simulate(const rate_network& net, const Eigen::MatrixXd& u, random_stream& noise, std::int64_t record_from,
              Eigen::Ref<Eigen::MatrixXd> states) {
    const std::int64_t n = net.size();
    const std::int64_t last = record_from + states.cols();
    // Derived constants: the step loop applies these only.
    const Eigen::ArrayXd a = net.dt / net.tau;
    const Eigen::MatrixXd w_in = net.g_in * net.w_in;
    const bool noisy = (net.noise_sd > 0).any();

    Eigen::ArrayXd x = net.x0;
    Eigen::ArrayXd r = net.phi == transfer::tanh ? fast_tanh(x) : x;
    Eigen::ArrayXd h(n), z = Eigen::ArrayXd::Zero(n);
    for (std::int64_t t = 0; t < last; ++t) {
        net.w.multiply(r.data(), h.data());
        if (noisy)
            for (std::int64_t i = 0; i < n; ++i) z[i] = noise.normal();
        const Eigen::ArrayXd drive = (w_in * u.row(t).transpose()).array();
        x += a * (net.g_rec * h - x + drive + net.noise_sd * z);
        r = net.phi == transfer::tanh ? fast_tanh(x) : x;
        if (t >= record_from) states.col(t - record_from) = r.matrix();
    }
}

}  // namespace hetsweep
