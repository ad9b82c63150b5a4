"""Faults a user or a cluster causes, through the real binary: two runs on one store, stale locks,
spec paths that are not files, points too large for the node, damaged status values. Each case
asserts the exit code, the facts the message must name, and that no file changed."""
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from sweeplib import (ENV, EXIT_USAGE, HETSWEEP, MPIRUN, SMALL_SPEC, kill_group, run, signal_ranks, start,  # noqa: E402
                      suite, tmpfs, wait_for_done, wait_until_gone, workdir)

test = suite()
work = workdir()
spec = work.file("small.toml", SMALL_SPEC)
SLOW_SPEC = SMALL_SPEC.replace("N = 40", "N = 150").replace("train = 20.0", "train = 80.0")
slow = work.file("slow.toml", SLOW_SPEC)


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def files():
    return {name: digest(os.path.join(work.path, name)) for name in sorted(os.listdir(work.path))
            if os.path.isfile(os.path.join(work.path, name))}


def write_lock(path, **fields):
    with open(path + ".lock", "w") as f:
        for k, v in fields.items():
            f.write(f"{k}={v}\n")


@test
def a_second_run_on_a_store_in_use_is_refused():
    path = work.file("busy.h5")
    first = start(["run", slow, "--store", path], ranks=1)
    try:
        assert wait_for_done(path, 1), "the first run made no progress"
        lock = open(path + ".lock").read()
        assert f"pid={first.pid}" in lock or "pid=" in lock, lock
        second = run(["run", slow, "--store", path], ranks=1, check=EXIT_USAGE)
        for fact in ("is being written by another run", f"host {socket.gethostname()}", "pid ",
                     path + ".lock", "remove"):
            assert fact in second.stderr, (fact, second.stderr)
    finally:
        out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    assert not os.path.exists(path + ".lock"), "the lock outlived its run"
    with h5py.File(path, "r") as f:
        assert (f["status"][...] == 1).all() and (f["attempts"][...] == 1).all()
        assert len(f["runs"]) == 1  # the refused run left no record


@test
def a_lock_of_a_dead_process_on_this_host_is_taken_over():
    path = work.file("stale.h5")
    gone = subprocess.Popen(["true"])
    gone.wait()
    write_lock(path, host=socket.gethostname(), pid=gone.pid, pid_start="1", slurm_job="", since="then")
    p = run(["run", spec, "--store", path], ranks=1, check=0)
    assert "taking over the stale lock" in p.stderr and f"process {gone.pid} on this host is gone" in p.stderr, \
        p.stderr
    assert "24 of 24 points done" in p.stdout and not os.path.exists(path + ".lock")


@test
def a_lock_held_elsewhere_is_respected_unless_it_is_this_slurm_job():
    path = work.file("elsewhere.h5")
    write_lock(path, host="node-17", pid=4242, pid_start="99", slurm_job="777", since="2026-01-01T00:00:00Z")
    before = files()
    p = run(["run", spec, "--store", path], ranks=1, check=EXIT_USAGE)
    for fact in ("host node-17", "pid 4242", "SLURM job 777", "since 2026-01-01T00:00:00Z"):
        assert fact in p.stderr, (fact, p.stderr)
    assert files() == before, "a refused run changed a file"
    # A requeued SLURM job finds its own earlier lock (same job id, another node) and goes on.
    env = dict(ENV, SLURM_JOB_ID="777")
    q = subprocess.run([MPIRUN, "-n", "1", HETSWEEP, "run", spec, "--store", path], env=env, capture_output=True,
                       text=True, timeout=300)
    assert q.returncode == 0 and "an earlier run of this SLURM job 777" in q.stderr, q.stderr
    assert not os.path.exists(path + ".lock")


@test
def a_killed_run_leaves_a_lock_the_next_run_takes_over():
    path = work.file("killed.h5")
    proc = start(["run", slow, "--store", path], ranks=2)
    assert wait_for_done(path, 1)
    kill_group(proc, signal.SIGKILL)
    wait_until_gone(proc)
    assert os.path.exists(path + ".lock")
    p = run(["run", slow, "--store", path], ranks=2, check=0)
    assert "taking over the stale lock" in p.stderr and "24 of 24 points done" in p.stdout, p.stderr


