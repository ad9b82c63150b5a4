"""`hetsweep submit` and the SLURM part of `hetsweep status` through the real binary:
golden batch scripts; input checked before anything is submitted (with stand-in sbatch and
scontrol that record their calls); a status that never hangs on a silent controller; and, on
the local cluster (slurm/local-cluster.sh), a job that is signalled mid-run, drains, requeues
itself, is requeued by SLURM once more, resumes and completes with the store of a direct
mpirun run, bit for bit.

HETSWEEP_UPDATE_GOLDEN=1 rewrites tests/integration/golden/ from the current output."""
import difflib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import h5py

sys.path.insert(0, os.path.dirname(__file__))
from sweeplib import (ENV, EXIT_USAGE, HETSWEEP, SMALL_SPEC, SOURCE, assert_identical, file_bytes, results, run,
                      status_counts, suite, workdir)

test = suite()
work = workdir()
spec = work.file("small.toml", SMALL_SPEC)
GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden")
CLUSTER = os.path.join(SOURCE, "slurm", "local-cluster.sh")

# 48 points of about 0.1-0.3 s each (2 ranks), so that signals land mid-run.
# 72 points of about 0.2 s, one per batch: after any point of a run, many points remain, so that each
# signal of the cluster test reaches a run that is still computing (on a fast machine, batches of 8
# finished the sweep between SLURM's requeue and its SIGTERM).
CLUSTER_SPEC = SMALL_SPEC.replace("N = 40", "N = 200") \
    .replace("seed = [1, 2, 3, 4]", "seed = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]") \
    .replace("train = 20.0", "train = 60.0").replace("seed = 11\n", "seed = 11\nbatch = 1\n")


def hetsweep(args, path=None, extra_env=None, timeout=120):
    """Run hetsweep directly, with PATH replaced (for stand-in or missing SLURM tools)."""
    env = dict(ENV)
    if path is not None:
        env["PATH"] = path
    env.update(extra_env or {})
    return subprocess.run([HETSWEEP] + list(args), env=env, capture_output=True, text=True, timeout=timeout)


def expect(p, code, *texts):
    out = f"exit {p.returncode}\nstdout:\n{p.stdout}\nstderr:\n{p.stderr}"
    assert p.returncode == code, f"expected exit {code}, got {out}"
    for t in texts:
        assert t in p.stdout + p.stderr, f"expected {t!r} in {out}"


def subdir(name):
    path = os.path.join(work.path, name)
    os.makedirs(path, exist_ok=True)
    return path


def fake_tools(name, scontrol="unknown"):
    """A directory with a stand-in sbatch (records its arguments and the script, answers job 4242) and
    scontrol (answers for any job: unknown, running, requeued, or hangs). Returns (PATH, call log)."""
    bindir = subdir(name)
    calls = os.path.join(bindir, "sbatch-calls")
    answers = {
        "unknown": 'echo "slurm_load_jobs error: Invalid job id specified" >&2; exit 1',
        "running": 'echo "JobId=$4 JobName=hetsweep-small JobState=RUNNING Reason=None Restarts=0 '
                   'StartTime=2026-01-01T10:00:00 EndTime=2026-01-01T11:00:00 TimeLimit=01:00:00 NodeList=node[01-02] '
                   'ExitCode=0:0"',
        "requeued": 'echo "JobId=$4 JobName=hetsweep-small JobState=PENDING Reason=BeginTime Restarts=1 '
                    'StartTime=2026-01-01T10:02:00 EndTime=Unknown TimeLimit=01:00:00 NodeList= ExitCode=0:0"',
        "hang": "sleep 60",  # a child that keeps the output pipes open: the group must be killed
    }
    for tool, body in (("sbatch", f'echo "$@" >>"{calls}"\ncp "$2" "{bindir}/submitted.sbatch"\necho 4242'),
                       ("scontrol", answers[scontrol])):
        path = os.path.join(bindir, tool)
        with open(path, "w") as f:
            f.write("#!/bin/sh\n" + body + "\n")
        os.chmod(path, 0o755)
    return bindir + ":" + os.environ.get("PATH", "/usr/bin:/bin"), calls


