"""Read a hetsweep sweep store into numpy, through the documented schema (version 1).

The schema is the comment at the top of include/hetsweep/store/sweep_store.hpp; docs/query.md
restates what this module relies on:

    /grid/<key>       [n_points]  one column per model key: float64, int64 or fixed-length UTF-8
    /tasks/<name>     [n_tasks]   k, d, shift, tier (int32); delta, delta_realised, complexity (float64)
    /scores           float64 [n_points, n_tasks], raw R^2 on the test window
    /metric_names     [n_metrics] strings; /metrics float64 [n_points, n_metrics]
    /status           int8 [n_points]: 0 pending, 1 done, 2 failed
    root attributes   schema_version (1), sweep_name, spec_hash, created, ...

Only done points carry data; rows never written read as NaN. Nothing here imports hetsweep's C++.
Needs numpy and h5py (Debian: python3-numpy, python3-h5py).
"""
import math

import h5py
import numpy as np

SCHEMA_VERSION = 1
PENDING, DONE, FAILED = 0, 1, 2
SEED_AXES = ("seed", "input_seed")

# Rows of /scores read at once: 512 x 882 doubles, 3.6 MB.
BLOCK_ROWS = 512


def _text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


class Store:
    """A store opened read-only. Small tables are read at once; /scores is read in row blocks."""

    def __init__(self, path):
        self.path = path
        self.file = h5py.File(path, "r")
        version = int(self.file.attrs.get("schema_version", -1))
        if version != SCHEMA_VERSION:
            raise ValueError(f"{path}: schema version {version}; this reader knows {SCHEMA_VERSION}")
        self.attrs = {k: _text(v) if isinstance(v, (bytes, str)) else v for k, v in self.file.attrs.items()}
        self.sweep_name = self.attrs.get("sweep_name", "")
        self.status = self.file["status"][...].astype(np.int8)
        self.n_points = len(self.status)
        self.grid = {}
        for name in self.file["grid"]:
            values = self.file["grid"][name][...]
            if values.dtype.kind == "S":
                values = np.array([_text(v) for v in values], dtype=object)
            self.grid[name] = values
        self.tasks = {name: self.file["tasks"][name][...] for name in self.file["tasks"]}
        self.n_tasks = len(self.tasks["k"])
        self.metric_names = [_text(n) for n in self.file["metric_names"][...]]
        metrics = self.file["metrics"][...]
        self.metrics = {n: metrics[:, i] for i, n in enumerate(self.metric_names)}

    def close(self):
        self.file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --- columns ---------------------------------------------------------------------------

    def counts(self):
        return {"pending": int((self.status == PENDING).sum()), "done": int((self.status == DONE).sum()),
                "failed": int((self.status == FAILED).sum())}

    def done(self):
        return self.status == DONE

    def axes(self):
        """Grid columns that take more than one value, in name order."""
        return [n for n in sorted(self.grid) if len(distinct(self.grid[n])) > 1]

    def column(self, name):
        """A grid column, or a task column (as name or task.<name>)."""
        if name.startswith("task."):
            return self.tasks[name[5:]]
        if name in self.grid:
            return self.grid[name]
        if name in self.tasks:
            return self.tasks[name]
        raise KeyError(f"{name}: no such column (grid: {', '.join(sorted(self.grid))}; "
                       f"tasks: {', '.join(self.tasks)})")

    def points_where(self, **conditions):
        """Boolean mask over points; each condition is a value, a list of values or a (lo, hi) range."""
        return _where(self.grid, self.n_points, conditions)

    def tasks_where(self, **conditions):
        """Boolean mask over tasks, as points_where (delta_realised=(-1, 1), tier=[0, 1], ...)."""
        return _where(self.tasks, self.n_tasks, conditions)

    # --- scores ----------------------------------------------------------------------------

    def scan(self, task_groups=None, point_groups=None, clip=True, points=None):
        """One pass over /scores in row blocks.

        task_groups: int array [n_tasks], -1 for tasks left out (default: one group of all tasks), or a
          boolean matrix [n_tasks, n_groups] for groups that overlap (all tasks and each tier, say).
        point_groups: int array [n_points], -1 for points left out (default: none).
        Returns (per_point, per_group_task):
          per_point [n_points, n_task_groups]: each done point's mean (clipped) score over the
            group's tasks; NaN for points not done or not selected.
          per_group_task [n_point_groups, n_tasks]: mean over the group's done points, per task
            (None without point_groups).
        Non-finite scores are left out of every mean.
        """
        if task_groups is None:
            task_groups = np.zeros(self.n_tasks, dtype=int)
        task_groups = np.asarray(task_groups)
        if task_groups.ndim == 2:
            member = task_groups.astype(float)
        else:
            n_groups = int(task_groups.max()) + 1 if (task_groups >= 0).any() else 0
            member = np.zeros((self.n_tasks, n_groups))
            for g in range(n_groups):
                member[task_groups == g, g] = 1.0
        n_tg = member.shape[1]
        wanted = self.done() if points is None else (self.done() & points)
        if point_groups is not None:
            point_groups = np.asarray(point_groups)
            wanted &= point_groups >= 0
            n_pg = int(point_groups.max()) + 1 if (point_groups >= 0).any() else 0
            group_sum = np.zeros((n_pg, self.n_tasks))
            group_count = np.zeros((n_pg, self.n_tasks))
        per_point = np.full((self.n_points, n_tg), np.nan)
        scores = self.file["scores"]
        rows = np.flatnonzero(wanted)
        i = 0
        while i < len(rows):
            first = rows[i]
            j = np.searchsorted(rows, first + BLOCK_ROWS)
            last = rows[j - 1]
            block = scores[first:last + 1]
            take = rows[i:j] - first
            values = block[take]
            finite = np.isfinite(values)
            if clip:
                values = np.maximum(values, 0.0)
            values = np.where(finite, values, 0.0)
            sums = values @ member
            count = finite.astype(float) @ member
            with np.errstate(invalid="ignore", divide="ignore"):
                per_point[rows[i:j]] = np.where(count > 0, sums / count, np.nan)
            if point_groups is not None:
                g = point_groups[rows[i:j]]
                np.add.at(group_sum, g, values)
                np.add.at(group_count, g, finite.astype(float))
            i = j
        if point_groups is None:
            return per_point, None
        with np.errstate(invalid="ignore", divide="ignore"):
            return per_point, np.where(group_count > 0, group_sum / np.maximum(group_count, 1), np.nan)

    def point_scores(self, tasks=None, clip=True, points=None):
        """Each done point's mean (clipped) score over the selected tasks (a mask); NaN elsewhere."""
        groups = np.zeros(self.n_tasks, dtype=int) if tasks is None else np.where(tasks, 0, -1)
        return self.scan(groups, clip=clip, points=points)[0][:, 0]