@test
def spec_paths_that_are_not_files_are_refused():
    fifo = work.file("fifo.toml")
    os.mkfifo(fifo)
    before = files()
    for path in (work.path, "/dev/null", "/dev/zero", fifo):
        for command in (["plan", path], ["point", path]):
            p = run(command, check=EXIT_USAGE, timeout=20)
            assert f"{path}: not a regular file" in p.stderr, (command, p.stderr)
        p = run(["run", path, "--store", work.file("never.h5")], ranks=1, check=EXIT_USAGE, timeout=60)
        assert f"{path}: not a regular file" in p.stderr, p.stderr
    huge = work.file("huge.toml", "# " + "x" * (2 << 20) + "\n")
    p = run(["plan", huge], check=EXIT_USAGE)
    assert "a spec is at most 1048576 bytes" in p.stderr, p.stderr
    os.remove(huge)
    assert files() == before


@test
def a_point_too_large_for_the_node_is_refused_before_anything_is_written():
    path = work.file("large.h5")
    before = files()
    p = run(["run", spec, "--store", path, "timeline.train=100000", "network.N=2000"], ranks=1, check=EXIT_USAGE)
    for fact in ("needs about", "GiB of memory", "network.N = 2000", "timeline.train + timeline.test"):
        assert fact in p.stderr, (fact, p.stderr)
    assert files() == before and not os.path.exists(path)
    # plan says the same as a warning, and HETSWEEP_MEMORY_LIMIT moves the limit.
    plan = run(["plan", spec, "timeline.train=100000", "network.N=2000"], check=0)
    assert "warning: point 0" in plan.stdout and "run would refuse it" in plan.stdout, plan.stdout
    env = dict(ENV, HETSWEEP_MEMORY_LIMIT="1M")
    q = subprocess.run([HETSWEEP, "plan", spec], env=env, capture_output=True, text=True)
    assert "a rank may use 1.0 MiB" in q.stdout and "warning:" in q.stdout, q.stdout
    # point checks the same before it computes, and names its --json file before the work too.
    one = work.file("one.toml", SMALL_SPEC.replace("seed = [1, 2, 3, 4]", "seed = 1")
                    .replace('profile = ["lognormal", "gamma"]', 'profile = "gamma"')
                    .replace("cv = [0.0, 0.5, 1.0]", "cv = 1.0"))
    p = run(["point", one, "timeline.train=100000", "network.N=2000"], check=EXIT_USAGE)
    assert "point 0 (the only point) needs about" in p.stderr and "network.N = 2000" in p.stderr, p.stderr
    p = run(["point", one, "--json", work.path], check=EXIT_USAGE)
    assert f"--json {work.path}: cannot write this file" in p.stderr and "R^2" not in p.stdout, p.stdout + p.stderr
    os.remove(one)


@test
def damaged_status_values_are_named():
    path = work.file("damaged.h5")
    run(["run", spec, "--store", path], ranks=1, check=0)
    with h5py.File(path, "r+") as f:
        f["status"][5] = 7
    before = files()
    for command in (["status", path], ["query", path, "--by", "cv"]):
        p = run(command, check=EXIT_USAGE)
        assert "/status of point 5 is 7, not 0 (pending), 1 (done) or 2 (failed)" in p.stderr, (command, p.stderr)
    p = run(["run", spec, "--store", path], ranks=1, check=EXIT_USAGE)
    assert "/status of point 5 is 7" in p.stderr, p.stderr
    assert files() == before, "a refused command changed the store"
    with h5py.File(path, "r") as f:
        assert np.count_nonzero(f["status"][...] == 7) == 1



def flip_bit(dataset, row, column, byte, bit):
    values = dataset[row, :]
    raw = values.view(np.uint8).copy()
    raw[column * 8 + byte] ^= 1 << bit
    dataset[row, :] = raw.view(np.float64)


