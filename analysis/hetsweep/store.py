"""Read a hetsweep sweep store into numpy, through the documented schema (versions 1 to 3).

The schema is the comment at the top of include/hetsweep/store/sweep_store.hpp; docs/query.md
restates what this module relies on:

    /grid/<key>       [n_points]  one column per model key: bool, int64, float64 or fixed-length UTF-8;
                                  attribute `seed` on the seed columns (schema 2)
    /tasks/<name>     [n_tasks]   k, d, shift, tier (integers); delta, delta_realised, complexity (float64)
    /scores           float64 [n_points, n_tasks], raw R^2 on the test window
    /metric_names     [n_metrics] strings; /metrics float64 [n_points, n_metrics]
    /status           int8 [n_points]: 0 pending, 1 done, 2 failed
    /checksum         uint32 [n_points] (schema 3): CRC-32 of a done row (row_checksum below)
    /same_as          int64 [n_points] (schema 3): the first point of the same computation
    root attributes   schema_version (1, 2 or 3), sweep_name, spec_hash, created, ...

Only done points carry data; rows never written read as NaN. Nothing here imports hetsweep's C++,
and nothing here computes statistics: those come from `hetsweep query` (hetsweep/query.py). The
Python scripts of this repository read stores through Store, so that the schema is read in one
place (tests read the file directly only to check the format itself). Needs numpy and h5py
(Debian: python3-numpy, python3-h5py).
"""
import zlib

import h5py
import numpy as np

SCHEMA_VERSIONS = (1, 2, 3)
PENDING, DONE, FAILED = 0, 1, 2
# Schema 1 did not mark its seed columns; hetsweep 0.1 had exactly these. Schema 2 stores say so
# themselves (the key table in C++ is the one place that knows).
SCHEMA_1_SEEDS = ("seed", "input_seed")
# The heterogeneity axis: the grid column of tau.cv, the coefficient of variation of the time
# constants. Level 0 is the homogeneous network that every "does heterogeneity help" pairs against.
LEVEL_AXIS = "cv"
# Metrics named time_* measure the machine, not the model (a unit test keeps that naming rule):
# they differ between runs of the same sweep and are left out of every comparison of results.
TIMING_PREFIX = "time_"
NO_PARTNER = -1  # partners(): a point without one


def _text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def is_timing(metric_name):
    """True for a metric that measures the machine (time_*), not the model."""
    return metric_name.startswith(TIMING_PREFIX)


def checksum_of(per_task_rows, metrics_row):
    """The CRC-32 of one point's values: see row_checksum. `per_task_rows` in per_task_names order."""
    crc = 0
    for row in list(per_task_rows) + [metrics_row]:
        crc = zlib.crc32(np.ascontiguousarray(row, dtype="<f8").tobytes(), crc)
    return crc


def row_checksum(store_or_file, point):
    """The /checksum the engine writes for done point `point`, computed from the stored values.

    Definition (src/store/checksums.cpp, row_checksum; written by sweep_store::write_done):
    CRC-32 as zlib computes it (zlib.crc32, initial value 0), fed in order with the little-endian
    IEEE 754 float64 bytes (8 per value) of row `point` of each dataset named in /per_task_names,
    in that order (n_tasks values each; /scores first), then of row `point` of /metrics (n_metrics
    values, in metric_names order). The result is the uint32 stored at /checksum[point]. Rows of
    points never written as done hold 0 there, which this does not reproduce; stores of schemas 1
    and 2 have no /checksum.

    `store_or_file`: a Store or an open h5py.File (a test that edits a row writes the checksum back
    with this, as the engine would).
    """
    f = store_or_file.file if isinstance(store_or_file, Store) else store_or_file
    names = [_text(n) for n in f["per_task_names"][...]]
    return checksum_of([f[name][point, :] for name in names], f["metrics"][point, :])


