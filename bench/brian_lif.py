#!/usr/bin/python3
"""One default LIF point's simulation in Brian2 (cpp_standalone): the peer hetsweep's LIF simulation time is judged by.

    /usr/bin/python3 bench/brian_lif.py [--N 200] [--cv 0] [--runs 3] [--build-dir DIR]

The network of `hetsweep point jobs/lif.toml` (docs/model.md, "Spiking network";
src/model/lif_network.cpp), simulated by Brian 2 (Debian's python3-brian) as generated C++:

    tau_i dV_i/dt = -V_i + I_i + drive_i,   drive_i = i_bias + g_in sum_k Win_ik u_k(t) + noise_sd_i z_i(t)
    tau_syn dI_i/dt = -I_i,   a spike of j adds g_rec W_ij to I_i;   tau_r dr_i/dt = -r_i,   a spike adds 1/tau_r

threshold 1, reset 0, refractory t_ref = 0.02 TU, tau_syn = 0.05 TU, i_bias = 0.7, tau_r = 0.1 TU,
g_rec = 0.9, g_in = 1, dt = 0.01 TU. V, I and r are integrated exactly over each step with the drive
held (method 'exact', the same propagators as hetsweep's iaf_psc_exp update); a spike acts from the
next step on. W: each ordered pair i != j an edge with probability 0.1, weight N(0, 1/(0.1 N)); Win
N(0, 1/3); one standard normal per neuron per step times noise_sd_i = sqrt(0.1 Var_t(Win_i u)) over
the samples before the test window; V starts uniform in [0, 1). tau_i lognormal, mapped to mean
0.3 TU and the given cv, floor 0.01 TU (the default cv = 0, as jobs/lif.toml: all tau_i = 0.3 TU,
still one parameter per neuron). The input u is the Lorenz system (10, 28, 8/3) by RK4 at 0.01 TU
after 50 TU, z-scored on the samples before the test window, fed through three TimedArrays. The run
is what hetsweep simulates: margin 2 + washout 20 TU unrecorded, then training 100 + test 50 TU with
r of every neuron recorded every step (a StateMonitor, as hetsweep fills its N x 15000 states) and
spikes counted. Time: 1 TU = 0.1 s (cost.tu_seconds), so Brian's seconds and Hz are hetsweep's.
The random draws are Brian's and NumPy's, not hetsweep's: equal in distribution only.

What is timed: the compiled binary's wall time (Brian's device.timers['run_binary']: start-up,
network construction including the synapses, the 17200 steps, writing the results to disk), median
over --runs executions of one build; 'compile' is code generation plus make, timed once.
"""
import argparse
import shutil
import statistics
import tempfile
import time
import warnings

import numpy as np

warnings.filterwarnings("ignore", category=FutureWarning)  # Debian's pythran, imported by brian2
import brian2 as b2  # noqa: E402
from lorenz_input import lorenz  # noqa: E402

DT, TAU_MEAN, FLOOR = 0.01, 0.3, 0.01  # TU
MARGIN, WASHOUT, TRAIN, TEST, TRANSIENT = 2.0, 20.0, 100.0, 50.0, 50.0  # TU
P, G_REC, G_IN, NOISE = 0.1, 0.9, 1.0, 0.1
TAU_SYN, T_REF, I_BIAS, TAU_R = 0.05, 0.02, 0.7, 0.1  # jobs/lif.toml
TU = 0.1 * b2.second  # cost.tu_seconds


