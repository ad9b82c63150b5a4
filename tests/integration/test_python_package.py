"""The Python package (analysis/hetsweep): hetsweep.open(path).to_dataframe() against the store read
directly with h5py, the long per-task frame against /scores and /tasks, a pandas group mean against
`hetsweep query`, and the package's query() against the binary's own JSON."""
import json
import os
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from sweeplib import HETSWEEP, SMALL_SPEC, SOURCE, run, suite, workdir  # noqa: E402

sys.path.insert(0, os.path.join(SOURCE, "analysis"))
import hetsweep  # noqa: E402

test = suite()
work = workdir()
STORE = work.file("small.h5")
run(["run", work.file("small.toml", SMALL_SPEC), "--store", STORE], ranks=2, check=0)
# One pending point: its row must come out as pending with NaN metrics, and stay out of the long frame.
with h5py.File(STORE, "r+") as f:
    VICTIM = int(np.flatnonzero(f["grid/cv"][...] > 0)[-1])
    f["status"][VICTIM] = 0


@test
def points_frame_is_the_store():
    with h5py.File(STORE, "r") as f, hetsweep.open(STORE) as s:
        frame = s.to_dataframe()
        n = len(f["status"])
        assert len(frame) == n and list(frame["point"]) == list(range(n))
        for name in f["grid"]:
            raw = f["grid"][name][...]
            want = [v.decode() for v in raw] if raw.dtype.kind == "S" else raw
            assert list(frame[name]) == list(want), name
        # Grid columns keep their types: bool as bool, integers as int64, text as str.
        assert frame["balanced"].dtype == bool and frame["N"].dtype == np.int64 and frame["cv"].dtype == float
        assert isinstance(frame["profile"][0], str)
        status = f["status"][...]
        assert list(frame["status"]) == [("pending", "done", "failed")[v] for v in status]
        assert frame["status"][VICTIM] == "pending"
        names = [v.decode() for v in f["metric_names"][...]]
        metrics = f["metrics"][...]
        for j, name in enumerate(names):
            column = f"metric.{name}" if name in f["grid"] else name
            done = status == 1
            assert np.array_equal(frame[column].to_numpy()[done], metrics[done, j], equal_nan=True), name
            assert np.isnan(frame[column].to_numpy()[~done]).all(), name
        assert "metric.tau_mean" in frame and (frame["tau_mean"] == 0.3).all()
        assert np.isnan(frame["r2_mean"][VICTIM])
        done = s.to_dataframe(done_only=True)
        assert len(done) == n - 1 and VICTIM not in set(done["point"])
        some = s.to_dataframe(points=s.points_where(cv=0.5))
        assert set(some["cv"]) == {0.5} and len(some) == int((f["grid/cv"][...] == 0.5).sum())


@test
def task_frame_is_scores_and_tasks():
    with h5py.File(STORE, "r") as f, hetsweep.open(STORE) as s:
        long = s.to_dataframe(per="task")
        done = np.flatnonzero(f["status"][...] == 1)
        n_tasks = f["scores"].shape[1]
        assert len(long) == len(done) * n_tasks
        assert set(long.columns) >= {"point", "task", "cv", "profile", "k", "d", "tier", "delta_realised", "r2",
                                     "alignment", "ridge_factor"}
        # Row (point i, task t) holds /scores[i, t] and the task table's row t.
        sample = long.sample(200, random_state=1)
        for _, row in sample.iterrows():
            i, t = int(row["point"]), int(row["task"])
            assert row["r2"] == f["scores"][i, t]
            assert row["ridge_factor"] == f["ridge_factor"][i, t]
            assert row["tier"] == f["tasks/tier"][t] and row["delta_realised"] == f["tasks/delta_realised"][t]
            assert row["cv"] == f["grid/cv"][i]
        try:
            s.to_dataframe(per="neuron")
            raise AssertionError("per='neuron' was accepted")
        except ValueError as e:
            assert "per=" in str(e)


@test
def pandas_means_match_the_query_engine():
    # Mean clipped R^2 per (profile, cv) over done points, each network once: the query engine
    # counts the cv = 0 network once per seed, whatever its profile; pandas over the long frame,
    # deduplicated the same way (a homogeneous network's rows are bit-identical copies).
    with hetsweep.open(STORE) as s:
        long = s.to_dataframe(per="task")
    long["clipped"] = long["r2"].clip(lower=0)
    per_point = long.groupby(["point", "profile", "cv", "seed"], as_index=False)["clipped"].mean()
    answer = hetsweep.query(STORE, "--by", "cv", hetsweep=HETSWEEP)
    assert answer == json.loads(run(["query", STORE, "--by", "cv", "--format", "json"], check=0).stdout)
    for row in answer["rows"]:
        pts = per_point[per_point["cv"] == row["cv"]].drop_duplicates(subset=["seed", "cv", "clipped"])
        assert abs(pts["clipped"].mean() - row["mean"]) < 1e-12, (row, pts["clipped"].mean())
        assert len(pts) == row["points"], (row, len(pts))
    # The store marks the repeats itself: keeping the rows whose same_as is their own point counts
    # each network once, the same rows as the deduplication by value above.
    once = long[long["same_as"] == long["point"]]
    once = once.groupby(["point", "cv"], as_index=False)["clipped"].mean()
    for row in answer["rows"]:
        pts = once[once["cv"] == row["cv"]]
        assert len(pts) == row["points"] and abs(pts["clipped"].mean() - row["mean"]) < 1e-12, (row, pts)


@test
def same_as_names_the_point_a_homogeneous_network_repeats():
    with h5py.File(STORE, "r") as f, hetsweep.open(STORE) as s:
        frame = s.to_dataframe()
        cv, seed = f["grid/cv"][...], f["grid/seed"][...]
        profile = f["grid/profile"][...].astype(str)
        for i in range(len(cv)):
            # The first point of the same seed at cv = 0 (any profile), or the point itself.
            first = min(j for j in range(len(cv)) if seed[j] == seed[i] and cv[j] == 0) if cv[i] == 0 else i
            assert frame["same_as"][i] == first, (i, cv[i], profile[i], frame["same_as"][i])
        assert (frame["same_as"] != frame["point"]).sum() == len(set(seed)) * (len(set(profile)) - 1)


test.main()