def _where(columns, n, conditions):
    mask = np.ones(n, dtype=bool)
    for name, want in conditions.items():
        values = columns[name]
        if isinstance(want, tuple):
            lo, hi = want
            mask &= (values >= lo) & (values <= hi)
        elif isinstance(want, (list, set, np.ndarray)):
            mask &= np.isin(values, list(want))
        else:
            mask &= values == want
    return mask


def distinct(values):
    """Distinct values: numbers ascending, text in order of first appearance."""
    values = np.asarray(values)
    if values.dtype == object or values.dtype.kind in "SU":
        seen = {}
        for v in values:
            seen.setdefault(v, None)
        return list(seen)
    return sorted(set(values.tolist()))


def group_ids(store, by, points=None):
    """Group the points by grid columns: (keys, ids) with ids[i] the index into keys, -1 outside `points`.
    Keys are tuples of the columns' values, ordered level by level as distinct() orders them."""
    points = np.ones(store.n_points, dtype=bool) if points is None else points
    if not by:
        return [()], np.where(points, 0, -1)
    levels = [distinct(store.grid[b][points]) for b in by]
    index = [{v: i for i, v in enumerate(lv)} for lv in levels]
    codes = [np.array([index[c].get(v, -1) for v in store.grid[b]]) for c, b in enumerate(by)]
    combos = sorted({tuple(int(code[i]) for code in codes) for i in np.flatnonzero(points)})
    where = {combo: g for g, combo in enumerate(combos)}
    ids = np.full(store.n_points, -1)
    for i in np.flatnonzero(points):
        ids[i] = where[tuple(int(code[i]) for code in codes)]
    keys = [tuple(levels[c][k] for c, k in enumerate(combo)) for combo in combos]
    return keys, ids


