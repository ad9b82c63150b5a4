#include "network_draws.hpp"

#include <hetsweep/model/evaluate.hpp>
#include <hetsweep/model/rate_network.hpp>
#include <hetsweep/model/tau_profile.hpp>
#include <hetsweep/vocab/random.hpp>

#include <algorithm>
#include <cmath>

namespace hetsweep {

Eigen::ArrayXd draw_network_tau(const point_params& p, std::uint64_t sweep_seed) {
    random_stream tau_rng(sweep_seed, std::uint64_t(p.seed), purpose::tau);
    if (!p.tau_file.empty())
        return file_tau(p.tau_file, p.tau_file_mode == "pool", p.N, p.tau_floor, tau_rng);
    const auto match = parse_name(tau_match_names, p.match);
    tau_spec spec;
    spec.profile = parse_tau_profile(p.profile);
    spec.mean = p.tau_mean;
    spec.cv = p.cv;
    spec.skew = p.skew;
    spec.match = match.value_or(tau_match::empirical);
    spec.floor = p.tau_floor;
    return draw_tau(spec, p.N, tau_rng);
}

network_draws draw_network(const point_params& p, std::uint64_t sweep_seed, const Eigen::MatrixXd& u) {
    const auto seed = std::uint64_t(p.seed);
    network_draws d;
    d.tau = draw_network_tau(p, sweep_seed);
    d.w = recurrent_weights({p.N, p.p, p.balanced, p.prune, sweep_seed, seed});
    d.w_in = input_weights(p.N, int(u.cols()), p.input_fraction, sweep_seed, seed);
    // White noise of intensity noise * Var(drive) * noise_window per TU: held over a step of dt, its sd
    // is that over sqrt(dt), so its effect on the network does not depend on dt (Euler-Maruyama).
    // Var(drive) is taken over the samples before the test window, as the input's scaling is.
    const Eigen::Index before_test = std::min<Eigen::Index>(u.rows(), make_timeline(p).test_from());
    d.noise_sd = noise_sd_from_drive(d.w_in, p.g_in, u.topRows(before_test), p.noise) *
                 std::sqrt(p.noise_window / p.dt);
    return d;
}

void describe_tau(const Eigen::ArrayXd& tau, const point_params& p, point_result& out) {
    out.tau = sample_moments(tau);
    out.tau_floor_fraction = tau.size() ? (tau <= p.tau_floor).cast<double>().mean() : 0.0;
}

}  // namespace hetsweep
