"""Stores written by hetsweep 0.1 (schema 1) with the current build: they open, report their
schema and answer queries with typed columns; its numbers are of numerics 1, so it is refused for
resuming (as is any store of other numerics) and left untouched. data/schema1.h5 was written by
hetsweep 0.1 for data/schema1.toml."""
import os
import re
import shutil

import h5py
import numpy as np

from sweeplib import (EXIT_USAGE, SOURCE, file_bytes, run, suite,
                      workdir)

tests = suite()
work = workdir()
DATA = os.path.join(SOURCE, "tests", "integration", "data")
SPEC = os.path.join(DATA, "schema1.toml")
FIXTURE = os.path.join(DATA, "schema1.h5")
# The numerics this build computes, as the source declares it.
NUMERICS = int(re.search(r"numerics_version = (\d+);",
                         open(os.path.join(SOURCE, "include/hetsweep/vocab/numerics.hpp")).read()).group(1))
# The fixture's 5 TU of training are too short for today's validated readout at its default gap.
TODAY = ["gap=0.5"]


def copy_of_fixture(name):
    path = work.file(name)
    shutil.copyfile(FIXTURE, path)
    return path


@tests
def status_and_query_read_a_schema_1_store():
    path = copy_of_fixture("read.h5")
    before = file_bytes(path)
    out = run(["status", path], check=0).stdout
    assert "(schema 1)" in out and "8 done" in out, out
    answer = run(["query", path, "--by", "balanced,cv", "--format", "csv"], check=0).stdout
    lines = answer.strip().splitlines()
    rows = [l for l in lines if l.startswith(("false,", "true,"))]
    assert len(rows) == 4, answer  # booleans come back as booleans, not 0 and 1
    assert file_bytes(path) == before, "reading changed the store"


@tests
def a_schema_1_store_of_numerics_1_is_refused_for_resuming_and_left_alone():
    path = copy_of_fixture("resume.h5")
    with h5py.File(path, "r+") as f:  # as a run killed after 5 of its 8 points leaves it
        for point in (1, 4, 6):
            f["status"][point] = 0
            f["scores"][point, :] = np.nan
    before = file_bytes(path)
    p = run(["run", SPEC, "--store", path] + TODAY, ranks=1, check=EXIT_USAGE)
    assert "numerics version 1 (hetsweep 0.1" in p.stderr, p.stderr
    assert f"computes version {NUMERICS}" in p.stderr, p.stderr
    assert file_bytes(path) == before


@tests
def another_spec_or_other_numerics_are_refused_and_leave_the_store_alone():
    fresh = work.file("fresh.h5")
    run(["run", SPEC, "--store", fresh, "seed=1"] + TODAY, ranks=1, check=0)
    before = file_bytes(fresh)
    p = run(["run", SPEC, "--store", fresh, "seed=1", "cv=[0, 2]"] + TODAY, ranks=1, check=EXIT_USAGE)
    assert "belongs to another spec" in p.stderr, p.stderr
    assert file_bytes(fresh) == before

    with h5py.File(fresh, "r+") as f:
        assert f.attrs["schema_version"] == 3 and f["checksum"].dtype == np.uint32
        assert f["grid"]["balanced"].dtype == np.bool_, "h5py reads a boolean column as bool"
        assert f["grid"]["balanced"].attrs["kind"] in ("bool", b"bool")
        assert f["grid"]["seed"].attrs["seed"] == 1
        f.attrs["numerics_version"] = np.int32(99)
        f["status"][0] = 0
    before = file_bytes(fresh)
    p = run(["run", SPEC, "--store", fresh, "seed=1"] + TODAY, ranks=1, check=EXIT_USAGE)
    assert "numerics version 99" in p.stderr and f"computes version {NUMERICS}" in p.stderr, p.stderr
    assert file_bytes(fresh) == before


if __name__ == "__main__":
    try:
        tests.main()
    finally:
        work.cleanup()