@test
def a_flipped_bit_is_named_with_its_point_refused_by_query_and_computed_again():
    path = work.file("flipped.h5")
    run(["run", spec, "--store", path], ranks=1, check=0)
    sys.path.insert(0, os.path.join(os.environ.get("HETSWEEP_SOURCE", "."), "analysis"))
    import hetsweep  # the Python reader's own CRC, from the documented layout
    with hetsweep.open(path) as s:
        assert s.verify() == [], "a row as written fails the Python reader's checksum"
    with h5py.File(path, "r") as f:
        reference = {k: f[k][...] for k in ("scores", "alignment", "metrics", "status")}
        cv, seed = f["grid/cv"][...], f["grid/seed"][...]
        profile = f["grid/profile"][...].astype(str)
    # Two heterogeneous points (a homogeneous one is written twice, under each profile).
    a, b = [int(i) for i in np.flatnonzero(cv > 0)[[1, 6]]]
    with h5py.File(path, "r+") as f:
        flip_bit(f["scores"], a, 17, 2, 5)  # a low mantissa bit of one task's R^2
        flip_bit(f["metrics"], b, 0, 7, 6)  # the exponent of a metric
    before = files()
    p = run(["status", path, "--verify"], check=EXIT_USAGE)
    assert "2 of 24 done points no longer match their checksum" in p.stdout, p.stdout
    for point in (a, b):
        line = f"point {point}: cv={float(cv[point])!r} profile={profile[point]} seed={seed[point]}"
        assert line in p.stdout, (line, p.stdout)
    j = json.loads(run(["status", path, "--verify", "--format", "json"], check=EXIT_USAGE).stdout)
    assert j["verified"] == {"checked": 24, "damaged": [a, b]}, j["verified"]
    q = run(["query", path, "--by", "cv"], check=EXIT_USAGE)
    assert f"points {a}, {b}" in q.stderr and "status --verify" in q.stderr, q.stderr
    assert run(["query", path, "--by", "cv", "--no-verify"], check=0).returncode == 0
    with hetsweep.open(path) as s:
        assert s.verify() == [a, b]
    assert files() == before, "a command that read the damaged store changed it"

    r = run(["run", spec, "--store", path], ranks=2, check=0)
    assert f"2 done points no longer match their checksum (the file was damaged): points {a}, {b}" in r.stderr, r.stderr
    assert "22 done, 2 to compute" in r.stderr, r.stderr
    assert "every one of the 24 done points matches its checksum" in run(["status", path, "--verify"], check=0).stdout
    with h5py.File(path, "r") as f:
        keep = [i for i, n in enumerate(f["metric_names"][...].astype(str)) if not n.startswith("time_")]
        for k in ("scores", "alignment", "metrics", "status"):
            x, y = f[k][...], reference[k]
            if k == "metrics":
                x, y = x[:, keep], y[:, keep]
            x, y = np.ascontiguousarray(x), np.ascontiguousarray(y)
            assert np.array_equal(x.view(np.uint8), y.view(np.uint8)), f"{k} differs from the first run's"


@test
def a_dataset_of_the_wrong_shape_or_type_is_named():
    original = work.file("layout.h5")
    run(["run", spec, "--store", original], ranks=1, check=0)
    for name, change, fact in (
            ("longer-status.h5", lambda f: f.create_dataset("status", data=np.zeros(25, np.int8)),
             "/status has shape [25], expected [24]"),
            ("float-status.h5", lambda f: f.create_dataset("status", data=np.ones(24)),
             "/status holds floating-point values where the schema declares enumerated values"),
            ("short-scores.h5", lambda f: f.create_dataset("scores", data=np.zeros((24, 5))),
             "/scores has shape [24, 5], expected [24, 882]")):
        path = work.file(name)
        shutil.copy(original, path)
        with h5py.File(path, "r+") as f:
            del f[fact.split()[0].split("/")[1]]
            change(f)
        before = files()
        for command in (["status", path], ["query", path, "--by", "cv"]):
            p = run(command, check=EXIT_USAGE)
            assert fact in p.stderr, (command, fact, p.stderr)
        p = run(["run", spec, "--store", path], ranks=2, check=EXIT_USAGE)
        assert fact in p.stderr and "MPI_ABORT" not in p.stderr, (fact, p.stderr)
        assert files() == before, f"{name}: a refused command changed a file"


