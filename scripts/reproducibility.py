"""How far a sweep's numbers move with the machine: the demo sweep (rate, on 2 network seeds x 2 input
realisations) and the same design with spiking neurons (network.model=lif), each computed by

    reference   this build (build/), the BLAS kernel OpenBLAS picks for this CPU
    kernel      the same binary with another OpenBLAS kernel (Haswell, or Sandybridge where the
                CPU's own pick is Haswell): another order of the products' sums
    generic     the same binary with OpenBLAS's generic Prescott kernel (SSE3, no FMA)
    build       the other build (build/other-build/: without -march=native when build/ has it,
                with it otherwise), with the reference kernel

and, against the reference, the largest difference of any task's R^2 in any point, of any
paired difference (a level's mean R^2 minus its cv = 0 partner's, `query --paired cv=0`), and
whether the stores are bit-identical. The same binary, CPU and kernel give bit-identical stores
(any rank count, batch size or interruption: tests/integration/test_sweep_engine.py); this
measures what agrees only to rounding.

    /usr/bin/python3 scripts/reproducibility.py [--build DIR] [--other DIR/hetsweep] [--out FILE]
    /usr/bin/python3 scripts/reproducibility.py --show [FILE]

The measurement writes FILE (default docs/data/reproducibility.json); --show prints the table the
docs/running.md quotes from it (scripts/docs.sh runs that command, so the page cannot drift from the data).
"""
import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

REPOSITORY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPOSITORY, "analysis"))
import hetsweep  # noqa: E402
from hetsweep.store import LEVEL_AXIS  # noqa: E402

DATA = os.path.join(REPOSITORY, "docs", "data", "reproducibility.json")
# The demo's design on 2 network seeds x 2 input realisations (32 points): the rounding a platform
# brings does not grow with the number of points, and the test suite measures it on every run.
REPLICATES = ["seed=[1,2]", "input_seed=[1,2]"]
DESIGNS = {"rate": REPLICATES, "lif": REPLICATES + ["network.model=lif"]}
LABELS = {"kernel": "another BLAS kernel", "generic": "generic BLAS kernel (Prescott)",
          "build": "the other build"}


def environment(extra):
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
               OMPI_MCA_rmaps_base_oversubscribe="1", OPENBLAS_NUM_THREADS="1", HETSWEEP_PROGRESS="lines")
    for k in ("OPENBLAS_CORETYPE", "HETSWEEP_BLAS_CORETYPE"):
        env.pop(k, None)
    env.update(extra)
    return env


def version_lines(binary, extra=None):
    """`hetsweep version` as {"hetsweep": its first line, "BLAS": ..., "CPU": ..., "build": ...}."""
    out = subprocess.run([binary, "version"], env=environment(extra or {}), capture_output=True, text=True,
                         check=True).stdout
    lines = out.splitlines()
    fields = {"hetsweep": lines[0]}
    for line in lines[1:]:
        blas, _, cpu = line.partition("; CPU: ")  # the BLAS line ends with the CPU's features
        name, _, value = blas.partition(": ")
        fields[name] = value
        if cpu:
            fields["CPU"] = cpu
    return fields


def kernel_of(binary, extra=None):
    return version_lines(binary, extra)["BLAS"].split("kernel ", 1)[1].split(" ", 1)[0]


def configurations(build, other):
    own = kernel_of(os.path.join(build, "hetsweep"), {"HETSWEEP_BLAS_CORETYPE": "keep"})
    another = "Sandybridge" if own == "Haswell" else "Haswell"
    binary = os.path.join(build, "hetsweep")
    return own, {
        "reference": (binary, {"HETSWEEP_BLAS_CORETYPE": "keep"}),
        "kernel": (binary, {"OPENBLAS_CORETYPE": another}),
        "generic": (binary, {"OPENBLAS_CORETYPE": "Prescott"}),
        "build": (other, {"HETSWEEP_BLAS_CORETYPE": "keep"}),
    }