class Store:
    """A store opened read-only: its small tables, read at once (not /scores)."""

    def __init__(self, path):
        self.path = path
        self.file = h5py.File(path, "r")
        version = int(self.file.attrs.get("schema_version", -1))
        if version not in SCHEMA_VERSIONS:
            raise ValueError(f"{path}: schema version {version}; this reader knows {SCHEMA_VERSIONS}")
        self.attrs = {k: _text(v) if isinstance(v, (bytes, str)) else v for k, v in self.file.attrs.items()}
        self.sweep_name = self.attrs.get("sweep_name", "")
        self.status = self.file["status"][...].astype(np.int8)
        self.n_points = len(self.status)
        self.grid = {}
        self.seeds = []  # grid columns whose values are independent realisations
        for name in self.file["grid"]:
            dataset = self.file["grid"][name]
            if int(dataset.attrs.get("seed", 0)) or (version == 1 and name in SCHEMA_1_SEEDS):
                self.seeds.append(name)
            values = dataset[...]
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

    def verify(self):
        """The done points whose stored row no longer matches its /checksum (schema 3), as a sorted
        list; None for a store without checksums. Reads the per-task matrices a block at a time."""
        if "checksum" not in self.file:
            return None
        names = self.per_task_names()
        stored = self.file["checksum"][...]
        metrics = self.file["metrics"]
        done = np.flatnonzero(self.status == DONE)
        damaged = []
        for start in range(0, len(done), 1024):
            block = done[start:start + 1024]
            rows = [self.file[name][block, :] for name in names]
            values = metrics[block, :]
            for j, point in enumerate(block):
                if checksum_of([r[j] for r in rows], values[j]) != int(stored[point]):
                    damaged.append(int(point))
        return damaged

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --- datasets --------------------------------------------------------------------------

    def per_task_names(self):
        """The per-task matrices the store holds, in /per_task_names order: scores (raw R^2) first,
        then alignment, ridge_factor, ..."""
        return [_text(n) for n in self.file["per_task_names"][...]]

    def per_task(self, name, points=None):
        """A per-task matrix, float64 [points, n_tasks]: all points, or the rows `points` (row
        numbers in increasing order, or a boolean mask)."""
        if name not in self.per_task_names():
            raise KeyError(f"{name}: no such per-task matrix (the store has {', '.join(self.per_task_names())})")
        if points is None:
            return self.file[name][...]
        points = np.asarray(points)
        rows = np.flatnonzero(points) if points.dtype == bool else points.astype(np.int64)
        return self.file[name][rows, :] if len(rows) else np.empty((0, self.n_tasks))

    def result_metric_names(self):
        """The metric names but the timings: the metrics a rerun of the sweep reproduces."""
        return [n for n in self.metric_names if not is_timing(n)]

    def results(self):
        """What a store holds that must not depend on ranks, batches, timing or interruptions, by
        name: "status", each per-task matrix (per_task_names order), then "metrics/<name>" for each
        metric but the timings (metric_names order). Comparing two stores compares these."""
        out = {"status": self.file["status"][...]}
        for name in self.per_task_names():
            out[name] = self.file[name][...]
        for name in self.result_metric_names():
            out["metrics/" + name] = self.metrics[name]
        return out

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

    # --- pairs ---------------------------------------------------------------------------

    def partners(self, key, value):
        """Each point's partner under KEY=VALUE, as `hetsweep query --paired KEY=VALUE` finds it
        (src/query/paired.cpp): the first point with grid column `key` equal to `value` and every
        other grid column equal to the point's. An int64 array over points: the partner's row, or
        NO_PARTNER for a point that has KEY = VALUE itself or no such point in the store. `value` as
        on the command line ("0", "true", "lognormal") or as a number, bool or str; numbers match
        as the query matches them (relative difference up to 1e-9). Status is not looked at."""
        is_reference = self._matches(key, value)
        others = [self.grid[name].tolist() for name in sorted(self.grid) if name != key]
        signatures = list(zip(*others)) if others else [()] * self.n_points
        first = {}
        for j in np.flatnonzero(is_reference):
            first.setdefault(signatures[j], int(j))
        out = np.full(self.n_points, NO_PARTNER, dtype=np.int64)
        for i in np.flatnonzero(~is_reference):
            out[i] = first.get(signatures[i], NO_PARTNER)
        return out

    def pairs(self, key, value):
        """The (point, partner) pairs `hetsweep query --paired KEY=VALUE` compares, before any
        --where: both done, and not the same computation (a point whose /same_as is its partner's,
        as a homogeneous network under two profiles, has nothing to compare; stores of schemas 1
        and 2 have no /same_as, so there no pair is left out for that). A list of (int, int)."""
        partner = self.partners(key, value)
        same_as = self.file["same_as"][...] if "same_as" in self.file else np.arange(self.n_points)
        done = self.status == DONE
        return [(int(i), int(j)) for i, j in enumerate(partner)
                if j != NO_PARTNER and done[i] and done[j] and same_as[i] != same_as[j]]

    def _matches(self, key, value):
        """Mask of the points whose grid column `key` is `value` (see partners)."""
        if key not in self.grid:
            raise KeyError(f"{key}: no such grid column (grid: {', '.join(sorted(self.grid))})")
        column = self.grid[key]
        if column.dtype == object:
            mask = column == _text(value)
        else:
            number = _number(value, key, column.dtype == bool)
            x = column.astype(float)
            mask = (x == number) | (np.abs(x - number) <= 1e-9 * np.maximum(np.abs(x), abs(number)))
        if not mask.any():
            raise ValueError(f"{key}={value}: no point has {key} = {value} ({key} takes "
                             f"{', '.join(map(str, distinct(column)))})")
        return mask


def _number(value, key, boolean):
    """`value` of a numeric or boolean grid column as a float: true/false name a boolean."""
    if boolean and value in ("true", "false"):
        return float(value == "true")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{key}={value}: {key} is {'true or false' if boolean else 'numeric'}") from None
    if not np.isfinite(number):
        raise ValueError(f"{key}={value}: not a finite number")
    return number


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