def lines(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return f.read().splitlines()


def normalise(text):
    """Absolute paths of this run become placeholders."""
    text = text.replace(os.path.realpath(HETSWEEP), "{HETSWEEP}")
    for w in {os.path.realpath(work.path), work.path}:
        text = text.replace(w, "{WORK}")
    return text


def golden_case(name, args, store_name="sweep.h5"):
    d = subdir(f"golden-{name}/{os.path.dirname(store_name)}")
    store = os.path.join(d, os.path.basename(store_name))
    p = hetsweep(["submit", spec, "--store", store] + args + ["--dry-run"])
    expect(p, 0)
    assert os.listdir(d) == [], f"--dry-run wrote {os.listdir(d)}"
    syntax = subprocess.run(["bash", "-n"], input=p.stdout, capture_output=True, text=True)
    assert syntax.returncode == 0, f"{name}: bash -n: {syntax.stderr}"
    got = normalise(p.stdout)
    path = os.path.join(GOLDEN, f"submit_{name}.sbatch")
    if os.environ.get("HETSWEEP_UPDATE_GOLDEN") == "1":
        os.makedirs(GOLDEN, exist_ok=True)
        with open(path, "w") as f:
            f.write(got)
    with open(path) as f:
        want = f.read()
    if got != want:
        diff = "".join(difflib.unified_diff(want.splitlines(True), got.splitlines(True), path, "hetsweep submit"))
        raise AssertionError(f"{name}: the batch script differs from {path} "
                             f"(HETSWEEP_UPDATE_GOLDEN=1 rewrites it if the change is meant):\n{diff}")
    return p.stdout


@test
def golden_batch_scripts():
    golden_case("defaults", [])
    text = golden_case("allocation", [
        "--nodes", "2", "--ntasks-per-node", "4", "--time", "1-00:00:00",
        "--partition", "compute", "--account", "proj42", "--qos", "normal", "--grace", "600", "--max-requeues", "5",
        "--launcher", "mpirun", "--sbatch-arg=--mem=8G", "--sbatch-arg", "--constraint=skylake", "--job-name",
        "sweep-A", "cv=[0.5,1.0]", "network.N=80", "--no-retry"])
    assert "#SBATCH --signal=B:USR1@600\n" in text and "readonly run_args=('cv=[0.5,1.0]' network.N=80 --no-retry)" \
        in text, text
    text = golden_case("no_requeue", ["--ntasks", "2", "--time", "30", "--no-requeue"])
    assert "#SBATCH --no-requeue\n" in text and "readonly requeue=no\n" in text, text
    text = golden_case("quoting", ["--launcher", "srun --mpi=pmi2", "--job-name", "sweep B", "--time", "2:00:00",
                                   "--grace", "300"], store_name="with space/it's.h5")
    assert '#SBATCH --output="' in text and "'\\''s.h5" in text, text


@test
def submitted_script_is_the_dry_run_and_the_job_is_logged():
    d = subdir("fake-submit")
    store = os.path.join(d, "sweep.h5")
    path, calls = fake_tools("bin-unknown", scontrol="unknown")
    dry = hetsweep(["submit", spec, "--store", store, "--ntasks", "2", "--dry-run"], path=path)
    expect(dry, 0)
    p = hetsweep(["submit", spec, "--store", store, "--ntasks", "2"], path=path)
    expect(p, 0, "submitted job 4242: sweep small, 24 of 24 points to compute", f"{d}/sweep.slurm-4242.out",
           f"hetsweep status {store}")
    script = os.path.join(d, "sweep.sbatch")
    assert lines(calls) == [f"--parsable {script}"], lines(calls)
    with open(script) as f:
        assert f.read() == dry.stdout
    assert file_bytes(os.path.join(os.path.dirname(calls), "submitted.sbatch")) == file_bytes(script)
    log = lines(os.path.join(d, "sweep.slurm-jobs"))
    assert len(log) == 1 and re.fullmatch(r"4242 \S+Z submitted by hetsweep submit", log[0]), log
    assert not os.path.exists(store)  # the job creates it

    # While a job of the store is pending or running, a second one is refused.
    for state, shown in (("running", "is running (RUNNING since"), ("requeued", "is requeued (PENDING, Reason=BeginTime")):
        path, calls = fake_tools("bin-" + state, scontrol=state)
        p = hetsweep(["submit", spec, "--store", store, "--ntasks", "2"], path=path)
        expect(p, EXIT_USAGE, f"its SLURM job 4242 {shown}", "two jobs must not write one store", "scancel 4242")
        assert lines(calls) == [], lines(calls)
    assert len(lines(os.path.join(d, "sweep.slurm-jobs"))) == 1


@test
def bad_input_gets_a_clear_error_and_submits_nothing():
    d = subdir("bad")
    path, calls = fake_tools("bin-bad")
    theirs = os.path.join(d, "theirs.h5")
    run(["run", spec, "--store", theirs], check=0)
    foreign = work.file("bad/foreign.h5", "not an HDF5 file\n")
    bad_spec = work.file("bad/bad.toml", "[network]\nNN = 100\n")
    store = os.path.join(d, "new.h5")
    cases = [
        ([bad_spec, "--store", store], EXIT_USAGE, ["network.NN: unknown key (did you mean network.N?)"]),
        ([spec, "--store", theirs, "sweep.seed=12"], EXIT_USAGE, ["belongs to another spec", "submit the store's own spec"]),
        ([spec, "--store", foreign], EXIT_USAGE, [foreign]),
        ([spec, "--store", "/nonexistent-dir/x.h5"], EXIT_USAGE, ["cannot create a file in /nonexistent-dir"]),
        ([spec, "--store", d], EXIT_USAGE, ["is a directory"]),
        ([spec], EXIT_USAGE, ["submit needs --store"]),
        ([spec, "--store", store, "--time", "abc"], EXIT_USAGE, ["--time = abc: not a SLURM time limit"]),
        ([spec, "--store", store, "--time", "1"], EXIT_USAGE, ["leaves no room for --grace = 120 s"]),
        ([spec, "--store", store, "--grace", "0"], EXIT_USAGE, ["--grace = 0: must be in [1, 65535]"]),
        ([spec, "--store", store, "--nodes", "0"], EXIT_USAGE, ["--nodes = 0: must be a count N or a range N-M"]),
        ([spec, "--store", store, "--ntasks", "two"], EXIT_USAGE, ["--ntasks = two: must be an integer"]),
        ([spec, "--store", store, "--partition", "a\"b"], EXIT_USAGE, ["--partition = \"a\"b\""]),
        ([spec, "--store", store, "--sbatch-arg", "mem=4G"], EXIT_USAGE, ["must be one sbatch option"]),
        ([spec, "--store", store, "--launcher", " "], EXIT_USAGE, ["--launcher is empty"]),
        ([spec, "--store", store, "--bogus", "1"], EXIT_USAGE, ["unknown option --bogus"]),
    ]
    for args, code, texts in cases:
        p = hetsweep(["submit"] + args, path=path)
        expect(p, code, *texts)
        assert "submitted" not in p.stdout, p.stdout
    with h5py.File(theirs, "r") as f:
        their_hash = f.attrs["spec_hash"]
        their_hash = their_hash.decode() if isinstance(their_hash, bytes) else their_hash
    p = hetsweep(["submit", spec, "--store", theirs, "sweep.seed=12"], path=path)
    mine = run(["plan", spec, "sweep.seed=12"], check=0).stdout.split("spec hash ")[1].split(",")[0]
    assert their_hash in p.stderr and mine in p.stderr and mine != their_hash, p.stderr

    # A complete store: said so, nothing submitted, exit 0.
    p = hetsweep(["submit", spec, "--store", theirs], path=path)
    expect(p, 0, f"--store {theirs} is complete (24 of 24 points done): nothing to submit")
    assert lines(calls) == [], lines(calls)
    assert sorted(os.listdir(d)) == ["bad.toml", "foreign.h5", "theirs.h5"], os.listdir(d)


@test
def without_sbatch_on_the_path_nothing_is_submitted():
    d = subdir("no-sbatch")
    empty = subdir("empty-bin")
    p = hetsweep(["submit", spec, "--store", os.path.join(d, "sweep.h5")], path=empty)
    expect(p, EXIT_USAGE, "sbatch is not on the PATH", "nothing was submitted", "--dry-run")
    assert os.listdir(d) == [], os.listdir(d)
    # An sbatch that refuses (no controller, a bad partition) leaves no script behind, and brings
    # back the script of an earlier submission.
    failing = subdir("failing-bin")
    with open(os.path.join(failing, "sbatch"), "w") as f:
        f.write("#!/bin/sh\necho 'sbatch: error: Batch job submission failed: Unable to contact slurm controller' >&2\n"
                "exit 1\n")
    os.chmod(os.path.join(failing, "sbatch"), 0o755)
    path = failing + ":" + os.environ.get("PATH", "/usr/bin:/bin")
    p = hetsweep(["submit", spec, "--store", os.path.join(d, "sweep.h5")], path=path)
    expect(p, EXIT_USAGE, "sbatch failed (exit code 1), nothing was submitted", "Unable to contact slurm controller")
    assert os.listdir(d) == [], os.listdir(d)
    with open(os.path.join(d, "sweep.sbatch"), "w") as f:
        f.write("#!/bin/sh\n# an earlier submission\n")
    p = hetsweep(["submit", spec, "--store", os.path.join(d, "sweep.h5")], path=path)
    expect(p, EXIT_USAGE, "nothing was submitted")
    assert open(os.path.join(d, "sweep.sbatch")).read() == "#!/bin/sh\n# an earlier submission\n"
    os.remove(os.path.join(d, "sweep.sbatch"))
    p = hetsweep(["submit", spec, "--store", os.path.join(d, "sweep.h5"), "--dry-run"], path=empty)
    expect(p, 0, "#SBATCH --signal=B:USR1@120")


@test
def status_shows_the_jobs_and_never_hangs():
    d = subdir("status")
    store = os.path.join(d, "sweep.h5")
    p = hetsweep(["run", spec, "--store", store], extra_env={"SLURM_JOB_ID": "777"})
    expect(p, 0)
    with open(os.path.join(d, "sweep.slurm-jobs"), "w") as f:
        f.write("777 2026-01-01T09:00:00Z submitted by hetsweep submit\n"
                "778 2026-01-01T09:30:00Z resubmitted by job 777\n")
    # No SLURM: no SLURM section, and no complaint.
    p = hetsweep(["status", store], path=subdir("empty-bin"))
    expect(p, 0, "SLURM job 777")
    assert "SLURM jobs:" not in p.stdout, p.stdout
    path, _ = fake_tools("bin-status-unknown", scontrol="unknown")
    p = hetsweep(["status", store], path=path)
    expect(p, 0, "SLURM jobs:\n  job 777: finished or unknown to slurmctld, run 0\n"
                 "  job 778: finished or unknown to slurmctld, no run yet\n")
    path, _ = fake_tools("bin-status-requeued", scontrol="requeued")
    p = hetsweep(["status", store], path=path)
    expect(p, 0, "job 777: requeued (PENDING, Reason=BeginTime, restart 1, start 2026-01-01T10:02:00), run 0")
    path, _ = fake_tools("bin-status-running", scontrol="running")
    p = hetsweep(["status", store], path=path)
    expect(p, 0, "job 778: running (RUNNING since 2026-01-01T10:00:00 on node[01-02], time limit 01:00:00)")
    path, _ = fake_tools("bin-status-hang", scontrol="hang")
    t0 = time.time()
    p = hetsweep(["status", store], path=path, timeout=60)
    took = time.time() - t0
    expect(p, 0, "cannot ask slurmctld: scontrol show job 777 gave no answer within 5.0 s")
    assert took < 15, f"status took {took:.1f} s with a silent scontrol"


# --- the local cluster --------------------------------------------------------------------------

class cluster_session:
    """slurm/local-cluster.sh with its own state directory; stop() is safe to call at any point."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="hetsweep-submit-slurm-")
        self.env = dict(ENV, HETSWEEP_SLURM_DIR=self.dir, HETSWEEP_SLURM_CRED_EXPIRE="5",
                        SLURM_CONF=os.path.join(self.dir, "slurm.conf"),
                        PATH=ENV.get("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin")

    def cmd(self, args, timeout=60, check=True):
        p = subprocess.run(args, env=self.env, capture_output=True, text=True, timeout=timeout)
        if check and p.returncode != 0:
            raise AssertionError(f"{' '.join(args)} exited {p.returncode}:\n{p.stdout}{p.stderr}")
        return p

    def start(self):
        # The cluster's ports are fixed: another local cluster (test_local_cluster.sh) must be gone first.
        deadline = time.time() + 60
        while True:
            busy = subprocess.run(["ss", "-Htlnp", "sport = :6817 or sport = :6818"], capture_output=True,
                                  text=True).stdout.strip()
            if not busy:
                break
            if time.time() > deadline:
                raise AssertionError(f"the Slurm ports 6817/6818 stay in use (another local cluster?):\n{busy}")
            time.sleep(0.5)
        self.cmd([CLUSTER, "start"])

    def stop(self):
        try:
            self.cmd([CLUSTER, "stop"], check=False)
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def job(self, job_id):
        """scontrol's fields for the job, {} once slurmctld has forgotten it."""
        p = self.cmd(["scontrol", "show", "job", "-o", job_id], timeout=20, check=False)
        return dict(re.findall(r"(?:^| )(JobState|Restarts|Reason|ExitCode)=(\S*)", p.stdout))

    def diagnostics(self, job_id, output):
        parts = []
        for name, text in (("scontrol show job", self.cmd(["scontrol", "show", "job", job_id], check=False).stdout),
                           ("job output " + output, "\n".join(lines(output))),
                           ("jobcomp.log", "\n".join(lines(os.path.join(self.dir, "jobcomp.log"))[-5:])),
                           ("slurmctld.log", "\n".join(lines(os.path.join(self.dir, "slurmctld.log"))[-15:]))):
            parts.append(f"--- {name}\n{text}")
        return "\n".join(parts)


def run_outcomes(store):
    with h5py.File(store, "r") as f:
        recs = [dict(f["runs"][r].attrs) for r in sorted(f["runs"])]
    text = lambda v: v.decode() if isinstance(v, bytes) else v
    return [(text(r["outcome"]), text(r["slurm_job_id"]), text(r["end_time"])) for r in recs]


def done_count(store):
    try:
        return status_counts(store)["done"]
    except (OSError, KeyError):
        return 0


@test
def local_cluster_job_drains_requeues_resumes_and_completes():
    slurmctld = shutil.which("slurmctld", path=os.environ.get("PATH", "") + ":/usr/sbin:/sbin")
    if slurmctld is None:
        print("skipped local_cluster_job_drains_requeues_resumes_and_completes: slurmctld is not installed "
              "(apt-get install slurm-wlm munge)", flush=True)
        return
    assert os.geteuid() == 0, "the local cluster needs root (its daemons run as root and munge)"
    timings = {}
    t_all = time.time()
    d = subdir("cluster")
    cluster_spec = work.file("cluster/sweep.toml", CLUSTER_SPEC)
    reference = os.path.join(d, "reference.h5")
    t0 = time.time()
    run(["run", cluster_spec, "--store", reference], ranks=2, check=0)
    timings["reference mpirun -n 2"] = time.time() - t0
    ref = results(reference)
    n = len(ref["status"])

    store = os.path.join(d, "sweep.h5")
    c = cluster_session()
    job = "?"
    output = ""
    # A ctest time-out sends SIGTERM: unwind, so that the cluster is stopped.
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit("SIGTERM"))
    try:
        t0 = time.time()
        c.start()
        timings["cluster start"] = time.time() - t0

        def holds(cond):
            try:
                return cond()
            except (OSError, KeyError, IndexError):  # a store not yet created, or no run yet
                return False

        def wait(cond, seconds, what):
            deadline = time.time() + seconds
            while not holds(cond):
                if time.time() > deadline:
                    raise AssertionError(f"job {job}: {what} not within {seconds} s\n{c.diagnostics(job, output)}")
                time.sleep(0.05)

        t0 = time.time()
        p = c.cmd([HETSWEEP, "submit", cluster_spec, "--store", store, "--ntasks", "2", "--time", "10",
                   "--grace", "60"])
        job = re.search(r"submitted job (\d+)", p.stdout).group(1)
        output = os.path.join(d, f"sweep.slurm-{job}.out")

        # 1. SLURM's time-limit warning, sent early: drain, exit 75, the job requeues itself.
        wait(lambda: done_count(store) >= 6, 60, "6 points done")
        timings["sbatch to 6 points done"] = time.time() - t0
        c.cmd(["scancel", "--batch", "--signal=USR1", job])
        t0 = time.time()
        wait(lambda: run_outcomes(store)[0][0] == "interrupted", 30, "run 0 drained")
        timings["USR1 to drained"] = time.time() - t0
        wait(lambda: c.job(job).get("Restarts") == "1", 30, "requeued")
        timings["USR1 to requeued"] = time.time() - t0
        first = status_counts(store)
        assert first["failed"] == 0 and 6 <= first["done"] < n, first
        st = c.cmd([HETSWEEP, "status", store]).stdout
        assert re.search(rf"job {job}: (requeued \(PENDING|running \(\w+ since).*run 0\n", st), st

        # 2. It starts again by itself and resumes from the store.
        wait(lambda: len(run_outcomes(store)) == 2 and done_count(store) > first["done"], 60, "run 1 resumed")
        timings["requeued to resumed"] = time.time() - t0 - timings["USR1 to requeued"]
        st = c.cmd([HETSWEEP, "status", store]).stdout
        assert f"job {job}: running (RUNNING since" in st and "restart 1" in st, st

        # 3. A requeue by SLURM itself (as on preemption or node failure): TERM, no self-requeue.
        t0 = time.time()
        before = done_count(store)
        c.cmd(["scontrol", "requeue", job])
        assert before <= n - 20, f"{before} of {n} points done before SLURM's requeue: make the test's spec larger"
        wait(lambda: len(run_outcomes(store)) == 3, 60, "run 2 started")
        timings["SLURM requeue to run 2"] = time.time() - t0

        t0 = time.time()
        wait(lambda: c.job(job).get("JobState") == "COMPLETED", 120, "completed")
        timings["run 2 to completed"] = time.time() - t0
        assert c.job(job).get("ExitCode") == "0:0", c.job(job)

        assert_identical(ref, results(store), "SLURM job (drained, requeued twice) vs mpirun: ")
        runs = run_outcomes(store)
        assert [r[1] for r in runs] == [job] * 3, runs
        assert runs[0][0] == "interrupted" and runs[2][0] == "complete", runs
        # Run 1 drained within KillWait, or was killed: either way the store resumed.
        assert runs[1][0] in ("interrupted", "running"), runs
        out = "\n".join(lines(output))
        for text in (f"job {job} restart 0 on", "got SIGUSR1",
                     "stopped before the time limit; requeueing (restart 1 of at most 20)",
                     f"job {job} restart 1 on", "got SIGTERM", "stopped by SIGTERM",
                     f"job {job} restart 2 on", "the sweep is complete"):
            assert text in out, f"{text!r} not in {output}:\n{out}"
        assert len(lines(os.path.join(d, "sweep.slurm-jobs"))) == 1
        st = c.cmd([HETSWEEP, "status", store]).stdout
        assert f"job {job}: finished (COMPLETED, exit code 0:0" in st and "restart 2), runs 0-2" in st, st
        p = c.cmd([HETSWEEP, "submit", cluster_spec, "--store", store, "--ntasks", "2"])
        assert "is complete" in p.stdout, p.stdout
    finally:
        t0 = time.time()
        c.stop()
        signal.signal(signal.SIGTERM, previous)
        timings["cluster stop"] = time.time() - t0
        timings["total"] = time.time() - t_all
        print("timings: " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()), flush=True)


try:
    test.main()
finally:
    work.cleanup()
