"""Helpers for the query tests: run `hetsweep query`, and compute the expected answers from the raw
/scores with numpy, independently of the code under test (the C++ query engine, and the report that
prints its numbers). The store's arrays come through the Python package (test_python_package.py
checks its reading against h5py); every statistic is computed here."""
import csv
import functools
import io
import json
import math

import numpy as np

from sweeplib import hetsweep_package, run


def query(store, *args, check=0):
    """`hetsweep query STORE ARGS --format json`, parsed."""
    p = run(["query", store, *args, "--format", "json"], check=check)
    return json.loads(p.stdout)


def query_csv(store, *args):
    p = run(["query", store, *args, "--format", "csv"], check=0)
    lines = [l for l in p.stdout.splitlines() if not l.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


def identities(grid, n_points):
    """docs/model.md: a homogeneous network (cv = 0) is the same network whatever its profile and
    matching rule, so it is one network: the same identity as its first copy. Worked out from the
    grid here rather than read from /same_as, so that the engine's own is checked."""
    ident = {}
    identity = np.empty(n_points, np.int64)
    for i in range(n_points):
        homogeneous = grid["cv"][i] == 0
        key = tuple((k, grid[k][i]) for k in sorted(grid) if not (homogeneous and k in ("profile", "match")))
        identity[i] = ident.setdefault(key, i)
    return identity


def load(path):
    """The store's arrays: grid (text as str), tasks, /scores, /status and the metrics by name."""
    with hetsweep_package().open(path) as s:
        return {
            "identity": identities(s.grid, s.n_points),
            "scores": s.per_task("scores"),
            "status": s.status,
            "grid": s.grid,
            "tasks": s.tasks,
            "metrics": s.metrics,
        }


# --- Student's t, independently of the engine --------------------------------------------------
# With x = sqrt(df) tan(theta) the density becomes cos(theta)^(df - 1), so
#   P(T <= t) = 1/2 + 1/2 * int_0^atan(t / sqrt(df)) cos^(df-1) / int_0^(pi/2) cos^(df-1),
# two integrals on a finite interval, done by Gauss-Legendre in pieces; no gamma functions.

_nodes, _weights = np.polynomial.legendre.leggauss(64)


def _integral(f, a, b, pieces=64):
    edges = np.linspace(a, b, pieces + 1)
    total = 0.0
    for x0, x1 in zip(edges[:-1], edges[1:]):
        x = 0.5 * (x1 - x0) * _nodes + 0.5 * (x0 + x1)
        total += 0.5 * (x1 - x0) * float(np.sum(_weights * f(x)))
    return total


def t_cdf(t, df):
    def f(theta):  # log cos, without the rounding of cos near 1
        return np.exp((df - 1) * np.log1p(-2 * np.sin(theta / 2) ** 2))
    return 0.5 + 0.5 * _integral(f, 0, math.atan(t / math.sqrt(df))) / _integral(f, 0, math.pi / 2)


@functools.lru_cache(maxsize=None)
def t975(df):
    lo, hi = 0.0, 1.0
    while t_cdf(hi, df) < 0.975:
        lo, hi = hi, 2 * hi
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if t_cdf(mid, df) < 0.975:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-15 * hi:
            break
    return 0.5 * (lo + hi)


def t975_closed_form(df):
    """Closed forms of the 0.975 quantile for 1, 2 and 4 degrees of freedom."""
    p = 0.975
    if df == 1:
        return math.tan(math.pi * (p - 0.5))
    if df == 2:
        return (2 * p - 1) / math.sqrt(2 * p * (1 - p))
    if df == 4:
        a = 4 * p * (1 - p)
        q = math.cos(math.acos(math.sqrt(a)) / 3) / math.sqrt(a)
        return 2 * math.sqrt(q - 1)
    raise ValueError(df)


def statistics(values):
    v = np.asarray(values, dtype=float)
    n = len(v)
    out = {"n": n, "mean": v.mean(), "min": v.min(), "max": v.max(), "median": np.median(v)}
    if n > 1:
        sd = v.std(ddof=1)
        out.update(sd=sd, sem=sd / math.sqrt(n), ci95=t975(n - 1) * sd / math.sqrt(n))
    else:
        out.update(sd=None, sem=None, ci95=None)
    return out


def row_mask(raw, by, row):
    """The points of an answer's row: those whose `by` columns take the row's values."""
    mask = np.ones(len(raw["status"]), bool)
    for b in by:
        mask &= raw["grid"][b] == row[b]
    return mask


def once_per_row(raw, rows):
    """The row's points with each network counted once (the first copy of each identity)."""
    rows = rows.copy()
    first = {}
    for i in np.flatnonzero(rows):
        if first.setdefault(raw["identity"][i], i) != i:
            rows[i] = False
    return rows


def expected_rows(raw, by=(), points=None, tasks=None, clip=True, over="points", task_by=None):
    """{key tuple: statistics} computed straight from /scores. `by` are grid columns, `task_by` an
    optional task column (rows then split by its values too)."""
    n_points, n_tasks = raw["scores"].shape
    points = np.ones(n_points, bool) if points is None else points
    tasks = np.ones(n_tasks, bool) if tasks is None else tasks
    points = points & (raw["status"] == 1)
    s = raw["scores"]
    if clip:
        s = np.maximum(s, 0)
    task_values = [None] if task_by is None else sorted(set(raw["tasks"][task_by][tasks].tolist()))
    out = {}
    keys = sorted({tuple(raw["grid"][b][i] for b in by) for i in np.flatnonzero(points)}, key=str)
    for key in keys:
        rows = points.copy()
        for b, v in zip(by, key):
            rows &= raw["grid"][b] == v
        rows = once_per_row(raw, rows)
        for tv in task_values:
            cols = tasks if tv is None else tasks & (raw["tasks"][task_by] == tv)
            block = s[np.ix_(rows, cols)]
            values = block.mean(axis=1) if over == "points" else block.ravel()
            stats = statistics(values)
            stats["points"] = int(rows.sum())
            stats["tasks"] = int(cols.sum())
            out[key + (() if tv is None else (tv,))] = stats
    return out


def assert_close(got, want, what, rel=1e-12):
    if want is None:
        assert got is None, f"{what}: got {got}, expected null"
        return
    assert got is not None, f"{what}: got null, expected {want}"
    assert abs(got - want) <= rel * max(abs(want), 1e-3), f"{what}: got {got!r}, expected {want!r}"


def check_rows(answer, expected, by, stats, what):
    """Every row of a query answer against the expected statistics, and no row missing or extra."""
    got = {}
    for row in answer["rows"]:
        got[tuple(row[b] for b in by)] = row
    assert len(got) == len(expected), f"{what}: {len(got)} rows, expected {len(expected)}: {sorted(got, key=str)}"
    for key, want in expected.items():
        match = [k for k in got if all((a == b) if isinstance(b, str) else abs(a - b) < 1e-12 for a, b in zip(k, key))]
        assert len(match) == 1, f"{what}: no row {key} in {list(got)}"
        row = got[match[0]]
        for s in stats:
            assert_close(row[s], want[s], f"{what} {key} {s}")
        assert row["points"] == want["points"], f"{what} {key}: points {row['points']} != {want['points']}"
        if "tasks" in row:
            assert row["tasks"] == want["tasks"], f"{what} {key}: tasks {row['tasks']} != {want['tasks']}"


def expected_cost(raw, metric, bins, level="cv", group=None):
    """Cheapest configuration (mean over seeds) per level and bin, straight from the raw store:
    {(profile or None, level, bin): (cost, score, points)} for the cells some configuration reaches."""
    g = raw["grid"]
    done = raw["status"] == 1
    if group:
        done = np.logical_or.reduce([once_per_row(raw, done & (g["profile"] == v)) for v in set(g["profile"])])
    else:
        done = once_per_row(raw, done)
    score = np.maximum(raw["scores"], 0).mean(axis=1)
    cost = raw["metrics"][metric]
    configs = {}
    for i in np.flatnonzero(done):
        key = (g["profile"][i], float(g[level][i]), int(g["N"][i]))
        configs.setdefault(key, []).append(i)
    out = {}
    for key, idx in configs.items():
        s, c = score[idx].mean(), cost[idx].mean()
        grp = key[0] if group else None
        for b in bins:
            if s < b:
                continue
            cell = (grp, key[1], b)
            if cell not in out or c < out[cell][0] or (c == out[cell][0] and s > out[cell][1]):
                out[cell] = (c, s, len(idx))
    return out


def report_numbers(stdout):
    """The key numbers analysis/report.py prints: {(profile, level): fields} of its `score` lines,
    {(metric, bin, level): fields} of its `cost` lines and {(profile, level): fields} of its `paired`
    lines, fields as text."""
    scores, costs, paired = {}, {}, {}
    for line in stdout.splitlines():
        words = line.split()
        fields = dict(f.split("=", 1) for f in words[1:] if "=" in f)
        if words and words[0] == "score":
            scores[(fields["profile"], float(fields["cv"]))] = fields
        elif words and words[0] == "cost":
            costs[(words[1], float(fields["bin"]), float(fields["cv"]))] = fields
        elif words and words[0] == "paired":
            paired[(fields["profile"], float(fields["cv"]))] = fields
    return scores, costs, paired