@test
def a_read_only_or_full_file_system_is_named_and_the_store_stays_as_it_was():
    mount = work.file("mount")
    if not tmpfs(mount, 8192):
        print("skipped: cannot mount a tmpfs here (needs root)")
        return
    try:
        path = os.path.join(mount, "s.h5")
        run(["run", spec, "--store", path], ranks=1, check=0)
        with h5py.File(path, "r+") as f:
            f["status"][3] = 0  # one point left to compute
        with open(os.path.join(mount, "filler"), "wb") as f:  # the disk fills up
            try:
                while True:
                    f.write(b"\0" * 65536)
            except OSError:
                pass
        before = digest(path)
        p = run(["run", spec, "--store", path], ranks=2, check=EXIT_USAGE)
        assert "its file system has" in p.stderr and "free some space" in p.stderr and path in p.stderr, p.stderr
        assert "MPI_ABORT" not in p.stderr and "H5F" not in p.stderr, p.stderr
        assert digest(path) == before and not os.path.exists(path + ".lock")
        os.remove(os.path.join(mount, "filler"))

        subprocess.run(["mount", "-o", "remount,ro", mount], check=True)
        p = run(["run", spec, "--store", path], ranks=2, check=EXIT_USAGE)
        for fact in (path, "is on a read-only file system", "status", "query"):
            assert fact in p.stderr, (fact, p.stderr)
        assert "truncated or damaged" not in p.stderr and "MPI_ABORT" not in p.stderr, p.stderr
        assert "23 done" in run(["status", path], check=0).stdout
        run(["query", path, "--by", "cv"], check=0)
        assert digest(path) == before
        subprocess.run(["mount", "-o", "remount,rw", mount], check=True)
        run(["run", spec, "--store", path], ranks=2, check=0)
        assert "24 done" in run(["status", path, "--verify"], check=0).stdout
    finally:
        subprocess.run(["umount", mount])


@test
def a_second_signal_abandons_the_points_in_flight():
    # SLURM's case: SIGUSR1 drains; SIGTERM at the time limit (which SLURM sends to every process of
    # the job), while the run still drains, ends it at once with 75. The store stays resumable: the
    # resumed store is complete and every point done (a row whose status was not written is
    # computed again).
    # Points of 3 s each (--synthetic): when the first is written the next ones have just begun, so
    # both signals land while points are in flight, whatever the speed of the machine.
    path = work.file("twice.h5")
    proc = start(["run", slow, "--store", path, "sweep.batch=1", "--synthetic", "3"], ranks=2)
    assert wait_for_done(path, 1)
    os.kill(proc.pid, signal.SIGUSR1)
    time.sleep(0.3)
    signal_ranks(proc, signal.SIGTERM)
    out, err = proc.communicate(timeout=120)
    wait_until_gone(proc)
    assert proc.returncode != 0 and "a second signal: abandoning the points in flight" in err, (proc.returncode, err)
    p = run(["run", slow, "--store", path, "--synthetic", "0.01"], ranks=2, check=0)
    assert "24 of 24 points done" in p.stdout, p.stdout + p.stderr


@test
def smaller_inputs_get_clear_refusals():
    demo = os.path.join(os.path.dirname(__file__), "..", "..", "jobs", "demo.toml")
    assert "--ranks = 0: must be >= 1" in run(["plan", demo, "--ranks", "0"], check=EXIT_USAGE).stderr
    name = run(["plan", demo, "sweep.name=5"], check=EXIT_USAGE).stderr
    assert "sweep.name = 5: must be a non-empty string" in name, name
    quote = run(["plan", demo, 'sweep.name=a"b'], check=EXIT_USAGE).stderr
    assert "override sweep.name=a\"b" in quote and "quote" in quote, quote
    # A huge key, on the command line or in a spec, is not echoed back in full.
    huge = run(["plan", demo, "x" * 100_000 + "=1"], check=EXIT_USAGE).stderr
    assert len(huge) < 5000 and "characters in all" in huge, len(huge)
    in_file = work.file("huge-key.toml", "[network]\n" + "y" * 500_000 + " = 1\n")
    huge = run(["plan", in_file], check=EXIT_USAGE).stderr
    assert len(huge) < 5000 and "characters in all" in huge, len(huge)
    os.remove(in_file)
    # Store names that cannot be: empty, or longer than a file system takes.
    before = files()
    for store, fact in (("", "needs a file name"), (work.file("x" * 300 + ".h5"), "the file name has 303 bytes")):
        for command in (["run", spec, "--store", store], ["submit", spec, "--store", store, "--dry-run"]):
            p = run(command, ranks=1 if command[0] == "run" else None, check=EXIT_USAGE)
            assert fact in p.stderr and "filesystem error" not in p.stderr, (command[0], p.stderr)
    assert files() == before
    path = work.file("for-query.h5")
    run(["run", spec, "--store", path], ranks=1, check=0)
    assert "names no column" in run(["query", path, "--by", ""], check=EXIT_USAGE).stderr


test.main()
