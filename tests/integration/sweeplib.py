"""Helpers for the integration tests: run the real binary, read stores with h5py."""
import os
import shutil
import subprocess
import tempfile
import time

import h5py
import numpy as np

HETSWEEP = os.environ.get("HETSWEEP", os.path.join(os.path.dirname(__file__), "../../build/hetsweep"))
SOURCE = os.environ.get("HETSWEEP_SOURCE", os.path.join(os.path.dirname(__file__), "../.."))
MPIRUN = shutil.which("mpirun") or "mpirun"

ENV = dict(os.environ)
ENV.update(OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
           OMPI_MCA_rmaps_base_oversubscribe="1", OMPI_MCA_mpi_yield_when_idle="1")

EXIT_USAGE = 2
EXIT_FAILURES = 3
EXIT_INTERRUPTED = 75

# A small, fast grid: 2 profiles x 3 levels x 4 seeds = 24 points of N = 40.
SMALL_SPEC = """
[sweep]
name = "small"
seed = 11

[network]
N = 40
seed = [1, 2, 3, 4]

[tau]
profile = ["lognormal", "gamma"]
cv = [0.0, 0.5, 1.0]

[timeline]
washout = 5.0
train = 20.0
test = 10.0
"""


class workdir:
    def __init__(self):
        self.path = tempfile.mkdtemp(prefix="hetsweep-it-")

    def file(self, name, text=None):
        p = os.path.join(self.path, name)
        if text is not None:
            with open(p, "w") as f:
                f.write(text)
        return p

    def cleanup(self):
        shutil.rmtree(self.path, ignore_errors=True)


def run(args, ranks=None, timeout=300, check=None):
    """Run hetsweep (under mpirun with `ranks`), return CompletedProcess with text output."""
    cmd = ([MPIRUN, "-n", str(ranks)] if ranks else []) + [HETSWEEP] + list(args)
    p = subprocess.run(cmd, env=ENV, capture_output=True, text=True, timeout=timeout)
    if check is not None and p.returncode != check:
        raise AssertionError(f"{' '.join(cmd)} exited {p.returncode}, expected {check}\n"
                             f"stdout:\n{p.stdout}\nstderr:\n{p.stderr}")
    return p


