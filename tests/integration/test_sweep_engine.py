"""The sweep engine through the real binary: determinism over rank counts,
resume after SIGKILL/SIGTERM/SIGUSR1, failed points, refused stores, bad input."""
import os
import re
import signal
import subprocess
import sys
import time

import h5py
import numpy as np
from scipy import stats

sys.path.insert(0, os.path.dirname(__file__))
from sweeplib import (EXIT_FAILURES, EXIT_INTERRUPTED, EXIT_USAGE, SMALL_SPEC, assert_identical, file_bytes,
                      kill_group, results, run, signal_ranks, start, status_counts, suite, tmpfs, wait_for_done,
                      wait_until_gone, workdir)

test = suite()
work = workdir()
spec = work.file("small.toml", SMALL_SPEC)

# Slower points (about 0.25 s each on a quiet 2-core machine; 48 points, several
# seconds on 2 ranks) so that a signal sent after a few points lands mid-run, with room for
# mpirun's 2 s from forwarding SIGTERM to SIGKILL.
LONG_SPEC = SMALL_SPEC.replace("N = 40", "N = 250").replace("seed = [1, 2, 3, 4]", "seed = [1, 2, 3, 4, 5, 6, 7, 8]") \
    .replace("train = 20.0", "train = 80.0")
long_spec = work.file("long.toml", LONG_SPEC)
_reference = {}


def reference(which):
    """The store of an uninterrupted 1-rank run."""
    if which not in _reference:
        path = work.file(f"reference-{which}.h5")
        run(["run", spec if which == "small" else long_spec, "--store", path], ranks=1, check=0)
        _reference[which] = results(path)
    return _reference[which]


@test
def determinism_on_1_2_3_ranks():
    ref = reference("small")
    assert (ref["status"] == 1).all()
    for ranks in (2, 3):
        path = work.file(f"ranks{ranks}.h5")
        p = run(["run", spec, "--store", path], ranks=ranks, check=0)
        assert "24 of 24 points done" in p.stdout, p.stdout
        assert_identical(ref, results(path), f"{ranks} ranks vs 1: ")


@test
def batches_do_not_change_the_results():
    # sweep.batch only decides which points of one network are simulated together: alone (1), in
    # threes and in the default batches, on 1, 2 or 3 ranks, the stores are bit-identical; and a
    # store is resumed under another batch size (the key is not part of the spec's hash).
    ref = reference("small")
    for batch, ranks in ((1, 2), (3, 3)):
        path = work.file(f"batch{batch}.h5")
        p = run(["run", spec, "--store", path, f"sweep.batch={batch}"], ranks=ranks, check=0)
        assert "24 of 24 points done" in p.stdout, p.stdout
        assert ("batches" in p.stderr) == (batch > 1), p.stderr
        assert_identical(ref, results(path), f"sweep.batch = {batch} on {ranks} ranks vs the default: ")
    path = work.file("batch-resumed.h5")
    proc = start(["run", long_spec, "--store", path, "sweep.batch=2"], ranks=2)
    assert wait_for_done(path, 4), "the run made no progress"
    kill_group(proc, signal.SIGKILL)
    wait_until_gone(proc)
    resumed = run(["run", long_spec, "--store", path, "sweep.batch=5"], ranks=2, check=0)
    assert "48 of 48 points done" in resumed.stdout, resumed.stdout + resumed.stderr
    assert_identical(reference("long"), results(path), "begun in pairs, resumed in fives: ")


