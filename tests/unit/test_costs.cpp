// Cost formulas on a network small enough to count by hand (3 neurons, 4
// edges, 2 inputs), and a whole spiking point whose ATP and chip energies
// must follow from its own counts.

#include <hetsweep/model/costs.hpp>
#include <hetsweep/model/evaluate.hpp>
#include <hetsweep/model/outputs.hpp>

#include <gtest/gtest.h>

#include "unit/small_point.hpp"

#include <cmath>

namespace hetsweep {
namespace {

const network_shape small{3, 4, 2};

TEST(Costs, InSilicoByHand) {
    // CSR: 4 int64 row starts (32 B) + 4 int32 columns (16 B) + 4 double values (32 B).
    EXPECT_DOUBLE_EQ(csr_bytes(small), 80.0);
    // Per step: 4 multiply-adds (8) + noise 3 + input 2 x 2 x 3 (12) + Euler 5 x 3 (15) + tanh 5 x 3 (15).
    EXPECT_DOUBLE_EQ(rate_flops_per_step(small), 53.0);
    // CSR 80 + input weights 6 doubles (48) + tau, noise sd (48) + x, r (48).
    EXPECT_DOUBLE_EQ(rate_memory_bytes(small), 224.0);
    // CSR 80 + input weights 48 + tau, noise sd 48 + V, I, r 72 + 3 int32 counters 12.
    EXPECT_DOUBLE_EQ(lif_memory_bytes(small), 260.0);

    spiking_counts c;
    c.n = 3;
    c.steps = 10;
    c.substeps = 2;
    c.spikes = 5;
    c.synaptic_events = 7;
    // 10 steps x drive (2 + 4) x 3 = 180; 20 integration steps x 7 x 3 = 420; + 5 + 7.
    EXPECT_DOUBLE_EQ(lif_flops_per_step(small, c), 612.0 / 10);
}

TEST(Costs, AtpAndChipEnergyByHand) {
    spiking_counts c;
    c.n = 3;
    c.spikes = 5;
    c.synaptic_events = 7;
    c.neuron_updates = 60;
    c.duration = 2.0;  // TU
    const atp_constants atp{1e8, 1e4, 3e8};
    // 5e8 + 7e4 + 3e8 ATP/s x 3 neurons x 2 TU x 0.1 s
    EXPECT_DOUBLE_EQ(atp_estimate(c, atp, 0.1), 5e8 + 7e4 + 1.8e8);

    const chip_constants whole{2e-11, 3e-12, 5e-11, 1e-3, 2, false};
    const chip_energy e = chip_energy_estimate(c, whole, 0.1);
    EXPECT_EQ(e.cores, 2) << "3 neurons at 2 per core: 2 whole cores";
    EXPECT_DOUBLE_EQ(e.dynamic_j, 7 * 2e-11 + 5 * 3e-12 + 60 * 5e-11);
    EXPECT_DOUBLE_EQ(e.static_j, 1e-3 * 2 * 2.0 * 0.1);
    EXPECT_DOUBLE_EQ(e.total_j(), e.dynamic_j + e.static_j);
    chip_constants share = whole;
    share.pro_rata = true;
    const chip_energy f = chip_energy_estimate(c, share, 0.1);
    EXPECT_EQ(f.cores, 1.5) << "3 neurons fill 1.5 cores";
    EXPECT_DOUBLE_EQ(f.static_j, 1e-3 * 1.5 * 2.0 * 0.1);
    EXPECT_EQ(f.dynamic_j, e.dynamic_j) << "the dynamic part does not depend on the static share";
}

// The shared cheap point (unit/small_point.hpp), a little larger and longer so that a LIF network of
// it fires.
point_params small_point(const std::string& model) {
    point_params p = test::small_point();
    p.model = model;
    p.N = 30;
    p.train = 6;
    return p;
}

double metric(const point_result& r, const std::string& name) {
    for (const auto* o : outputs_of(output_shape::per_point))
        if (name == o->name) return o->scalar(r);
    ADD_FAILURE() << "no metric " << name;
    return std::nan("");
}

TEST(Costs, SpikingPointFollowsItsCounts) {
    const point_params p = small_point("lif");
    const point_result r = evaluator(3).run(p);
    const timeline_steps tl = make_timeline(p);
    const double steps = double(tl.test_from() + tl.test), duration = steps * p.dt;
    ASSERT_GT(r.spikes, 0.0);
    EXPECT_GT(r.synaptic_events, r.spikes) << "p N = 3 targets per neuron on average";
    EXPECT_DOUBLE_EQ(metric(r, "atp"),
                     p.atp_per_spike * r.spikes + p.atp_per_synaptic_event * r.synaptic_events +
                         p.atp_resting_per_neuron_per_s * double(p.N) * duration * p.tu_seconds);
    const double neuron_updates = double(p.N) * steps * double(p.substeps);
    // Static power pro rata (the default): N / neurons_per_core of a core.
    const double loihi2_dynamic = p.loihi2_synop_j * r.synaptic_events + p.loihi2_spike_j * r.spikes +
                                  p.loihi2_neuron_update_j * neuron_updates;
    const double loihi2_static =
        p.loihi2_static_w_per_core * double(p.N) / p.loihi2_neurons_per_core * duration * p.tu_seconds;
    EXPECT_NEAR(metric(r, "energy_loihi2_dynamic_j"), loihi2_dynamic, 1e-15);
    EXPECT_NEAR(metric(r, "energy_loihi2_static_j"), loihi2_static, 1e-15);
    EXPECT_NEAR(metric(r, "energy_loihi2_j"), loihi2_dynamic + loihi2_static, 1e-15);
    EXPECT_NEAR(metric(r, "energy_spinnaker2_j"),
                p.spinnaker2_synop_j * r.synaptic_events + p.spinnaker2_spike_j * r.spikes +
                    p.spinnaker2_neuron_update_j * neuron_updates +
                    p.spinnaker2_static_w_per_core * double(p.N) / p.spinnaker2_neurons_per_core * duration *
                        p.tu_seconds,
                1e-15);
    // Per whole core: one Loihi 2 core for 30 neurons.
    point_params whole = p;
    whole.static_share = "core";
    const point_result w = evaluator(3).run(whole);
    EXPECT_NEAR(metric(w, "energy_loihi2_static_j"), p.loihi2_static_w_per_core * duration * p.tu_seconds,
                1e-15);
    EXPECT_GT(metric(r, "rate_mean"), 0.0);
    EXPECT_GE(metric(r, "silent_fraction"), 0.0);
    EXPECT_LT(metric(r, "silent_fraction"), 1.0);
    EXPECT_GT(metric(r, "flops_per_step"), 0.0);
    EXPECT_GT(metric(r, "participation_ratio"), 1.0);
    EXPECT_EQ(r.alignment.size(), r.r2.size());
}

TEST(Costs, RateNetworksHaveNoSpikingCosts) {
    const point_result r = evaluator(3).run(small_point("rate"));
    for (const char* name :
         {"rate_mean", "silent_fraction", "isi_cv", "spikes", "synaptic_events", "atp", "energy_loihi2_j",
          "energy_spinnaker2_j", "energy_loihi2_static_j", "energy_loihi2_dynamic_j",
          "energy_spinnaker2_static_j", "energy_spinnaker2_dynamic_j"})
        EXPECT_TRUE(std::isnan(metric(r, name))) << name;
    EXPECT_GT(metric(r, "flops_per_step"), 11.0 * 30);
    EXPECT_GT(metric(r, "memory_bytes"), 8.0 * 30 * 3);
    EXPECT_TRUE(std::isfinite(metric(r, "participation_ratio")));
    EXPECT_TRUE(r.alignment.allFinite());
}

}  // namespace
}  // namespace hetsweep
