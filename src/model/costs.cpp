#include <hetsweep/model/costs.hpp>

#include <cmath>

namespace hetsweep {

double csr_bytes(const network_shape& s) {
    return 8.0 * double(s.n + 1) + (4.0 + 8.0) * double(s.nnz);
}

double rate_flops_per_step(const network_shape& s) {
    return 2.0 * double(s.nnz) + (11.0 + 2.0 * double(s.inputs)) * double(s.n);
}

double rate_memory_bytes(const network_shape& s) {
    const double n = double(s.n);
    return csr_bytes(s) + 8.0 * n * double(s.inputs) + 8.0 * 2 * n + 8.0 * 2 * n;
}

double lif_flops_per_step(const network_shape& s, const spiking_counts& c) {
    if (c.steps <= 0) return 0;
    const double n = double(s.n), steps = double(c.steps);
    const double total = steps * (2.0 + 2.0 * double(s.inputs)) * n + steps * double(c.substeps) * 7.0 * n +
                         c.spikes + c.synaptic_events;
    return total / steps;
}

double lif_memory_bytes(const network_shape& s) {
    const double n = double(s.n);
    return csr_bytes(s) + 8.0 * n * double(s.inputs) + 8.0 * 2 * n + 8.0 * 3 * n + 4.0 * n;
}

double atp_estimate(const spiking_counts& c, const atp_constants& k, double tu_seconds) {
    return k.per_spike * c.spikes + k.per_synaptic_event * c.synaptic_events +
           k.resting_per_neuron_per_s * double(c.n) * c.duration * tu_seconds;
}

chip_energy chip_energy_estimate(const spiking_counts& c, const chip_constants& k, double tu_seconds) {
    chip_energy e;
    e.dynamic_j =
        k.synaptic_event_j * c.synaptic_events + k.spike_j * c.spikes + k.neuron_update_j * c.neuron_updates;
    const double share = double(c.n) / k.neurons_per_core;
    e.cores = k.pro_rata ? share : std::ceil(share);
    e.static_j = k.static_w_per_core * e.cores * c.duration * tu_seconds;
    return e;
}

}  // namespace hetsweep