# --- statistics ------------------------------------------------------------------------------

def _beta_fraction(a, b, x):
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 100000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((a - 1 + m2) * (a + m2))
        d = 1 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + 1 + m2))
        d = 1 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1 + aa / c
        c = c if abs(c) > tiny else tiny
        step = d * c
        h *= step
        if abs(step - 1) < 1e-16:
            break
    return h


def _incomplete_beta(a, b, x):
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1) / (a + b + 2):
        return front * _beta_fraction(a, b, x) / a
    return 1 - front * _beta_fraction(b, a, 1 - x) / b


def t_quantile(p, df):
    """Quantile p of Student's t with df degrees of freedom (no scipy): bisection on the tail."""
    if not (df > 0 and 0 < p < 1):
        return math.nan
    if p < 0.5:
        return -t_quantile(1 - p, df)
    if p == 0.5:
        return 0.0
    tail = 1 - p
    if df > 1000:
        # Cornish-Fisher (Abramowitz and Stegun 26.7.5): the log-gamma prefactor of the incomplete
        # beta function loses digits at large df.
        lo, hi = 0.0, 40.0
        for _ in range(200):
            if hi - lo <= 1e-16 * hi:
                break
            mid = 0.5 * (lo + hi)
            if 0.5 * math.erfc(mid / math.sqrt(2.0)) > tail:
                lo = mid
            else:
                hi = mid
        z = 0.5 * (lo + hi)
        z2 = z * z
        g1 = (z2 + 1) * z / 4
        g2 = ((5 * z2 + 16) * z2 + 3) * z / 96
        g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384
        g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160
        return z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df

    def upper(t):
        return 0.5 * _incomplete_beta(df / 2, 0.5, df / (df + t * t))

    lo, hi = 0.0, 1.0
    while upper(hi) > tail:
        lo, hi = hi, hi * 2
    for _ in range(200):
        if hi - lo <= 1e-15 * hi:
            break
        mid = 0.5 * (lo + hi)
        if upper(mid) > tail:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def summarise(values):
    """mean, sd, sem, ci95 (t half-width), min, max, median and n of the finite values."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    n = len(v)
    out = {"n": n, "mean": math.nan, "sd": math.nan, "sem": math.nan, "ci95": math.nan,
           "min": math.nan, "max": math.nan, "median": math.nan}
    if n:
        out.update(mean=float(v.mean()), min=float(v.min()), max=float(v.max()), median=float(np.median(v)))
    if n > 1:
        sd = float(v.std(ddof=1))
        out.update(sd=sd, sem=sd / math.sqrt(n), ci95=t_quantile(0.975, n - 1) * sd / math.sqrt(n))
    return out


# --- cost per performance level ----------------------------------------------------------------

def configurations(store, per_point_score, cost, average=SEED_AXES, points=None):
    """Configurations: done points equal in every varying grid column but the averaged ones.
    Returns a list of dicts with the configuration's column values, mean score, mean cost and n."""
    points = store.done() if points is None else (store.done() & points)
    points &= np.isfinite(per_point_score) & np.isfinite(cost)
    columns = [n for n in sorted(store.grid) if n not in average and len(distinct(store.grid[n][points])) > 1]
    found = {}
    for i in np.flatnonzero(points):
        key = tuple(store.grid[c][i] for c in columns)
        entry = found.setdefault(key, {"values": dict(zip(columns, key)), "score": [], "cost": []})
        entry["score"].append(per_point_score[i])
        entry["cost"].append(cost[i])
    out = []
    for entry in found.values():
        out.append({"values": entry["values"], "score": float(np.mean(entry["score"])),
                    "cost": float(np.mean(entry["cost"])), "n": len(entry["score"])})
    return out, columns


def cheapest_per_level(configs, level_axis, bins):
    """{level: [(cost or None, config or None) per bin]}: the cheapest configuration reaching each bin."""
    out = {}
    levels = sorted({c["values"].get(level_axis) for c in configs}, key=lambda v: (v is None, v))
    for level in levels:
        row = []
        for b in bins:
            best = None
            for c in configs:
                if c["values"].get(level_axis) != level or c["score"] < b:
                    continue
                if best is None or c["cost"] < best["cost"] or (c["cost"] == best["cost"] and c["score"] > best["score"]):
                    best = c
            row.append(best)
        out[level] = row
    return out