def draw_tau(n, cv, rng):
    """tau.profile = lognormal, tau.match = empirical: exact mean and std, then the floor."""
    if cv <= 0:
        return np.full(n, TAU_MEAN)
    s2 = np.log(1 + cv ** 2)
    tau = rng.lognormal(np.log(TAU_MEAN) - s2 / 2, np.sqrt(s2), n)
    tau = TAU_MEAN + (tau - tau.mean()) * (cv * TAU_MEAN / tau.std())
    return np.maximum(tau, FLOOR)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--N", type=int, default=200, help="neurons (network.N, default 200)")
    ap.add_argument("--cv", type=float, default=0.0, help="tau.cv of the lognormal profile (default 0)")
    ap.add_argument("--runs", type=int, default=3, help="executions of the built binary; the median is shown")
    ap.add_argument("--build-dir", help="Brian2's project directory (default: a temporary one, removed)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    n = args.N
    rng = np.random.default_rng(args.seed)
    build_dir = args.build_dir or tempfile.mkdtemp(prefix="brian_lif_")

    b2.set_device("cpp_standalone", directory=build_dir, build_on_run=False)
    b2.prefs.devices.cpp_standalone.openmp_threads = 0  # one thread, as hetsweep simulates one point
    b2.prefs.devices.cpp_standalone.extra_make_args_unix = ["-j1"]  # a serial make: the compile time is not the race
    b2.seed(args.seed)
    b2.defaultclock.dt = DT * TU
    print(f"Brian2 {b2.__version__}, device cpp_standalone (single thread, "
          f"{' '.join(b2.prefs.codegen.cpp.extra_compile_args_gcc)}), project {build_dir}")

    # The timeline in dt steps: hetsweep simulates up to the end of the test window (the last margin
    # only shifts the targets) and records from the start of the training window.
    first = int(round((MARGIN + WASHOUT) / DT))
    window = int(round((TRAIN + TEST) / DT))
    test_from = first + int(round(TRAIN / DT))
    u = lorenz(first + window + int(round(MARGIN / DT)), rng, DT, TRANSIENT, test_from)[:first + window]

    tau = draw_tau(n, args.cv, rng)
    w_in = rng.normal(0, np.sqrt(1 / 3), (n, 3))
    # Noise: 10% of the variance of each neuron's drive over the samples before the test window; at
    # dt = noise_window the per-step sd is that exactly (hetsweep's sqrt(noise_window / dt) = 1).
    noise_sd = np.sqrt(NOISE * np.var(G_IN * u[:test_from] @ w_in.T, axis=0))

    inputs = [b2.TimedArray(u[:, k], dt=DT * TU) for k in range(3)]
    eqs = """
    dv/dt = (-v + I + drive) / tau : 1 (unless refractory)
    dI/dt = -I / tau_syn : 1
    dr/dt = -r / tau_r : 1
    drive : 1
    tau : second (constant)
    w0 : 1 (constant)
    w1 : 1 (constant)
    w2 : 1 (constant)
    noise_sd : 1 (constant)
    """
    # Refractoriness: hetsweep holds V at 0 for round(t_ref / dt) = 2 whole steps after the step that
    # spiked; Brian integrates again once timestep(t - lastspike) >= timestep(refractory), counted from
    # the spiking step itself, so the same 2 held steps need refractory = t_ref + dt.
    group = b2.NeuronGroup(n, eqs, threshold="v >= 1", reset="v = 0; r += r_jump",
                           refractory=(T_REF + DT) * TU, method="exact", name="lif")
    group.tau = tau * TU
    group.w0, group.w1, group.w2 = w_in[:, 0], w_in[:, 1], w_in[:, 2]
    group.noise_sd = noise_sd
    group.v = "rand()"
    # The drive of the step, before the state update: i_bias, the input at this step's sample and one
    # standard normal per neuron, held over the step (hetsweep's drive array).
    group.run_regularly("drive = i_bias + g_in * (w0 * u0(t) + w1 * u1(t) + w2 * u2(t)) + noise_sd * randn()",
                        when="start")
    # Spikes are delivered after the state update (Brian's 'synapses' slot), so they act from the next
    # step on, as hetsweep adds them after decaying I.
    syn = b2.Synapses(group, group, "w : 1 (constant)", on_pre="I_post += w", name="recurrent")
    syn.connect(condition="i != j", p=P)
    syn.w = f"{G_REC / np.sqrt(P * n)!r} * randn()"
    # Recorded like hetsweep's states: r of every neuron after every step of the window ('end' slot,
    # after the resets), and the spikes counted (not stored) in the window.
    states = b2.StateMonitor(group, "r", record=True, when="end", name="states")
    spikes = b2.SpikeMonitor(group, record=False, name="spikes")
    namespace = dict(tau_syn=TAU_SYN * TU, tau_r=TAU_R * TU, r_jump=1 / TAU_R, i_bias=I_BIAS, g_in=G_IN,
                     u0=inputs[0], u1=inputs[1], u2=inputs[2])

    start = time.perf_counter()
    states.active = spikes.active = False
    b2.run(first * DT * TU, namespace=namespace)  # margin and washout, nothing recorded
    states.active = spikes.active = True
    b2.run(window * DT * TU, namespace=namespace)  # training and test windows, recorded
    b2.device.build(directory=build_dir, compile=True, run=False, with_output=False)
    compile_s = time.perf_counter() - start

    times = []
    for _ in range(args.runs):
        b2.device.run(build_dir, with_output=False, run_args=[])
        times.append(b2.device.timers["run_binary"])

    recorded = states.r.shape
    assert recorded == (n, window), recorded
    per_tu = spikes.count[:].sum() / n / (TRAIN + TEST)
    rate = per_tu * b2.second / TU  # Hz at 1 TU = 0.1 s
    print(f"brian2 cpp_standalone: N = {n}, steps = {first + window}, simulation {statistics.median(times):.3f} s "
          f"(median of {args.runs}), compile {compile_s:.1f} s, mean rate {rate:.2f} Hz")
    print(f"  {len(syn)} synapses; r recorded every step by a StateMonitor ({recorded[0]} x {recorded[1]}); "
          f"{per_tu:.3f} spikes per neuron per TU, {np.mean(spikes.count[:] == 0):.1%} silent; cv = {args.cv}; "
          f"runs {', '.join(f'{t:.3f}' for t in times)} s")
    if args.build_dir is None:
        shutil.rmtree(build_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
