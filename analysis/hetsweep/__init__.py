"""hetsweep's sweep stores in Python: pandas DataFrames, the query engine's statistics, plots.

    import hetsweep                      # analysis/ on PYTHONPATH, or after `cmake --install build`
    s = hetsweep.open("runs/demo.h5")
    points = s.to_dataframe()            # a row per point: grid columns, status, attempts, metrics
    long = s.to_dataframe(per="task")    # a row per done point and task: grid and task columns,
                                         # r2 and the other per-task values
    long.groupby(["profile", "cv"]).r2.mean()
    hetsweep.query("runs/demo.h5", "--by", "cv", "--paired", "cv=0")   # `hetsweep query`, parsed
    s.pairs("cv", 0)                     # (point, partner) pairs that `--paired cv=0` compares
    s.verify()                           # done points whose row no longer matches /checksum
    hetsweep.stats.partial_correlation(y, x, z)
    hetsweep.plots.level_lines(curves, ax=ax)   # plotting functions that take ax=

The store is read through its documented schema (docs/store.md) with h5py; statistics with
confidence intervals and paired tests come from the query engine (`hetsweep query --format json`),
so that Python and the command line report the same numbers. Needs Debian's python3-numpy,
python3-h5py and python3-pandas (python3-matplotlib for the plots).
"""
import numpy as np
import pandas as pd

from . import plots, stats
from .query import QueryError, find_hetsweep, query
from .store import DONE, FAILED, LEVEL_AXIS, NO_PARTNER, PENDING, distinct, row_checksum
from .store import Store as _Store

__all__ = ["open", "Store", "query", "QueryError", "find_hetsweep", "plots", "stats", "distinct", "row_checksum",
           "LEVEL_AXIS", "NO_PARTNER", "PENDING", "DONE", "FAILED", "STATUS"]

STATUS = {PENDING: "pending", DONE: "done", FAILED: "failed"}


class Store(_Store):
    """A store opened read-only (see hetsweep.store.Store), with DataFrame views."""

    def to_dataframe(self, per="point", points=None, done_only=False):
        """The store as a DataFrame.

        `same_as` is the first point of the same computation: the point itself, or, for a point that
        repeats an earlier one (the homogeneous network under another profile), that point. Keep the
        rows where same_as == point to count each network once, as `hetsweep query` does.
        per="point": a row per point (`point` is its row in the store): every grid column, `status`
        ("pending", "done" or "failed"), `attempts` and every metric (NaN where not done; prefixed
        `metric.` where a grid column has the same name: `metric.tau_mean` is the realised mean).
        per="task": a row per done point and task: `point`, `task`, the grid columns, the task
        columns (k, d, shift, tier, delta, delta_realised, complexity; prefixed `task.` where a grid
        column has the same name), `r2` (the raw R^2 on the test window, /scores) and the other
        per-task values the store holds (alignment, alignment_fixed, ridge_factor).
        `points`: a boolean mask or row numbers (store.points_where(cv=1.0), say) to read only those;
        a long frame of a large store is big (points x 882 rows). `done_only` keeps done points
        (per="task" always does).
        """
        rows = np.arange(self.n_points)
        if points is not None:
            points = np.asarray(points)
            rows = np.flatnonzero(points) if points.dtype == bool else np.unique(points.astype(np.int64))
            if len(rows) and (rows.min() < 0 or rows.max() >= self.n_points):
                raise IndexError(f"{self.path}: points outside 0..{self.n_points - 1}")
        if per == "point":
            if done_only:
                rows = rows[self.status[rows] == DONE]
            return self._points_frame(rows)
        if per == "task":
            return self._tasks_frame(rows[self.status[rows] == DONE])
        raise ValueError(f'per="{per}": must be "point" or "task"')

    def _same_as(self, rows):
        """Per row, the first point of the same computation (schema 3); <NA> for older stores."""
        if "same_as" not in self.file:
            return pd.array([pd.NA] * len(rows), dtype="Int64")
        return pd.array(self.file["same_as"][...][rows], dtype="Int64")

    def _points_frame(self, rows):
        frame = pd.DataFrame({"point": rows})
        for name in sorted(self.grid):
            frame[name] = self.grid[name][rows]
        frame["same_as"] = self._same_as(rows)
        frame["status"] = pd.Categorical([STATUS.get(int(s), "invalid") for s in self.status[rows]],
                                         categories=list(STATUS.values()))
        frame["attempts"] = self.file["attempts"][...][rows]
        # Only a done point's row holds data: a pending one may hold a half-written row.
        not_done = self.status[rows] != DONE
        for name in self.metric_names:  # tau_mean is a grid column and a metric (the realised mean)
            values = self.metrics[name][rows].astype(float)
            values[not_done] = np.nan
            frame[f"metric.{name}" if name in self.grid else name] = values
        return frame

    def _tasks_frame(self, rows):
        n_tasks = self.n_tasks
        frame = pd.DataFrame({"point": np.repeat(rows, n_tasks), "task": np.tile(np.arange(n_tasks), len(rows)),
                              "same_as": np.repeat(self._same_as(rows), n_tasks)})
        for name in sorted(self.grid):
            frame[name] = np.repeat(self.grid[name][rows], n_tasks)
        for name, values in self.tasks.items():
            frame[f"task.{name}" if name in self.grid else name] = np.tile(values, len(rows))
        for matrix in self.per_task_names():
            # h5py reads rows in increasing order, which `rows` is.
            frame["r2" if matrix == "scores" else matrix] = self.per_task(matrix, rows).reshape(-1)
        return frame


def open(path):  # noqa: A001  (hetsweep.open, as h5py.File or pandas.read_hdf)
    """Open a sweep store read-only."""
    return Store(path)
