// The leaky integrate-and-fire network (network.model = "lif"); its equations are in
// lif_network.hpp, its defaults and cost constants in docs/lif.md.

#include "network_draws.hpp"

#include <hetsweep/model/costs.hpp>
#include <hetsweep/model/evaluate.hpp>
#include <hetsweep/model/lif_network.hpp>
#include <hetsweep/model/neuron_model.hpp>
#include <hetsweep/model/noise_path.hpp>
#include <hetsweep/vocab/random.hpp>

#include <cmath>

namespace hetsweep {

lif_network make_lif_network(const point_params& p, std::uint64_t sweep_seed, const Eigen::MatrixXd& u) {
    auto net = network_with_draws<lif_network>(p, sweep_seed, u);
    // Initial potentials spread between reset and threshold: no synchronous first volley.
    random_stream init_rng(sweep_seed, std::uint64_t(p.seed), purpose::initial_state);
    net.v0.resize(p.N);
    for (Eigen::Index i = 0; i < p.N; ++i) net.v0[i] = init_rng.uniform(0.0, 1.0);
    net.substeps = p.substeps;
    net.tau_syn = p.tau_syn;
    net.t_ref = p.t_ref;
    net.i_bias = p.i_bias;
    net.tau_readout = p.tau_readout;
    // The mean the profile was drawn for; a file of time constants has its realised mean.
    if (p.lif_input_form == "mean")
        net.input_scale = net.tau / (p.tau_file.empty() ? p.tau_mean : net.tau.mean());
    return net;
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
    const bool pro_rata = p.static_share == "pro_rata";
    const chip_energy loihi2 =
        chip_energy_estimate(c,
                             {p.loihi2_synop_j, p.loihi2_spike_j, p.loihi2_neuron_update_j,
                              p.loihi2_static_w_per_core, p.loihi2_neurons_per_core, pro_rata},
                             p.tu_seconds);
    const chip_energy spinnaker2 =
        chip_energy_estimate(c,
                             {p.spinnaker2_synop_j, p.spinnaker2_spike_j, p.spinnaker2_neuron_update_j,
                              p.spinnaker2_static_w_per_core, p.spinnaker2_neurons_per_core, pro_rata},
                             p.tu_seconds);
    out.energy_loihi2_j = loihi2.total_j();
    out.energy_loihi2_static_j = loihi2.static_j;
    out.energy_loihi2_dynamic_j = loihi2.dynamic_j;
    out.energy_spinnaker2_j = spinnaker2.total_j();
    out.energy_spinnaker2_static_j = spinnaker2.static_j;
    out.energy_spinnaker2_dynamic_j = spinnaker2.dynamic_j;
}

class lif_model_type final : public neuron_model {
  public:
    const char* name() const override { return "lif"; }

    void simulate(const point_params& p, std::uint64_t sweep_seed, const Eigen::MatrixXd& u,
                  noise_path& noise, std::int64_t record_from, Eigen::Ref<Eigen::MatrixXd> states,
                  point_result& out) const override {
        const lif_network net = make_lif_network(p, sweep_seed, u);
        describe_tau(net.tau, p, out);
        const lif_activity activity = hetsweep::simulate(net, u, noise, record_from, states);
        spiking_results(p, net, activity, out);
    }
};

}  // namespace

const neuron_model& lif_model() {
    static const lif_model_type model;
    return model;
}

}  // namespace hetsweep
