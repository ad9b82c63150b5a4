"""Regenerate the command outputs that the documentation quotes, or check that they are current.

A fenced block right after the line `<!-- docs.sh: run -->` is a quoted run: its lines starting
with "$ " are commands, and the lines after each, up to the next command, are its output (stdout
and stderr, as a terminal shows them). This script runs the commands of every such block, in the
order of the file, in a fresh folder that holds the build (`build/`, first on PATH as `hetsweep`),
the repository's `jobs/`, `docs/` and `analysis/`, an empty `runs/`, and the fixture stores:

    demo.h5    mpirun -n 2 hetsweep run jobs/demo.toml --store demo.h5                     72 points
    sizes.h5   mpirun -n 2 hetsweep run jobs/demo.toml --store sizes.h5 "N=[50,100,200]" input_seed=1
                                                                                           72 points,
               made only when a block names it

A generated section is the output of one command written into the page as it is (a Markdown table,
say), between the lines `<!-- docs.sh: output of `COMMAND` -->` and `<!-- docs.sh: end -->`; it is
run, compared and regenerated as a quoted run is.

The numbers are deterministic on one machine; what is not (times, rates, dates, the commit, the BLAS
kernel of this machine) is masked when a block is compared, and written as this run gives it when a
block is regenerated. Progress lines keep only their last state, as a terminal that rewrites them
shows it.

Another CPU, BLAS kernel or compiler flag (-march=native or not) rounds differently, and a quoted
double moves in its ninth significant digit or later. So a block is compared number by number: the
text around the numbers must be the same, integers (counts) must be equal, and two numbers with a
decimal point or an exponent agree when

    |a - b| <= 1e-6 * max(|a|, |b|) + 1e-7       (the absolute 1e-7 only for a number printed
                                                 without an exponent: 4.4e-50 is not 4.4e-40)

A relative 1e-6 is far above the 1e-9 seen between two CPUs of this machine kind; the absolute 1e-7
covers small quantities computed from scores (a standard deviation, a paired difference): the
readout's products with the targets are single precision (readout.precision), which a generic BLAS
kernel (Prescott) rounds differently, moving a mean score by up to about 1e-8. Both are far below
any digit the docs print in tables.

or, for a number printed with fewer than 7 significant digits, when they differ by at most one unit
of the last printed digit (a value rounded near a half-way point may round the other way).

    /usr/bin/python3 scripts/docs.py [--check] [--build DIR] [FILE ...]

--check changes nothing and exits 1, naming each stale block with a diff, when a quoted output
differs. Benchmark outputs are not quoted runs: they are measurements, made by bench/; nor are
the SLURM sessions of docs/slurm.md (job ids, queue times), recorded on the local cluster.
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
FILES = ["README.md", "docs/specs.md", "docs/running.md", "docs/query.md", "docs/lif.md", "docs/store.md",
         "docs/results.md"]
MARKER = "<!-- docs.sh: run -->"
FIXTURES = {"demo.h5": [], "sizes.h5": ["N=[50,100,200]", "input_seed=1"]}
PROGRESS = re.compile(r"^\d+/\d+ done, \d+ failed, \d+ running \|")
# What differs between two runs of the same commands, and is masked when they are compared.
MASKS = [
    (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"), "<time>"),
    (re.compile(r"hetsweep \d+\.\d+\.\d+ \([0-9a-f]+(-dirty)?\)"), "hetsweep <version>"),
    (re.compile(r"OpenBLAS [0-9.]+, kernel \w+|BLIS [^,)]*"), "<blas>"),
    (re.compile(r"\d+(\.\d+)? points/s"), "<rate> points/s"),
    (re.compile(r"ETA \d+ s"), "ETA <eta>"),
    (re.compile(r"\d+(\.\d+)? GFLOP/s"), "<rate> GFLOP/s"),
    (re.compile(r"^(  time: ).*$"), r"\1<times>"),
    (re.compile(r"about \d+(\.\d+)? s of sweep"), "about <t> s of sweep"),
    (re.compile(r"^platform: .*$"), "platform: <cpu; blas; build>"),
]


# A number standing alone (not inside an identifier such as a hash): sign, digits, decimals, exponent.
NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?(?![\w.])")
RELATIVE, ABSOLUTE = 1e-6, 1e-7


def significant_digits(text):
    mantissa = re.split(r"[eE]", text.lstrip("+-"))[0].replace(".", "").lstrip("0")
    return len(mantissa)


def last_unit(text):
    """One unit of the last printed digit of a decimal number ("0.3557" -> 1e-4)."""
    mantissa, _, exponent = text.lower().partition("e")
    decimals = len(mantissa.split(".", 1)[1]) if "." in mantissa else 0
    return 10.0 ** (int(exponent or 0) - decimals)


def numbers_agree(a, b):
    """The comparison rule of the module docstring, for two numbers as printed."""
    if a == b:
        return True
    if not any(c in a + b for c in ".eE"):
        return False  # integers are counts: equal or not
    x, y = float(a), float(b)
    absolute = 0.0 if any(c in a + b for c in "eE") else ABSOLUTE
    if abs(x - y) <= RELATIVE * max(abs(x), abs(y)) + absolute:
        return True
    if max(significant_digits(a), significant_digits(b)) < 7:
        return abs(x - y) <= max(last_unit(a), last_unit(b)) * (1 + 1e-9)
    return False


def lines_agree(old, new):
    """True when two masked lines have the same text around their numbers and every number agrees."""
    if old == new:
        return True
    if NUMBER.sub("#", old) != NUMBER.sub("#", new):
        return False
    return all(numbers_agree(a, b) for a, b in zip(NUMBER.findall(old), NUMBER.findall(new)))


def blocks_agree(old, new):
    old, new = masked(old), masked(new)
    return len(old) == len(new) and all(lines_agree(a, b) for a, b in zip(old, new))


GENERATED = re.compile(r"^<!-- docs\.sh: output of `(.+)` -->$")
GENERATED_END = "<!-- docs.sh: end -->"


def generated(lines):
    """(start, end, command) of the generated sections: the lines between their markers."""
    out = []
    for i, line in enumerate(lines):
        m = GENERATED.match(line.strip())
        if m:
            end = next((j for j in range(i + 1, len(lines)) if lines[j].strip() == GENERATED_END), None)
            if end is None:
                sys.exit(f"docs: the generated section on line {i + 1} has no {GENERATED_END}")
            out.append((i + 1, end, m.group(1)))
    return out


def run_generated(command, build, folder):
    p = subprocess.run(["bash", "-c", command], cwd=folder, env=environment(build), capture_output=True, text=True,
                       timeout=600)
    if p.returncode != 0:
        sys.exit(f"docs: `{command}` exited {p.returncode}:\n{p.stderr}")
    return p.stdout.rstrip("\n").split("\n")


def blocks(lines):
    """(start, end) line ranges inside the fences of the marked blocks, in file order."""
    out = []
    for i, line in enumerate(lines):
        if line.strip() == MARKER and i + 1 < len(lines) and lines[i + 1].startswith("```"):
            end = next((j for j in range(i + 2, len(lines)) if lines[j].startswith("```")), None)
            if end is None:
                sys.exit(f"docs: the block after the marker on line {i + 1} is not closed")
            out.append((i + 2, end))
    return out


def environment(build):
    return dict(os.environ, PATH=build + os.pathsep + os.environ.get("PATH", ""), COLUMNS="100",
                OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
                OMPI_MCA_rmaps_base_oversubscribe="1", OPENBLAS_NUM_THREADS="1", HETSWEEP_PROGRESS="lines")


def make_folder(build, folder):
    for name in ("jobs", "docs", "analysis", "scripts"):
        os.symlink(os.path.join(REPOSITORY, name), os.path.join(folder, name))
    os.symlink(build, os.path.join(folder, "build"))
    os.mkdir(os.path.join(folder, "runs"))


def make_fixture(name, build, folder):
    if os.path.exists(os.path.join(folder, name)):
        return
    p = subprocess.run(["mpirun", "-n", "2", os.path.join(build, "hetsweep"), "run",
                        os.path.join(REPOSITORY, "jobs", "demo.toml"), "--store", name, *FIXTURES[name]],
                       cwd=folder, env=environment(build), capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"docs: making the fixture {name} failed ({p.returncode}):\n{p.stderr}")


def last_progress_only(lines):
    """Of each run of progress lines, the last: what a terminal that rewrites the line in place shows."""
    return [line for i, line in enumerate(lines)
            if not (PROGRESS.match(line) and i + 1 < len(lines) and PROGRESS.match(lines[i + 1]))]


def run_block(lines, build, folder):
    """The block's lines with each command's output replaced by a fresh run's."""
    out = []
    for line in lines:
        if not line.startswith("$ "):
            continue  # an output line: replaced below
        for name in FIXTURES:
            if re.search(rf"(^|[ /]){re.escape(name)}\b", line[2:]) and "runs/" + name not in line:
                make_fixture(name, build, folder)
        out.append(line)
        p = subprocess.run(["bash", "-c", line[2:] + " 2>&1"], cwd=folder, env=environment(build),
                           capture_output=True, text=True, timeout=600)
        if p.stdout.strip():
            out.extend(last_progress_only(p.stdout.rstrip("\n").split("\n")))
    return out


