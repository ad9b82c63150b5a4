"""Run `hetsweep query STORE ... --format json` and return its answer, parsed.

The statistics of a store (per-point means, t-based 95% intervals, cost per performance level) are
defined once, in the query engine (src/query/, docs/query.md); scripts take them from the binary
rather than computing them again. The binary is $HETSWEEP if that is set, else `hetsweep` on PATH,
else build/hetsweep in this repository.
"""
import json
import os
import shutil
import subprocess

REPOSITORY = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # analysis/hetsweep/..


class QueryError(RuntimeError):
    """No hetsweep binary, or a query that it refused (the message is its own)."""


def _executable(path):
    return os.path.isfile(path) and os.access(path, os.X_OK)


def find_hetsweep():
    """The hetsweep binary: $HETSWEEP, else `hetsweep` on PATH, else build/hetsweep of this repository."""
    given = os.environ.get("HETSWEEP")
    if given:
        if not _executable(given):
            raise QueryError(f"HETSWEEP={given}: no executable file there")
        return given
    on_path = shutil.which("hetsweep")
    if on_path:
        return on_path
    built = os.path.join(REPOSITORY, "build", "hetsweep")
    if _executable(built):
        return built
    raise QueryError("cannot find the hetsweep binary: set HETSWEEP=/path/to/hetsweep, put hetsweep on PATH, "
                     f"or build it into {built} (cmake -S . -B build && cmake --build build)")


def query(store, *args, hetsweep=None):
    """`hetsweep query STORE ARGS --format json`, parsed: a dict with the header fields and "rows"."""
    command = [hetsweep or find_hetsweep(), "query", store, *args, "--format", "json"]
    p = subprocess.run(command, capture_output=True, text=True)
    if p.returncode != 0:
        raise QueryError(f"{' '.join(command)} exited with {p.returncode}: {p.stderr.strip()}")
    return json.loads(p.stdout)


TIER_NAMES = {0: "tier 0 (least complex)", 1: "tier 1", 2: "tier 2 (most complex)"}


def fmt(value):
    """A grid value as hetsweep query spells it, e.g. in --where (shortest round-trip for numbers)."""
    import numpy as np
    if isinstance(value, (float, np.floating)):
        value = float(value)
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, (np.integer, int)):
        return str(int(value))
    return str(value)


def rows_by(answer, *columns):
    """The rows of an answer keyed by their values of `columns` (a tuple). Numbers come as the exact
    doubles of the store, so a key made of grid values (numpy scalars included) finds its row."""
    return {tuple(row[c] for c in columns): row for row in answer["rows"]}


def value(row, name):
    """A number of a row as a float (JSON spells 2.0 as 2); NaN for a missing row (no point of that
    combination) or null (undefined: the sd of one value, a level that reaches no bin)."""
    x = row.get(name) if row else None
    return float("nan") if x is None else float(x)
