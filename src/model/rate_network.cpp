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

void simulate(const rate_network& net, const Eigen::MatrixXd& u, random_stream& noise,
              std::int64_t record_from, Eigen::Ref<Eigen::MatrixXd> states) {
    const std::int64_t n = net.size();
    const Eigen::Index d = u.cols();
    const std::int64_t last = record_from + states.cols();
    // Derived constants: the step loop applies these only.
    const Eigen::ArrayXd a = net.dt / net.tau;
    const Eigen::ArrayXd keep = 1 - a;
    const Eigen::MatrixXd w_in = net.g_in * net.w_in;
    const Eigen::MatrixXd u_rows = u.transpose();  // one contiguous column per step
    const bool noisy = (net.noise_sd > 0).any();

    Eigen::ArrayXd x = net.x0, r(n), h(n), drive(n), z = Eigen::ArrayXd::Zero(n);
    const auto apply_phi = [&] {
        if (net.phi == transfer::tanh)
            fast_tanh(x, r);
        else
            r = x;
    };
    apply_phi();
    for (std::int64_t t = 0; t < last; ++t) {
        net.w.multiply(r.data(), h.data());
        if (noisy) noise.fill_normal(z.data(), n);
        drive = net.noise_sd * z;
        for (Eigen::Index k = 0; k < d; ++k) drive += w_in.col(k).array() * u_rows(k, t);
        x = keep * x + a * (net.g_rec * h + drive);
        apply_phi();
        if (t >= record_from) states.col(t - record_from) = r.matrix();
    }
}

}  // namespace hetsweep
