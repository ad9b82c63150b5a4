#pragma once

// Cost estimates of one network run: FLOPs per step and bytes in silico (both
// models, counted for the code as written), ATP in vivo and joules on
// neuromorphic chips (spiking networks). Every constant is a spec key of the
// [cost] section, with its source in docs/lif.md. These are estimates from
// published per-operation figures, not measurements.

#include <cstdint>

namespace hetsweep {

struct network_shape {
    std::int64_t n = 0;       // neurons
    std::int64_t nnz = 0;     // recurrent edges
    std::int64_t inputs = 3;  // input dimensions d
};

// Bytes of recurrent weights in compressed sparse rows: int64 row starts, int32 columns, double values.
double csr_bytes(const network_shape& s);

// One dt step of the rate network as simulate() computes it, exp counted as one
// FLOP and random numbers not counted: 2 nnz (product) + n (noise) + 2 d n
// (input) + 5 n (Euler update) + 5 n (tanh) = 2 nnz + (11 + 2 d) n.
double rate_flops_per_step(const network_shape& s);
// Parameters and state the rate network's step reads: the CSR weights, the
// n x d input weights, tau and noise sd, and the state x and r (all double).
double rate_memory_bytes(const network_shape& s);

// What a spiking run did, as counted by the simulation.
struct spiking_counts {
    std::int64_t n = 0;
    std::int64_t steps = 0;     // dt steps
    std::int64_t substeps = 1;  // integration steps per dt
    double spikes = 0;
    double synaptic_events = 0;  // spikes x outgoing edges
    double neuron_updates = 0;   // neurons x integration steps
    double duration = 0;         // simulated time [TU]
};

// FLOPs per dt step of the LIF network, averaged over the run: the drive,
// (2 + 2 d) n per dt step; 7 n per integration step (membrane 5, current and
// readout decay 1 each); 1 per spike (readout) and 1 per synaptic event.
double lif_flops_per_step(const network_shape& s, const spiking_counts& c);
// The LIF network's step reads the outgoing CSR (the same size as the
// incoming one), input weights, tau and noise sd, and the state V, I and r
// (double) and the refractory counters (int32).
double lif_memory_bytes(const network_shape& s);

// Grey-matter energy budget: ATP per spike, per spike arriving at one synapse
// (release probability x ATP per released vesicle), and the resting cost.
struct atp_constants {
    double per_spike = 0;
    double per_synaptic_event = 0;
    double resting_per_neuron_per_s = 0;
};
// ATP molecules of the run, with 1 TU lasting tu_seconds of biological time.
double atp_estimate(const spiking_counts& c, const atp_constants& k, double tu_seconds);

// A neuromorphic chip: dynamic energy per operation and the static power of
// each core the network occupies; the chip runs in real time (1 TU =
// tu_seconds) with one neuron update per integration step.
struct chip_constants {
    double synaptic_event_j = 0;
    double spike_j = 0;
    double neuron_update_j = 0;
    double static_w_per_core = 0;
    double neurons_per_core = 1;
    // Static power for the share of the cores the neurons fill (n / neurons_per_core cores), or for
    // every core they touch, whole (ceil of it): the network on a chip it shares, or alone.
    bool pro_rata = true;
};
struct chip_energy {
    double dynamic_j = 0;
    double static_j = 0;
    double cores = 0;  // charged: fractional when pro rata
    double total_j() const { return dynamic_j + static_j; }
};
chip_energy chip_energy_estimate(const spiking_counts& c, const chip_constants& k, double tu_seconds);

}  // namespace hetsweep