def masked(lines):
    out = []
    for line in last_progress_only(lines):
        for pattern, replacement in MASKS:
            line = pattern.sub(replacement, line)
        out.append(line)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a quoted output is stale")
    parser.add_argument("--build", default=os.path.join(REPOSITORY, "build"), help="the build folder (build/)")
    parser.add_argument("files", nargs="*", default=FILES, help=f"the files (default: {' '.join(FILES)})")
    args = parser.parse_args()
    build = os.path.abspath(args.build)
    stale, count, tables = [], 0, 0
    for name in args.files:
        folder = tempfile.mkdtemp(prefix="hetsweep-docs-")
        try:
            make_folder(build, folder)
            path = os.path.join(REPOSITORY, name)
            with open(path) as f:
                lines = f.read().split("\n")
            fresh = [(start, end, run_block(lines[start:end], build, folder)) for start, end in blocks(lines)]
            count += len(fresh)
            sections = generated(lines)
            tables += len(sections)
            fresh += [(start, end, run_generated(command, build, folder)) for start, end, command in sections]
            fresh.sort()
            for start, end, new in reversed(fresh):
                old = lines[start:end]
                if not blocks_agree(old, new):
                    first = next((line for line in old if line.startswith("$ ")), lines[start - 1].strip())
                    stale.append(f"{name}:{start}: {first}")
                    if args.check:
                        sys.stdout.writelines(difflib.unified_diff([x + "\n" for x in old], [x + "\n" for x in new],
                                                                   f"{name}:{start} quoted", "fresh"))
                    if not args.check:
                        lines[start:end] = new  # unchanged blocks keep their text: no churn of times
            if not args.check:
                with open(path, "w") as f:
                    f.write("\n".join(lines))
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    if args.check and stale:
        print("docs: stale quoted outputs (regenerate with bash scripts/docs.sh):\n  " + "\n  ".join(stale))
        return 1
    print(f"docs: {'checked' if args.check else 'regenerated'} {count} quoted runs and {tables} generated "
          f"section{'' if tables == 1 else 's'} in {', '.join(args.files)}"
          + (f"; {len(stale)} had changed" if stale and not args.check else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