@test
def progress_shows_the_paired_difference_so_far():
    # The last progress line's "cv > 0 vs cv = 0" is the mean over network seeds of each seed's mean
    # difference (heterogeneous point minus its homogeneous one), with the 95% t interval over seeds:
    # one input realisation, so the network seeds are the replicates.
    path = work.file("progress.h5")
    p = run(["run", spec, "--store", path], ranks=2, check=0)
    m = re.findall(r"cv > 0 vs cv = 0: ([-+]\d+\.\d+) \+- (\d+\.\d+) \(95% CI, (\d+) networks x 1 input\)",
                   p.stderr)
    assert m, p.stderr
    mean, half, seeds = float(m[-1][0]), float(m[-1][1]), int(m[-1][2])
    with h5py.File(path, "r") as f:
        names = [n.decode() for n in f["metric_names"][...]]
        score = f["metrics"][:, names.index("r2_clipped_mean")]
        cv, seed = f["grid/cv"][...], f["grid/seed"][...]
    per_seed = []
    for s in np.unique(seed):
        hom = score[(seed == s) & (cv == 0)][0]
        per_seed.append(np.mean(score[(seed == s) & (cv > 0)] - hom))
    per_seed = np.array(per_seed)
    want = stats.t.ppf(0.975, len(per_seed) - 1) * per_seed.std(ddof=1) / np.sqrt(len(per_seed))
    assert seeds == len(per_seed) == 4, (seeds, p.stderr)
    assert abs(mean - per_seed.mean()) <= 5e-5 and abs(half - want) <= 5e-5, (mean, half, per_seed.mean(), want)

    # Two models: their seed 1 are two networks, so the headline follows the first model alone and
    # names it (rate: 2 network seeds here; the LIF ones do not enter).
    mixed = work.file("progress-models.h5")
    p = run(["run", spec, "--store", mixed, "model=[rate,lif]", "seed=[1,2]", "input_seed=[1,2,3]",
             "profile=lognormal"], ranks=2, check=0)
    m = re.findall(r"\| (\w+), cv > 0 vs cv = 0: [-+]\d+\.\d+ \+- \d+\.\d+ \(95% CI, (\d+) networks x (\d+) inputs\)",
                   p.stderr)
    assert m and m[-1] == ("rate", "2", "3"), (m[-1:], p.stderr[-500:])


@test
def scores_are_plausible():
    ref = reference("small")
    scores = ref["scores"]
    assert np.isfinite(scores).all()
    assert (scores <= 1).all()
    # The relay tasks u_k(t) (d = 1, Delta = 0) are among the easiest: every
    # network reproduces them far better than it does the average task.
    t = ref["tasks"]
    relay = np.where((t["d"] == 1) & (t["shift"] == 0))[0]
    assert len(relay) == 3
    assert scores[:, relay].min() > 0.5, scores[:, relay].min()
    assert (scores[:, relay].mean(axis=1) > np.clip(scores, 0, None).mean(axis=1) + 0.2).all()


