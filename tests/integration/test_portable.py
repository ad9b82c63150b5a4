"""What holds on another machine: the quoted outputs of the docs and the golden files hold under
another BLAS kernel and with the other build (without -march=native when build/ has it, with it
otherwise: build/other-build/, made by the main build); every score agrees to rounding across
kernels and builds; and a store resumed on another platform says so in its run log and status.

This machine stands in for another CPU the two ways it can: OPENBLAS_CORETYPE picks another kernel
(the library reads it when it loads), and the other build emits other instructions (FMA or not,
another vector width)."""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from sweeplib import ENV, HETSWEEP, MPIRUN, SOURCE, suite, workdir  # noqa: E402

test = suite()
work = workdir()
OTHER = os.environ.get("HETSWEEP_OTHER", os.path.join(os.path.dirname(os.path.abspath(HETSWEEP)), "other-build",
                                                      "hetsweep"))
GENERIC = {"OPENBLAS_CORETYPE": "Prescott"}  # OpenBLAS's generic kernel: SSE3, no FMA, other sums
# The bounds docs/running.md states (Reproducibility) and this test asserts: every task's R^2 within 1e-5
# (the readout's products with the targets are single precision, which kernels round differently),
# every paired difference of means within 1e-6.
TASK_R2, PAIRED = 1e-5, 1e-6


def env(extra=None, binary=HETSWEEP):
    e = dict(ENV, HETSWEEP=binary)
    for k in ("OPENBLAS_CORETYPE", "HETSWEEP_BLAS_CORETYPE"):
        e.pop(k, None)
    e.update(extra or {})
    return e


def docs_check(binary, extra=None):
    p = subprocess.run(["bash", os.path.join(SOURCE, "scripts", "docs.sh"), "--check", "--build",
                        os.path.dirname(os.path.abspath(binary))], env=env(extra, binary), capture_output=True,
                       text=True, timeout=600)
    assert p.returncode == 0, p.stdout[-4000:] + p.stderr[-2000:]
    assert "docs: checked" in p.stdout, p.stdout


def golden_tests(binary, extra=None):
    for script, names in (("test_submit.py", ["golden_batch_scripts"]),
                          ("test_store_compat.py", [])):
        p = subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), script), *names],
                           env=env(extra, binary), capture_output=True, text=True, timeout=600)
        assert p.returncode == 0 and " 0 failed" in p.stdout, f"{script}:\n{p.stdout[-4000:]}{p.stderr[-2000:]}"


@test
def the_other_build_exists_and_differs():
    assert os.access(OTHER, os.X_OK), f"no other build at {OTHER}: cmake --build builds it (HETSWEEP_OTHER_BUILD)"
    ours = subprocess.run([HETSWEEP, "version"], env=env(), capture_output=True, text=True).stdout
    theirs = subprocess.run([OTHER, "version"], env=env(), capture_output=True, text=True).stdout
    build = [next(x for x in v.splitlines() if x.startswith("build: ")) for v in (ours, theirs)]
    assert build[0] != build[1] and {b.split()[1] for b in build} == {"native", "portable"}, build


@test
def quoted_outputs_hold_under_the_generic_kernel():
    docs_check(HETSWEEP, GENERIC)


@test
def quoted_outputs_hold_with_the_other_build():
    docs_check(OTHER)


@test
def golden_files_hold_under_the_generic_kernel_and_with_the_other_build():
    golden_tests(HETSWEEP, GENERIC)
    golden_tests(OTHER)


@test
def scores_agree_to_rounding_across_kernels_and_builds():
    out = work.file("reproducibility.json")
    p = subprocess.run([sys.executable, os.path.join(SOURCE, "scripts", "reproducibility.py"), "--build",
                        os.path.dirname(os.path.abspath(HETSWEEP)), "--other", OTHER, "--out", out],
                       env=env(), capture_output=True, text=True, timeout=900)
    assert p.returncode == 0, p.stdout + p.stderr[-3000:]
    print(p.stdout, end="")
    record = json.load(open(out))
    assert {(r["model"], r["against"]) for r in record["results"]} == {
        (m, a) for m in ("rate", "lif") for a in ("kernel", "generic", "build")}, record["results"]
    for r in record["results"]:
        assert r["max_task_r2"] <= TASK_R2 and r["max_paired_diff"] <= PAIRED, r


@test
def the_kept_measurement_is_of_these_numerics():
    # docs/running.md quotes docs/data/reproducibility.json (through --show): it must come from a build of
    # today's numerics and cover every model and comparison that the measurement makes.
    record = json.load(open(os.path.join(SOURCE, "docs", "data", "reproducibility.json")))
    numerics = subprocess.run([HETSWEEP, "version"], env=env(), capture_output=True, text=True).stdout.split(
        "numerics version ", 1)[1].split()[0]
    assert record["hetsweep"].endswith(f"numerics version {numerics}"), \
        f"docs/data/reproducibility.json is of {record['hetsweep']}; measure again: scripts/reproducibility.py"
    assert {(r["model"], r["against"]) for r in record["results"]} == {
        (m, a) for m in ("rate", "lif") for a in ("kernel", "generic", "build")}
    assert all(r["max_task_r2"] <= TASK_R2 and r["max_paired_diff"] <= PAIRED for r in record["results"])


@test
def a_store_resumed_on_another_platform_says_so():
    store = work.file("mixed.h5")
    spec = os.path.join(SOURCE, "jobs", "demo.toml")
    first = subprocess.run([MPIRUN, "-n", "2", HETSWEEP, "run", spec, "--store", store, "seed=1"], env=env(),
                           capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    assert "another platform" not in first.stderr, first.stderr
    # The other build grows the sweep by a seed: a second run, on another platform.
    grown = subprocess.run([MPIRUN, "-n", "2", OTHER, "run", spec, "--store", store, "seed=[1,2]"],
                           env=env(binary=OTHER), capture_output=True, text=True, timeout=300)
    assert grown.returncode == 0, grown.stderr
    assert "computed on another platform" in grown.stderr and "agree to rounding, not bit for bit" in grown.stderr, \
        grown.stderr
    status = subprocess.run([HETSWEEP, "status", store], env=env(), capture_output=True, text=True, timeout=60)
    assert status.returncode == 0, status.stderr
    print(status.stdout[status.stdout.index("runs:"):], end="")
    assert "platforms: 2, so points of different runs agree to rounding" in status.stdout, status.stdout
    lines = status.stdout.splitlines()
    platform_lines = [x for x in lines if x.startswith("  run") and "; build " in x]
    assert len(platform_lines) == 2 and "build native" in "\n".join(platform_lines) \
        and "build portable" in "\n".join(platform_lines), status.stdout
    as_json = json.loads(subprocess.run([HETSWEEP, "status", store, "--format", "json"], env=env(),
                                        capture_output=True, text=True, timeout=60).stdout)
    platforms = [r["platform"] for r in as_json["runs"] if r["platform"]]
    assert len(set(platforms)) == 2, as_json["runs"]


try:
    test.main()
finally:
    work.cleanup()
