"""Regenerate the command outputs that the documentation quotes, or check that they are current.

A fenced block whose lines starting with "$ " are all `hetsweep` commands on the fixture store
`demo.h5` is a quoted run: this script makes the fixture (jobs/demo.toml on 2 local MPI ranks, in
a temporary folder), runs each command there with the build's hetsweep first on PATH, and puts
each command's output (stdout and stderr, as a terminal shows them) under it. The numbers are
deterministic, so a block either matches a fresh run or is stale.

    /usr/bin/python3 scripts/docs.py [--check] [--build DIR]

--check changes nothing and exits 1, naming each stale block, when a quoted output differs.
"""
import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile

REPOSITORY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FILES = ["docs/query.md"]
FIXTURE = "demo.h5"
COMMAND = re.compile(r"^\$ (hetsweep .*)$")


def blocks(text):
    """(start, end) line ranges of the fenced blocks that quote runs on the fixture (inside the fences)."""
    lines = text.split("\n")
    out, start = [], None
    for i, line in enumerate(lines):
        if line.startswith("```"):
            if start is None:
                start = i + 1
                continue
            commands = [line for line in lines[start:i] if line.startswith("$ ")]
            if commands and all(COMMAND.match(c) and f" {FIXTURE}" in c for c in commands):
                out.append((start, i))
            start = None
    return out


def make_fixture(build, folder):
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
               OMPI_MCA_rmaps_base_oversubscribe="1", OPENBLAS_NUM_THREADS="1", HETSWEEP_PROGRESS="lines")
    p = subprocess.run(["mpirun", "-n", "2", os.path.join(build, "hetsweep"), "run",
                        os.path.join(REPOSITORY, "jobs", "demo.toml"), "--store", os.path.join(folder, FIXTURE)],
                       env=env, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"docs: the fixture run failed ({p.returncode}):\n{p.stderr}")


def run_block(lines, build, folder):
    """The block's lines with each command's output replaced by a fresh run's."""
    env = dict(os.environ, PATH=build + os.pathsep + os.environ.get("PATH", ""), COLUMNS="100")
    out = []
    for line in lines:
        if not line.startswith("$ "):
            continue  # an output line: replaced below
        out.append(line)
        p = subprocess.run(["bash", "-c", line[2:] + " 2>&1"], cwd=folder, env=env, capture_output=True, text=True)
        out.extend(p.stdout.rstrip("\n").split("\n") if p.stdout.strip() else [])
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a quoted output is stale")
    parser.add_argument("--build", default=os.path.join(REPOSITORY, "build"), help="the build folder (build/)")
    args = parser.parse_args()
    build = os.path.abspath(args.build)
    folder = tempfile.mkdtemp(prefix="hetsweep-docs-")
    stale = []
    try:
        make_fixture(build, folder)
        for name in FILES:
            path = os.path.join(REPOSITORY, name)
            with open(path) as f:
                text = f.read()
            lines = text.split("\n")
            for start, end in reversed(blocks(text)):
                fresh = run_block(lines[start:end], build, folder)
                if fresh != lines[start:end]:
                    first = next((line for line in lines[start:end] if line.startswith("$ ")), "")
                    stale.append(f"{name}:{start}: {first}")
                    if args.check:
                        sys.stdout.writelines(difflib.unified_diff([x + "\n" for x in lines[start:end]],
                                                                   [x + "\n" for x in fresh], "quoted", "fresh"))
                    lines[start:end] = fresh
            if not args.check:
                with open(path, "w") as f:
                    f.write("\n".join(lines))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if args.check and stale:
        print("docs: stale quoted outputs (regenerate with bash scripts/docs.sh):\n  " + "\n  ".join(stale))
        return 1
    print(f"docs: {'checked' if args.check else 'regenerated'} the quoted runs of {', '.join(FILES)}"
          + (f"; {len(stale)} were stale" if stale and not args.check else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