@test
def sigkill_at_several_moments_then_resume():
    ref = reference("long")
    n = len(ref["status"])
    for i, done_before_kill in enumerate([0, 1, n // 3, (2 * n) // 3]):
        path = work.file(f"killed{i}.h5")
        # One point at a time, so that the kill lands between single writes (batches_do_not_change_the_results
        # kills a run of batches); the resume then takes the default batches.
        proc = start(["run", long_spec, "--store", path, "sweep.batch=1"], ranks=2)
        if done_before_kill == 0:
            time.sleep(0.4)  # during start-up or store creation
        else:
            assert wait_for_done(path, done_before_kill), "the run made no progress"
        kill_group(proc, signal.SIGKILL)
        wait_until_gone(proc)
        if os.path.exists(path):
            counts = status_counts(path)
            assert counts["failed"] == 0 and counts["done"] < n, counts
        resumed = run(["run", long_spec, "--store", path], ranks=2, check=0)
        assert f"{n} of {n} points done" in resumed.stdout, resumed.stdout
        assert_identical(ref, results(path), f"killed after {done_before_kill} done, resumed: ")
    assert not any(name.endswith(".partial") for name in os.listdir(work.path))


def interrupt_and_resume(sig, name):
    ref = reference("long")
    n = len(ref["status"])
    path = work.file(name)
    proc = start(["run", long_spec, "--store", path], ranks=2)
    assert wait_for_done(path, 2)
    if sig == signal.SIGTERM:
        signal_ranks(proc, sig)  # as scancel does: mpirun's own SIGTERM handling kills the ranks 2 s later
    else:
        os.kill(proc.pid, sig)  # to mpirun, which forwards it to the ranks at once and waits for them
    out, err = proc.communicate(timeout=120)
    wait_until_gone(proc)
    counts = status_counts(path)
    assert counts["failed"] == 0 and 2 <= counts["done"] < n, (counts, err)
    assert "interrupted" in out, out
    with h5py.File(path, "r") as f:
        outcomes = [f["runs"][r].attrs["outcome"] for r in sorted(f["runs"])]
        outcomes = [o.decode() if isinstance(o, bytes) else o for o in outcomes]
    assert outcomes == ["interrupted"], outcomes
    resumed = run(["run", long_spec, "--store", path], ranks=2, check=0)
    # Every pending point is computed, or written with the point it repeats (a homogeneous network
    # under another profile).
    m = re.search(r"(\d+) done, (\d+) to compute(?: in \d+ batches)?(?: \((\d+) more repeat one of them\))?",
                  resumed.stderr)
    assert m, resumed.stderr
    done, compute, repeats = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
    assert done == counts["done"] and compute + repeats == n - counts["done"], resumed.stderr
    assert_identical(ref, results(path), f"{name}: ")
    return proc.returncode


@test
def sigterm_drains_then_resume():
    interrupt_and_resume(signal.SIGTERM, "sigterm.h5")


@test
def sigterm_to_mpirun_loses_at_most_the_points_in_flight():
    # mpirun forwards SIGTERM to the ranks 1 s after it gets it and SIGKILLs them 1 s after that: a
    # drain that takes longer is cut short, which must be as safe as SIGKILL.
    ref = reference("long")
    n = len(ref["status"])
    path = work.file("sigterm-mpirun.h5")
    proc = start(["run", long_spec, "--store", path], ranks=2)
    assert wait_for_done(path, 2)
    os.kill(proc.pid, signal.SIGTERM)
    proc.communicate(timeout=120)
    wait_until_gone(proc)
    counts = status_counts(path)
    assert counts["failed"] == 0 and counts["done"] < n, counts
    resumed = run(["run", long_spec, "--store", path], ranks=2, check=0)
    assert f"{n} of {n} points done" in resumed.stdout, resumed.stdout
    assert_identical(ref, results(path), "SIGTERM to mpirun, resumed: ")


@test
def sigusr1_drains_with_resumable_exit_code():
    code = interrupt_and_resume(signal.SIGUSR1, "sigusr1.h5")
    assert code == EXIT_INTERRUPTED, code


@test
def complete_store_is_not_recomputed():
    path = work.file("complete.h5")
    run(["run", spec, "--store", path], ranks=2, check=0)
    before = results(path)
    p = run(["run", spec, "--store", path], ranks=2, check=0)
    assert "24 done, 0 to compute" in p.stderr, p.stderr
    assert_identical(before, results(path))
    with h5py.File(path, "r") as f:
        assert (f["attempts"][...] == 1).all()


@test
def a_repeated_point_is_computed_once_and_written_with_its_twin():
    # SMALL_SPEC: 4 seeds x (lognormal, gamma) x cv (0, 0.5, 1); the homogeneous network is one
    # computation under both profiles, so 20 of its 24 points are computed.
    path = work.file("repeats.h5")
    p = run(["run", spec, "--store", path], ranks=2, check=0)
    assert "0 done, 20 to compute in 4 batches (4 more repeat one of them)" in p.stderr, p.stderr
    ref = reference("small")
    assert_identical(ref, results(path), "computed once: ")
    with h5py.File(path, "r") as f:
        profile = f["grid/profile"][...].astype(str)
        cv, seed = f["grid/cv"][...], f["grid/seed"][...]
        for s in np.unique(seed):
            rows = np.flatnonzero((cv == 0) & (seed == s))
            assert len(rows) == 2 and set(profile[rows]) == {"lognormal", "gamma"}
            assert np.array_equal(f["scores"][rows[0]], f["scores"][rows[1]])
        # A run killed between a point's row and its twin's leaves the twin pending: the next run
        # copies it from the stored row before any work.
        twin = int(np.flatnonzero((cv == 0) & (profile == "gamma"))[0])
    with h5py.File(path, "r+") as f:
        f["status"][twin] = 0
        f["scores"][twin] = np.nan
    p = run(["run", spec, "--store", path], ranks=2, check=0)
    assert "24 done, 0 to compute, 1 copied from the point they repeat" in p.stderr, p.stderr
    assert_identical(ref, results(path), "copied twin: ")


@test
def a_store_grows_by_new_seeds_and_levels():
    # A finished store run again with more seeds and a new level in the middle of an axis keeps every
    # computed point (attempts stay 1) and computes only the new ones; the grown store equals a fresh
    # run of the larger spec bit for bit, and its run log records the growth. A changed value is
    # refused, naming the key, and leaves the store as it was.
    path = work.file("grown.h5")
    run(["run", spec, "--store", path], ranks=2, check=0)
    bigger = SMALL_SPEC.replace("seed = [1, 2, 3, 4]", "seed = [1, 2, 3, 4, 5]").replace(
        "cv = [0.0, 0.5, 1.0]", "cv = [0.0, 0.25, 0.5, 1.0]")
    bigger_spec = work.file("bigger.toml", bigger)
    p = run(["run", bigger_spec, "--store", path], ranks=2, check=0)
    # 5 seeds x 2 profiles x 4 levels = 40 points; the 24 stored are kept (20 distinct computations
    # and 4 copies), and of the 16 new ones 15 are computed (seed 5's cv = 0 once), 1 copied.
    assert "grows from 24 to 40 points: this spec keeps all 24 of its points" in p.stderr, p.stderr
    assert "40 points: 24 done, 15 to compute" in p.stderr, p.stderr
    assert "40 of 40 points done" in p.stdout, p.stdout
    fresh = work.file("bigger-fresh.h5")
    run(["run", bigger_spec, "--store", fresh], ranks=1, check=0)
    assert_identical(results(fresh), results(path), "grown vs fresh: ")
    with h5py.File(path, "r") as f:
        cv, seed = f["grid/cv"][...], f["grid/seed"][...]
        attempts = f["attempts"][...]
        outcomes = [f["runs"][r].attrs["outcome"] for r in sorted(f["runs"])]
        outcomes = [o.decode() if isinstance(o, bytes) else o for o in outcomes]
    old = np.isin(cv, [0.0, 0.5, 1.0]) & (seed <= 4)
    assert (attempts[old] == 1).all(), attempts
    assert any(o.startswith("grown from 24 to 40 points") for o in outcomes), outcomes
    before = file_bytes(path)
    p = run(["run", bigger_spec, "--store", path, "network.g_rec=1.1"], ranks=1, check=EXIT_USAGE)
    assert "cannot grow into this spec" in p.stderr and "network.g_rec = 0.9" in p.stderr, p.stderr
    assert file_bytes(path) == before


@test
def store_of_another_spec_is_refused():
    path = work.file("mine.h5")
    run(["run", spec, "--store", path], ranks=1, check=0)
    before = file_bytes(path)
    p = run(["run", spec, "--store", path, "sweep.seed=12"], ranks=2, check=EXIT_USAGE)
    assert "belongs to another spec" in p.stderr, p.stderr
    with h5py.File(path, "r") as f:
        theirs = f.attrs["spec_hash"]
        theirs = theirs.decode() if isinstance(theirs, bytes) else theirs
    assert theirs in p.stderr, p.stderr
    mine = run(["plan", spec, "sweep.seed=12"], check=0).stdout.split("spec hash ")[1].split(",")[0]
    assert mine in p.stderr and mine != theirs, p.stderr
    assert file_bytes(path) == before


@test
def truncated_and_foreign_files_are_refused_untouched():
    good = work.file("good.h5")
    run(["run", spec, "--store", good], ranks=1, check=0)
    truncated = work.file("truncated.h5")
    with open(truncated, "wb") as f:
        f.write(file_bytes(good)[:4096])
    foreign = work.file("foreign.h5")
    with h5py.File(foreign, "w") as f:
        f["data"] = np.arange(10)
    text = work.file("text.h5", "not an HDF5 file\n")
    for path in (truncated, foreign, text):
        before = file_bytes(path)
        for ranks in (1, 2):
            p = run(["run", spec, "--store", path], ranks=ranks, check=EXIT_USAGE)
            assert path in p.stderr, p.stderr
            assert "rank" not in p.stderr.split("\n")[0], p.stderr  # a clean error, not an abort
        p = run(["status", path], check=EXIT_USAGE)
        assert path in p.stderr, p.stderr
        assert file_bytes(path) == before, path


@test
def bad_input_gets_a_clear_error_and_touches_no_store():
    cases = [
        ("[network]\nNN = 100\n", "network.NN: unknown key (did you mean network.N?)"),
        ("[tau]\ncv = []\n", "tau.cv = []: an axis needs at least one value"),
        ("[tau]\ncv = [[0.5, 1.0]]\n", "tau.cv: an axis is a flat list"),
        ("[tau]\ncv = [0.5, \"high\"]\n", "tau.cv = \"high\": must be a finite number"),
        ("[network]\np = 1.7\n", "network.p = 1.7: must be a finite number in (0, 1]"),
        ("[network]\nN = 100.5\n", "network.N = 100.5: must be an integer"),
        ("[tau]\nprofile = \"uniform\"\ncv = [0.5, 1.0]\n", "point 1 (cv = 1.0): tau.profile = \"uniform\" with tau.cv = 1"),
        ("[network\nN = 3\n", "line 1"),
        ("[sweep]\nzip = [\"cv\", \"seed\"]\n[tau]\ncv = [0.5, 1.0]\n", "sweep.zip: \"seed\" is not an axis"),
        ("[nework]\nN = 3\n", "nework: unknown section"),
    ]
    for i, (text, message) in enumerate(cases):
        bad = work.file(f"bad{i}.toml", text)
        store = work.file(f"bad{i}.h5")
        p = run(["run", bad, "--store", store], ranks=2, check=EXIT_USAGE)
        assert message in p.stderr, f"expected {message!r} in:\n{p.stderr}"
        assert p.stderr.count(message) == 1, p.stderr  # said once, by rank 0
        assert not os.path.exists(store), store
        p = run(["plan", bad], check=EXIT_USAGE)
        assert message in p.stderr, p.stderr
    for store in ("/nonexistent-dir/x.h5", "/proc/x.h5"):
        p = run(["run", spec, "--store", store], ranks=2, check=EXIT_USAGE)
        # /proc takes no files: refused as unwritable or, where root may write there, as having no space.
        assert store in p.stderr and ("cannot create" in p.stderr or "free" in p.stderr), p.stderr
        assert not os.path.exists(store + ".partial")
    p = run(["run", spec], ranks=1, check=EXIT_USAGE)
    assert "--store" in p.stderr
    p = run(["run", spec, "--store", work.file("x.h5"), "cv=abc"], ranks=1, check=EXIT_USAGE)
    assert "tau.cv = \"abc\": must be a finite number" in p.stderr, p.stderr


@test
def failed_points_are_recorded_retried_and_kept():
    # With no input and no recurrence the state decays to exactly 0 over the long
    # washout, so the unregularised readout cannot be factorised: a real numerical failure.
    failing = work.file("failing.toml", """
[network]
N = 10
g_rec = 0.0
g_in = [0.0, 1.0]
seed = [1, 2]
[readout]
mode = "fixed"
ridge = 0.0
[timeline]
washout = 250.0
train = 5.0
test = 5.0
""")
    path = work.file("failing.h5")
    p = run(["run", failing, "--store", path], ranks=2, check=EXIT_FAILURES)
    assert "2 of 4 points done, 2 failed" in p.stdout, p.stdout
    with h5py.File(path, "r") as f:
        status = f["status"][...]
        g_in = f["grid/g_in"][...]
        messages = [m.decode() if isinstance(m, bytes) else m for m in f["message"][...]]
        attempts = f["attempts"][...]
    assert (status[g_in == 0] == 2).all() and (status[g_in == 1] == 1).all(), status
    assert all("not positive definite" in messages[i] for i in np.where(g_in == 0)[0]), messages
    assert (attempts == 1).all()
    st = run(["status", path], check=0).stdout
    assert "2 x ridge readout" in st and "2 done, 2 failed, 0 pending" in st, st
    run(["run", failing, "--store", path, "--no-retry"], ranks=2, check=EXIT_FAILURES)
    with h5py.File(path, "r") as f:
        assert (f["attempts"][...] == 1).all()
    run(["run", failing, "--store", path], ranks=2, check=EXIT_FAILURES)
    with h5py.File(path, "r") as f:
        assert (f["attempts"][...][g_in == 0] == 2).all() and (f["attempts"][...][g_in == 1] == 1).all()


@test
def full_disk_fails_at_creation_and_a_fitting_disk_completes():
    # Every dataset is allocated (and filled) when the store is created, so a
    # disk that is too small fails before any work, and a run never needs more
    # space once it has started.
    size = os.path.getsize(work.file("reference-small.h5")) if os.path.exists(work.file("reference-small.h5")) \
        else None
    if size is None:
        reference("small")
        size = os.path.getsize(work.file("reference-small.h5"))
    small, fitting = work.file("tiny"), work.file("fitting")
    if not tmpfs(small, 64):
        print("skipped: cannot mount a tmpfs here (needs root)")
        return
    try:
        store = os.path.join(small, "s.h5")
        p = run(["run", spec, "--store", store], ranks=2, check=EXIT_USAGE)
        assert "the store needs about" in p.stderr and "free" in p.stderr and store in p.stderr, p.stderr
        assert os.listdir(small) == [], os.listdir(small)
    finally:
        subprocess.run(["umount", small])
    assert tmpfs(fitting, size // 1024 + 64)
    try:
        store = os.path.join(fitting, "s.h5")
        run(["run", spec, "--store", store], ranks=2, check=0)
        assert_identical(reference("small"), results(store), "on a disk with 64 KiB to spare: ")
    finally:
        subprocess.run(["umount", fitting])


try:
    test.main()
finally:
    work.cleanup()
