#pragma once

// The full parameter set of one network and its benchmark: one grid point.
// Defaults are those of docs/model.md; every field is a spec key of the same name
// (the section a key lives in is given in sweep/param_table.cpp).

#include <cstdint>
#include <string>

namespace hetsweep {

struct point_params {
    // [network]
    std::string model = "rate";   // "rate" (leaky integrator), "rate_adapt" (with adaptation) or "lif"
    std::int64_t seed = 1;        // network seed: weights, input weights, initial state, noise, tau draws
    std::int64_t N = 200;         // neurons
    double p = 0.1;               // connection probability of each directed edge
    bool balanced = false;        // each row's mean over its edges is set to zero
    double g_rec = 0.9;           // recurrent gain; weights N(0, 1/(p N)) so 1 is the edge of chaos
    double g_in = 1.0;            // input gain; input weights N(0, 1/D)
    double input_fraction = 1.0;  // fraction of neurons that receive the input
    double prune = 0.0;           // fraction of recurrent edges removed
    double noise = 0.1;           // variance of the noise averaged over noise_window / variance of the drive
    double noise_window = 0.01;   // [TU] white noise: the per-step sd is sqrt(noise_window / dt) times that
    double dt = 0.01;             // integration step [TU]
    // "independent": each step's noise drawn afresh; "shared": one Brownian path on steps of
    // noise_window that every dt samples (model/noise_path.hpp)
    std::string noise_path = "independent";

    // [tau]
    std::string profile = "lognormal";   // lognormal, gamma, uniform, normal, pearson3
    double cv = 0.0;                     // heterogeneity level std/mean; 0 is homogeneous
    double skew = 0.0;                   // skewness of the pearson3 profile (0: normal)
    double tau_mean = 0.3;               // mean membrane time constant [TU]
    std::string tau_file;                // "": draw from the profile; else time constants read from this file
    std::string tau_file_mode = "pool";  // "pool": N draws with replacement; "values": its N values in order
    double tau_floor = 0.01;             // [TU] no time constant below this; at least dt for the rate model
    std::string match = "empirical";     // "empirical": rescaled to the exact mean/std; "truncated"; "none"

    // [input]
    std::int64_t input_seed = 1;  // seed of the input realisation
    double lorenz_sigma = 10.0;
    double lorenz_rho = 28.0;
    double lorenz_beta = 8.0 / 3.0;
    double transient = 50.0;   // discarded start of the Lorenz trajectory [TU]
    double input_step = 0.01;  // [TU] the Lorenz integrator's own step: the input does not depend on dt

    // [timeline] (all in TU)
    double washout = 20.0;
    double train = 100.0;
    double test = 50.0;
    double margin = 2.0;  // so that u(t + Delta) exists for every task; must be >= 2

    // [readout]
    // Defaults chosen by the criterion in jobs/calibrate_readout.toml (docs/readout.md).
    std::string readout_mode =
        "validated";                // "fixed": the factor `ridge`; "validated": chosen by blocked k-fold CV
    double ridge = 1e-2;            // lambda = ridge * trace(X'X) / N (fixed readout)
    double ridge_min = 1e-8;        // validated readout: candidate factors, log-spaced ...
    double ridge_max = 10.0;        // ... from ridge_min to ridge_max ...
    std::int64_t ridge_steps = 19;  // ... in this many steps (19: 2 per decade)
    std::int64_t folds = 3;         // contiguous blocks of the training window, each held out once
    double gap = 2.0;               // [TU] left out of training on each side of a held-out block
    std::string select = "task";    // "point": one factor for all tasks; "task": each task its own
    // Per task: "fractions", the held-out errors of every candidate from one product per fold by
    // partial fractions (the default since numerics 7, by the criterion of jobs/scoring.toml: no
    // task chose another factor); "direct", one product per fold and candidate (numerics 6 and before).
    std::string scoring = "fractions";
    // "single": the products with the 882 targets (X'Y over the training window, the test
    // predictions) in float, the Gram, the selection and the solves in double. The default since
    // numerics 3, by the criterion of jobs/precision.toml (no task's R^2 moves by 1e-4).
    std::string precision = "single";

    // [mechanisms] the state analyses on the test window
    std::int64_t components = 10;  // alignment_fixed: principal components, the same at every point

    // [lif] the spiking network (model = "lif"); threshold 1 and reset 0 are fixed (docs/model.md).
    // Defaults and their reasons: docs/lif.md.
    double tau_syn = 0.05;      // synaptic current time constant [TU]
    double t_ref = 0.02;        // refractory period [TU]
    double i_bias = 0.7;        // constant drive [threshold units]; the choice: docs/lif.md
    double tau_readout = 0.1;   // readout filter of the spike trains [TU]
    std::int64_t substeps = 1;  // integration steps per dt (the input and tasks keep dt)
    // How the membrane equation scales its inputs: "tau", tau_i dV/dt = -V + inputs (each neuron's
    // inputs divided by its own tau); "mean", tau_i dV/dt = -V + (tau_i / tau_mean) inputs, which is
    // Loihi 2's dv/dt = -v / tau + j with j = inputs / tau_mean (docs/model.md, "Spiking network").
    std::string lif_input_form = "tau";

    // [adapt] the rate network with an adaptation current (model = "rate_adapt", docs/model.md): each
    // neuron's adaptation a follows its rate, tau_a da/dt = -a + strength r, and is subtracted from
    // its input. Strength 0 is the rate network, bit for bit.
    double adapt_tau = 1.0;       // [TU] time constant of the adaptation current
    double adapt_strength = 0.5;  // its steady-state value per unit rate (a* = strength r*)

    // [cost] constants of the cost estimates; sources in docs/lif.md. All are estimates.
    double tu_seconds = 0.1;                       // biological / real time of 1 TU [s]
    double atp_per_spike = 3.84e8;                 // ATP per action potential
    double atp_per_synaptic_event = 4.1e4;         // ATP per spike arriving at one synapse
    double atp_resting_per_neuron_per_s = 3.42e8;  // ATP per neuron per second at rest
    double loihi2_synop_j = 23.6e-12;              // per synaptic event [J]
    double loihi2_spike_j = 1.7e-12;               // per spike sent [J]
    double loihi2_neuron_update_j = 52e-12;        // per neuron per integration step [J]
    double loihi2_static_w_per_core = 1e-3;        // static power of one occupied core [W]
    double loihi2_neurons_per_core = 8192;         // neurons one core holds
    double spinnaker2_synop_j = 0.8e-9;            // per synaptic event [J]
    double spinnaker2_spike_j = 0.1e-9;            // per spike sent [J]
    double spinnaker2_neuron_update_j = 1e-9;      // per neuron per integration step [J]
    double spinnaker2_static_w_per_core = 5e-3;    // static power of one processing element [W]
    double spinnaker2_neurons_per_core = 256;      // neurons one processing element simulates in real time
    // Static power charged for the network's share of the cores ("pro_rata": n / neurons_per_core) or
    // for every core it touches ("core": the ceiling). Pro rata by default: an estimate charges a
    // network the resources it uses, and a 200-neuron network fills 2.4% of a Loihi 2 core.
    std::string static_share = "pro_rata";
};

}  // namespace hetsweep
