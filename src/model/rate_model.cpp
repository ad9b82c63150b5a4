// The leaky-integrator rate network (network.model = "rate"); its equation is in rate_network.hpp.

#include "network_draws.hpp"

#include <hetsweep/model/costs.hpp>
#include <hetsweep/model/evaluate.hpp>
#include <hetsweep/model/neuron_model.hpp>
#include <hetsweep/model/random.hpp>
#include <hetsweep/model/rate_network.hpp>

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
  public:
    const char* name() const override { return "rate"; }
    const char* description() const override { return "leaky-integrator rate network, tanh, forward Euler"; }
    std::vector<std::string> own_sections() const override { return {}; }

    void simulate(const point_params& p, std::uint64_t sweep_seed, const Eigen::MatrixXd& u,
                  random_stream& noise, std::int64_t record_from, Eigen::Ref<Eigen::MatrixXd> states,
                  point_result& out) const override {
        const rate_network net = make_rate_network(p, sweep_seed, u);
        describe_tau(net.tau, p, out);
        hetsweep::simulate(net, u, noise, record_from, states);
        const network_shape shape{p.N, std::int64_t(net.w.nnz()), std::int64_t(net.w_in.cols())};
        out.flops_per_step = rate_flops_per_step(shape);
        out.memory_bytes = rate_memory_bytes(shape);
    }

    // Per step and neuron: the sparse product (2 p N (1 - prune)) and about 40 for the noise draw,
    // the input drive, the update and tanh.
    double simulation_cost(const point_params& p) const override {
        const double steps = std::round((p.washout + p.train + p.test + 2 * p.margin) / p.dt);
        return steps * double(p.N) * (2 * p.p * double(p.N) * (1 - p.prune) + 40);
    }
};

}  // namespace

const neuron_model& rate_model() {
    static const rate_model_type model;
    return model;
}

}  // namespace hetsweep