def start(args, ranks):
    """Start a run in its own process group, so that a kill reaches mpirun and every rank."""
    cmd = [MPIRUN, "-n", str(ranks), HETSWEEP] + list(args)
    return subprocess.Popen(cmd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def kill_group(proc, sig):
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        pass


def session_members(sid):
    """The processes of session `sid` (a run started by `start` leads its own session)."""
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":
            members.append(int(entry))
    return members


def signal_ranks(proc, sig):
    """Send `sig` to the ranks of a run, not to mpirun: as SLURM's scancel signals every process of
    a job. (mpirun itself answers SIGTERM by forwarding it odls_base_sigkill_timeout, 1 s, later and
    SIGKILLing the ranks as long after that, so a drain via mpirun is cut short.)"""
    ranks = []
    for pid in session_members(proc.pid):
        try:
            with open(f"/proc/{pid}/comm") as f:
                if f.read().strip() == "hetsweep":
                    ranks.append(pid)
        except OSError:
            pass
    assert ranks, "the run has no ranks to signal"
    for pid in ranks:
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass


def wait_until_gone(proc, timeout=30):
    """After a kill, wait until mpirun and every rank it started have exited (ranks may outlive
    mpirun for a moment, and one still writing would change the store under the test)."""
    proc.wait()
    deadline = time.time() + timeout
    while session_members(proc.pid):
        assert time.time() < deadline, f"processes of the killed run remain: {session_members(proc.pid)}"
        time.sleep(0.05)


def status_counts(path):
    with h5py.File(path, "r") as f:
        s = f["status"][...]
    return {"pending": int((s == 0).sum()), "done": int((s == 1).sum()), "failed": int((s == 2).sum())}


def wait_for_done(path, at_least, timeout=60):
    """Poll a store being written until `at_least` points are done."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if status_counts(path)["done"] >= at_least:
                return True
        except (OSError, KeyError):
            pass
        time.sleep(0.05)
    return False


def hetsweep_package():
    """The Python package of this source tree (analysis/hetsweep), imported on first use: it loads
    pandas and matplotlib, which most tests do not need."""
    import sys
    analysis = os.path.join(SOURCE, "analysis")
    if analysis not in sys.path:
        sys.path.insert(0, analysis)
    import hetsweep
    return hetsweep


def results(path):
    """Everything a store holds that must not depend on ranks, timing or interruptions."""
    with hetsweep_package().open(path) as s:
        return {
            "scores": s.per_task("scores"),
            "alignment": s.per_task("alignment"),
            "metrics": np.column_stack([s.metrics[name] for name in s.result_metric_names()]),
            "status": s.status,
            "tasks": dict(s.tasks),
            "grid": dict(s.grid),
        }


def tmpfs(path, kib):
    """Mounts a tmpfs of `kib` KiB at `path` (made if missing); False where that is not allowed."""
    os.makedirs(path, exist_ok=True)
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={kib}k", "tmpfs", path],
                          capture_output=True).returncode == 0


def seal_rows(f, points):
    """Rewrite the /checksum of done rows a test edited in place (an open h5py file), as the engine
    writes it (hetsweep.store.row_checksum, tested against the engine in test_python_checksum.py).
    Stands in for values the engine could have computed itself."""
    row_checksum = hetsweep_package().row_checksum
    for p in points:
        f["checksum"][p] = row_checksum(f, p)


def assert_identical(a, b, what=""):
    """Bit-identical, NaN included."""
    for key in ("scores", "alignment", "metrics", "status"):
        x, y = np.ascontiguousarray(a[key]), np.ascontiguousarray(b[key])
        assert x.shape == y.shape, f"{what}{key}: shapes {x.shape} and {y.shape}"
        same = np.array_equal(x.view(np.uint8), y.view(np.uint8)) if x.dtype.kind == "f" else np.array_equal(x, y)
        if not same:
            diff = np.argwhere(~((x == y) | (np.isnan(x) & np.isnan(y)))) if x.dtype.kind == "f" else np.argwhere(x != y)
            raise AssertionError(f"{what}{key} differ at {len(diff)} places, first {diff[:3].tolist()}")
    for group in ("tasks", "grid"):
        for k in a[group]:
            assert np.array_equal(a[group][k], b[group][k]), f"{what}{group}/{k} differ"


def file_bytes(path):
    with open(path, "rb") as f:
        return f.read()


class suite:
    """A minimal runner that prints one line per test and 'N passed, M failed' at the end."""

    def __init__(self):
        self.tests = []

    def __call__(self, fn):
        self.tests.append(fn)
        return fn

    def main(self):
        import sys
        import traceback
        only = sys.argv[1:]
        passed = failed = 0
        for t in self.tests:
            if only and t.__name__ not in only:
                continue
            start_time = time.time()
            try:
                t()
                passed += 1
                print(f"PASS {t.__name__} ({time.time() - start_time:.1f} s)", flush=True)
            except Exception:
                failed += 1
                print(f"FAIL {t.__name__} ({time.time() - start_time:.1f} s)", flush=True)
                traceback.print_exc()
        print(f"{passed} passed, {failed} failed")
        sys.exit(1 if failed else 0)


def within_cells_fit(y, regressors, cells, levels):
    """The least-squares fit of y on cell and level dummies and `regressors` (columns), built with
    numpy, and its CR1 cluster-robust standard errors over the cells: (X'X)^-1 (sum over cells of
    X_g'u_g u_g'X_g) (X'X)^-1 G/(G-1) (n-1)/(n-k). Returns (coefficients, standard errors, G - 1) of
    the regressors: the independent check of hetsweep.stats.within_replicate_regression."""
    cells, levels = np.asarray(cells), np.asarray(levels)
    names, values = sorted(set(cells.tolist())), sorted(set(levels.tolist()))
    fixed = [np.ones(len(y))] + [(cells == c).astype(float) for c in names[1:]]
    fixed += [(levels == v).astype(float) for v in values[1:]]
    X = np.column_stack(fixed + list(regressors))
    beta = np.linalg.lstsq(X, y, rcond=None)[0]
    u = y - X @ beta
    bread = np.linalg.inv(X.T @ X)
    meat = sum(np.outer(X[cells == c].T @ u[cells == c], X[cells == c].T @ u[cells == c]) for c in names)
    n, k, g = X.shape[0], X.shape[1], len(names)
    cov = bread @ meat @ bread * g / (g - 1) * (n - 1) / (n - k)
    j = len(fixed)
    return beta[j:], np.sqrt(np.diag(cov)[j:]), g - 1

