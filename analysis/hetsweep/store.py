"""Read a hetsweep sweep store into numpy, through the documented schema (versions 1 to 3).

The schema is the comment at the top of include/hetsweep/store/sweep_store.hpp; docs/query.md
restates what this module relies on:

    /grid/<key>       [n_points]  one column per model key: bool, int64, float64 or fixed-length UTF-8;
                                  attribute `seed` on the seed columns (schema 2)
    /tasks/<name>     [n_tasks]   k, d, shift, tier (integers); delta, delta_realised, complexity (float64)
    /scores           float64 [n_points, n_tasks], raw R^2 on the test window
    /metric_names     [n_metrics] strings; /metrics float64 [n_points, n_metrics]
    /status           int8 [n_points]: 0 pending, 1 done, 2 failed
    /checksum         uint32 [n_points] (schema 3): CRC-32 of a done row, over the little-endian
                                  float64 bytes of each per-task row (per_task_names order), then
                                  of its metrics row
    root attributes   schema_version (1, 2 or 3), sweep_name, spec_hash, created, ...

Only done points carry data; rows never written read as NaN. Nothing here imports hetsweep's C++,
and nothing here computes statistics: those come from `hetsweep query` (analysis/hetsweep_query.py).
Needs numpy and h5py (Debian: python3-numpy, python3-h5py).
"""
import zlib

import h5py
import numpy as np

SCHEMA_VERSIONS = (1, 2, 3)
PENDING, DONE, FAILED = 0, 1, 2
# Schema 1 did not mark its seed columns; hetsweep 0.1 had exactly these. Schema 2 stores say so
# themselves (the key table in C++ is the one place that knows).
SCHEMA_1_SEEDS = ("seed", "input_seed")


def _text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


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
        names = [_text(n) for n in self.file["per_task_names"][...]]
        stored = self.file["checksum"][...]
        metrics = self.file["metrics"]
        done = np.flatnonzero(self.status == DONE)
        damaged = []
        for start in range(0, len(done), 1024):
            block = done[start:start + 1024]
            rows = [self.file[name][block, :].astype("<f8") for name in names]
            values = metrics[block, :].astype("<f8")
            for j, point in enumerate(block):
                crc = 0
                for r in rows:
                    crc = zlib.crc32(r[j].tobytes(), crc)
                crc = zlib.crc32(values[j].tobytes(), crc)
                if crc != int(stored[point]):
                    damaged.append(int(point))
        return damaged

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