def compute(binary, extra, design, store, folder):
    command = ["mpirun", "-n", "2", binary, "run", os.path.join(REPOSITORY, "jobs", "demo.toml"), "--store", store,
               *DESIGNS[design]]
    p = subprocess.run(command, cwd=folder, env=environment(extra), capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"reproducibility: {' '.join(command)} exited {p.returncode}:\n{p.stderr[-3000:]}")
    paired_query = [binary, "query", store, "--by", f"profile,{LEVEL_AXIS}", "--paired", f"{LEVEL_AXIS}=0",
                    "--format", "json"]
    answer = subprocess.run(paired_query, cwd=folder, env=environment(extra), capture_output=True, text=True,
                            check=True)
    paired = {(r["profile"], r[LEVEL_AXIS]): r["diff"] for r in json.loads(answer.stdout)["rows"]}
    with hetsweep.open(os.path.join(folder, store)) as s:
        metrics = np.column_stack([s.metrics[name] for name in s.result_metric_names()])
        return {"scores": s.per_task("scores"), "metrics": metrics, "alignment": s.per_task("alignment"),
                "paired": paired}


def bit_identical(a, b):
    return all(np.array_equal(np.ascontiguousarray(a[k]).view(np.uint8), np.ascontiguousarray(b[k]).view(np.uint8))
               for k in ("scores", "metrics", "alignment"))


def compare(reference, other):
    scores = float(np.nanmax(np.abs(reference["scores"] - other["scores"])))
    paired = max(abs(reference["paired"][k] - other["paired"][k]) for k in reference["paired"])
    return {"max_task_r2": scores, "max_paired_diff": paired, "bit_identical": bit_identical(reference, other)}


def measure(build, other, out):
    own, configs = configurations(build, other)
    versions = version_lines(os.path.join(build, "hetsweep"), {"HETSWEEP_BLAS_CORETYPE": "keep"})
    record = {
        "what": "largest differences against the reference (build/ with the kernel OpenBLAS picks), "
                "jobs/demo.toml with " + " ".join(REPLICATES) + " on 2 ranks; R^2 clipped at 0 for the paired "
                "differences",
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d"),
        "hetsweep": versions["hetsweep"],
        "cpu": versions["CPU"],
        "reference": {"kernel": own, "build": versions["build"]},
        "others": {name: {"binary": "build/other-build/hetsweep" if name == "build" else "build/hetsweep",
                          "kernel": extra.get("OPENBLAS_CORETYPE", own),
                          "build": version_lines(binary, extra)["build"]}
                   for name, (binary, extra) in configs.items() if name != "reference"},
        "results": [],
    }
    with tempfile.TemporaryDirectory(prefix="hetsweep-repro-") as folder:
        for design in DESIGNS:
            stores = {}
            for name, (binary, extra) in configs.items():
                print(f"reproducibility: {design} on {name}", file=sys.stderr, flush=True)
                stores[name] = compute(binary, extra, design, f"{design}-{name}.h5", folder)
            for name in configs:
                if name != "reference":
                    record["results"].append({"model": design, "against": name,
                                              **compare(stores["reference"], stores[name])})
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, "w") as f:
        json.dump(record, f, indent=1)
        f.write("\n")
    return record


def show(record):
    print(f"measured {record['date']} by {record['hetsweep']}")
    print(f"CPU {record['cpu']}")
    print(f"reference: build/hetsweep, {record['reference']['build']}, kernel {record['reference']['kernel']}")
    for name, o in record["others"].items():
        print(f"{name}: {o['binary']}, {o['build']}, kernel {o['kernel']}")
    print(f"{'model':<6}{'against':<34}{'any task R^2':>14}{'paired diff':>14}  bit-identical")
    for r in record["results"]:
        print(f"{r['model']:<6}{LABELS[r['against']]:<34}{r['max_task_r2']:>14.1e}{r['max_paired_diff']:>14.1e}  "
              f"{'yes' if r['bit_identical'] else 'no'}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", default=os.path.join(REPOSITORY, "build"), help="the build folder (build/)")
    parser.add_argument("--other", help="the other build's binary (default BUILD/other-build/hetsweep)")
    parser.add_argument("--out", default=DATA, help=f"where the measurement goes (default {DATA})")
    parser.add_argument("--show", nargs="?", const=DATA, metavar="FILE", help="print the table of a measurement")
    args = parser.parse_args()
    if args.show:
        with open(args.show) as f:
            show(json.load(f))
        return 0
    build = os.path.abspath(args.build)
    other = args.other or os.path.join(build, "other-build", "hetsweep")
    if not os.access(other, os.X_OK):
        sys.exit(f"reproducibility: no other build at {other} (cmake --build {args.build} builds it)")
    show(measure(build, other, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
