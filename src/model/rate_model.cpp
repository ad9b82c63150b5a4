// The leaky-integrator rate network (network.model = "rate"); its equation is in rate_network.hpp.

#include "network_draws.hpp"

#include <hetsweep/model/costs.hpp>
#include <hetsweep/model/evaluate.hpp>
#include <hetsweep/model/neuron_model.hpp>
#include <hetsweep/model/noise_path.hpp>
#include <hetsweep/model/rate_network.hpp>
#include <hetsweep/vocab/random.hpp>

#include <cmath>

namespace hetsweep {

rate_network make_rate_network(const point_params& p, std::uint64_t sweep_seed, const Eigen::MatrixXd& u) {
    auto net = network_with_draws<rate_network>(p, sweep_seed, u);
    random_stream init_rng(sweep_seed, std::uint64_t(p.seed), purpose::initial_state);
    net.x0.resize(p.N);
    for (Eigen::Index i = 0; i < p.N; ++i) net.x0[i] = init_rng.uniform(-0.1, 0.1);
    return net;
}

namespace {

class rate_model_type final : public neuron_model {
    // The outputs of a network with time constants `tau`: their moments and the cost estimates.
    static void describe(const rate_network& net, const Eigen::ArrayXd& tau, const point_params& p,
                         point_result& out) {
        describe_tau(tau, p, out);
        const network_shape shape{net.size(), std::int64_t(net.w.nnz()), std::int64_t(net.w_in.cols())};
        out.flops_per_step = rate_flops_per_step(shape);
        out.memory_bytes = rate_memory_bytes(shape);
    }

  public:
    const char* name() const override { return "rate"; }

    void simulate(const point_params& p, std::uint64_t sweep_seed, const Eigen::MatrixXd& u,
                  noise_path& noise, std::int64_t record_from, Eigen::Ref<Eigen::MatrixXd> states,
                  point_result& out) const override {
        const rate_network net = make_rate_network(p, sweep_seed, u);
        hetsweep::simulate(net, u, noise, record_from, states);
        describe(net, net.tau, p, out);
    }

    void simulate_batch(const std::vector<point_params>& ps, std::uint64_t sweep_seed,
                        const Eigen::MatrixXd& u, noise_path& noise, std::int64_t record_from,
                        const std::vector<Eigen::Ref<Eigen::MatrixXd>>& states,
                        std::vector<point_result>& outs) const override {
        const rate_network net = make_rate_network(ps.front(), sweep_seed, u);
        std::vector<Eigen::ArrayXd> taus;
        for (const auto& p : ps) taus.push_back(draw_network_tau(p, sweep_seed));
        hetsweep::simulate_batch(net, taus, u, noise, record_from, states);
        for (std::size_t g = 0; g < ps.size(); ++g) describe(net, taus[g], ps[g], outs[g]);
    }
};

}  // namespace

const neuron_model& rate_model() {
    static const rate_model_type model;
    return model;
}

}  // namespace hetsweep
