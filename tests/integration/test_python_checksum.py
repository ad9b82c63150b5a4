"""The package's row checksum (hetsweep.store.row_checksum) against the engine's: on a store the real
binary wrote, it equals /checksum at every done point; one changed value breaks it, for the package
and for `hetsweep status --verify` alike; seal_rows (the tests' stand-in for a row the engine could
have written) makes both accept the row again. And scripts/compare-stores.py, which reads through
the package, tells a copy from a changed copy."""
import json
import os
import shutil
import subprocess
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from sweeplib import EXIT_USAGE, SMALL_SPEC, SOURCE, hetsweep_package, run, seal_rows, suite, workdir  # noqa: E402

hetsweep = hetsweep_package()
test = suite()
work = workdir()
STORE = work.file("small.h5")
run(["run", work.file("small.toml", SMALL_SPEC), "--store", STORE], ranks=2, check=0)


def copy(name):
    path = work.file(name)
    shutil.copy(STORE, path)
    return path


def heterogeneous_point(path):
    """A done point of cv > 0: a homogeneous one is written twice, under each profile."""
    with hetsweep.open(path) as s:
        return int(np.flatnonzero(s.done() & (s.grid[hetsweep.LEVEL_AXIS] > 0))[2])


def engine_damaged(path):
    """The done points `hetsweep status --verify` finds damaged (its JSON), [] when it finds none."""
    p = run(["status", path, "--verify", "--format", "json"])
    assert p.returncode in (0, EXIT_USAGE), p.stderr
    return json.loads(p.stdout)["verified"]["damaged"]


@test
def checksum_is_the_engines_at_every_done_point():
    with hetsweep.open(STORE) as s, h5py.File(STORE, "r") as f:
        done = np.flatnonzero(s.done())
        assert len(done) == s.n_points == 24, s.counts()
        stored = f["checksum"][...]  # read directly: the engine's value, not the package's reading of it
        for p in done:
            assert hetsweep.row_checksum(s, p) == int(stored[p]), p
            assert hetsweep.row_checksum(f, p) == int(stored[p]), p  # an open h5py.File as well
        assert s.verify() == []
    assert engine_damaged(STORE) == []


@test
def one_changed_value_breaks_it_and_sealing_mends_it():
    for dataset, column in (("scores", 100), ("alignment", 7), ("metrics", 0)):
        path = copy(f"changed-{dataset}.h5")
        point = heterogeneous_point(path)
        with h5py.File(path, "r+") as f:
            before = int(f["checksum"][point])
            row = f[dataset][point]
            row[column] = np.nextafter(row[column], np.inf)  # the smallest change a float64 allows
            f[dataset][point] = row
            assert hetsweep.row_checksum(f, point) != before, dataset
        with hetsweep.open(path) as s:
            assert s.verify() == [point], (dataset, s.verify())
        assert engine_damaged(path) == [point], dataset
        with h5py.File(path, "r+") as f:
            seal_rows(f, [point])
        with hetsweep.open(path) as s:
            assert s.verify() == [], dataset
        assert engine_damaged(path) == [], f"{dataset}: the engine refuses the row seal_rows wrote"


def compare(a, b):
    p = subprocess.run([sys.executable, os.path.join(SOURCE, "scripts", "compare-stores.py"), a, b],
                       capture_output=True, text=True)
    assert p.returncode in (0, 1), p.stderr
    return p.returncode, p.stdout


@test
def compare_stores_tells_a_copy_from_a_changed_copy():
    same = copy("same.h5")
    code, out = compare(STORE, same)
    assert code == 0 and "DIFFERENT" not in out, out
    assert "scores (24, 882): bit-identical" in out and "status (24,): bit-identical" in out, out
    assert "bit-identical (timings left out)" in out, out
    changed = copy("one-score.h5")
    point = heterogeneous_point(changed)
    with h5py.File(changed, "r+") as f:
        f["scores"][point, 3] = f["scores"][point, 3] + 1e-12
    code, out = compare(STORE, changed)
    assert code == 1 and out.strip().splitlines()[-1] == "scores: DIFFERENT", out
    assert "scores (24, 882)" not in out and "alignment (24, 882): bit-identical" in out, out


test.main()
