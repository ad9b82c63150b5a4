"""The Python package (analysis/hetsweep): hetsweep.open(path).to_dataframe() against the store read
directly with h5py, the long per-task frame against /scores and /tasks, a pandas group mean against
`hetsweep query`, the package's query() against the binary's own JSON, its pairs (Store.partners,
Store.pairs) against a search over the raw grid and the query engine's pair counts, and its partial
correlation against least-squares residuals and a regression's t test, and its within-replicate
regression against least squares and a cluster-robust sandwich built with numpy. The store is read with h5py
directly where the point is an independent check of what the package reads."""
import collections
import json
import os
import sys

import h5py
import numpy as np
from scipy import stats

sys.path.insert(0, os.path.dirname(__file__))
from sweeplib import HETSWEEP, SMALL_SPEC, SOURCE, run, suite, within_cells_fit, workdir  # noqa: E402

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


@test
def partners_are_found_as_the_query_finds_them():
    level = hetsweep.LEVEL_AXIS
    with h5py.File(STORE, "r") as f, hetsweep.open(STORE) as s:
        grid = {k: f["grid"][k][...] for k in f["grid"]}
        n = len(f["status"])
        partner = s.partners(level, 0)
        # By search over the raw grid: the first point at level 0 equal in every other column.
        for i in range(n):
            equal = [j for j in range(n) if grid[level][j] == 0
                     and all(grid[k][j] == grid[k][i] for k in grid if k != level)]
            want = hetsweep.NO_PARTNER if grid[level][i] == 0 else equal[0]
            assert partner[i] == want, (i, partner[i], want)
        assert list(s.partners(level, "0")) == list(partner)  # the value as on the command line
        for key, value, error in (("cvv", 0, KeyError), (level, 3, ValueError), (level, "x", ValueError)):
            try:
                s.partners(key, value)
                raise AssertionError(f"partners({key!r}, {value!r}) was accepted")
            except error:
                pass


def pair_counts(store, key, value):
    """Pairs per (profile, level) as Store.pairs gives them, and as `hetsweep query --paired` counts them."""
    profile, level = store.grid["profile"], store.grid[hetsweep.LEVEL_AXIS]
    ours = collections.Counter((profile[i], float(level[i])) for i, _ in store.pairs(key, value))
    answer = hetsweep.query(STORE, "--by", f"profile,{hetsweep.LEVEL_AXIS}", "--paired", f"{key}={value}",
                            hetsweep=HETSWEEP)
    theirs = {(r["profile"], float(r[hetsweep.LEVEL_AXIS])): r["pairs"] for r in answer["rows"]}
    return ours, theirs, answer


@test
def pairs_are_the_ones_the_query_compares():
    with hetsweep.open(STORE) as s:
        ours, theirs, _ = pair_counts(s, hetsweep.LEVEL_AXIS, 0)
        assert ours == theirs, (ours, theirs)
        # The pending point has a partner but no pair.
        assert s.partners(hetsweep.LEVEL_AXIS, 0)[VICTIM] != hetsweep.NO_PARTNER
        assert VICTIM not in {i for i, _ in s.pairs(hetsweep.LEVEL_AXIS, 0)}
        # Over the profile, a homogeneous point's partner is the same network: no pair.
        ours, theirs, answer = pair_counts(s, "profile", "lognormal")
        assert ours == theirs and answer["paired"]["same_network"] > 0, (ours, theirs, answer["paired"])
        assert all(s.grid[hetsweep.LEVEL_AXIS][i] > 0 for i, _ in s.pairs("profile", "lognormal"))


def residuals(v, z):
    design = np.column_stack([np.ones(len(z)), z])
    return v - design @ np.linalg.lstsq(design, v, rcond=None)[0]


def regression_p(y, x, z):
    """Two-sided p of x's coefficient in the least-squares regression of y on 1, x and z."""
    design = np.column_stack([np.ones(len(y)), x, z])
    beta, rss = np.linalg.lstsq(design, y, rcond=None)[:2]
    dof = len(y) - 3
    se = np.sqrt(rss[0] / dof * np.linalg.inv(design.T @ design)[1, 1])
    return float(2 * stats.t.sf(abs(beta[1] / se), dof))


@test
def partial_correlation_is_that_of_the_residuals():
    rng = np.random.default_rng(5)
    z = rng.normal(size=40)
    x = 0.6 * z + rng.normal(size=40)
    cases = [(0.3 * x - 0.5 * z + rng.normal(size=40), x, z)]
    # And over the store's networks (each once): score, alignment and participation ratio.
    with hetsweep.open(STORE) as s:
        frame = s.to_dataframe(done_only=True)
    once = frame[frame["same_as"] == frame["point"]]
    cases.append(tuple(once[m].to_numpy() for m in ("r2_clipped_mean", "alignment_fixed_mean",
                                                     "participation_ratio")))
    for a, b, c in cases:
        r, p = hetsweep.stats.partial_correlation(a, b, c)
        assert abs(r - stats.pearsonr(residuals(a, c), residuals(b, c))[0]) < 1e-12, r
        assert abs(p - regression_p(a, b, c)) <= 1e-9 * p, (p, regression_p(a, b, c))
    # Undefined: too few values, a constant.
    for a, b, c in ((z[:3], x[:3], z[:3] ** 2), (z, np.ones(40), x), (z, x, np.ones(40))):
        assert all(v != v for v in hetsweep.stats.partial_correlation(a, b, c)), (a, b, c)


@test
def within_replicate_regression_is_least_squares_with_cluster_robust_errors():
    """Against a design built with numpy (sweeplib.within_cells_fit): cell and level dummies, x,
    another regressor and its centred square, least squares and the CR1 sandwich, Student's t with
    G - 1 df; VIF from the within residuals."""
    import pandas as pd
    rng = np.random.default_rng(11)
    rows = []
    for seed in range(1, 5):
        for input_seed in range(1, 4):
            shift = rng.normal(scale=0.05)
            for cv in (0.0, 0.5, 1.0):
                for k in range(3):
                    pr = 2 + cv + rng.normal(scale=0.4)
                    align = 0.2 + 0.05 * cv + rng.normal(scale=0.02)
                    score = shift + 0.3 + 0.8 * align - 0.02 * (pr - 2.5) ** 2 + rng.normal(scale=0.01)
                    rows.append({"seed": seed, "input_seed": input_seed, "cv": cv, "score": score,
                                 "alignment": align, "pr": pr})
    frame = pd.DataFrame(rows)
    got = hetsweep.stats.within_replicate_regression(frame, "score", "alignment", others=["pr"], squared=["pr"])
    cell = (frame.seed.astype(str) + "/" + frame.input_seed.astype(str)).to_numpy()
    pr = frame.pr.to_numpy()
    regressors = [frame.alignment.to_numpy(), pr, (pr - pr.mean()) ** 2]
    beta, se, df = within_cells_fit(frame.score.to_numpy(), regressors, cell, frame.cv.to_numpy())
    g = df + 1
    assert abs(got["coef"] - beta[0]) < 1e-10 and abs(got["se"] - se[0]) < 1e-10 * se[0], (got, beta, se)
    assert got["df"] == g - 1 and got["cells"] == g and got["n"] == len(frame), got
    assert abs(got["p"] - 2 * stats.t.sf(abs(beta[0] / se[0]), df)) < 1e-12, got["p"]
    assert abs(got["p_greater"] - stats.t.sf(beta[0] / se[0], df)) < 1e-12, got["p_greater"]
    # The squared term recovers the inverted U built in (-0.02), and alignment its slope (0.8).
    assert abs(got["coefficients"]["pr^2"]["coef"] + 0.02) < 0.01 and abs(got["coef"] - 0.8) < 0.2, got
    # VIF of alignment: its within part regressed on the others' within parts.
    dummies = np.column_stack([np.ones(len(frame))] + [(cell == c).astype(float) for c in sorted(set(cell))[1:]]
                              + [(frame.cv.to_numpy() == v).astype(float) for v in (0.5, 1.0)])
    within = np.column_stack(regressors) - dummies @ np.linalg.lstsq(dummies, np.column_stack(regressors),
                                                                     rcond=None)[0]
    fit = np.linalg.lstsq(within[:, 1:], within[:, 0], rcond=None)[0]
    r2 = 1 - np.sum((within[:, 0] - within[:, 1:] @ fit) ** 2) / np.sum(within[:, 0] ** 2)
    assert abs(got["vif"]["alignment"] - 1 / (1 - r2)) < 1e-9, (got["vif"], 1 / (1 - r2))


@test
def matching_size_inverts_the_homogeneous_fit_in_log_n():
    """Against scipy's linregress of the homogeneous means on ln N and numpy's interp of ln cost; the
    bootstrap's interval holds the estimate and collapses when every cell is the same."""
    import pandas as pd
    rng = np.random.default_rng(3)
    rows = []
    for seed in (1, 2, 3):
        for input_seed in (1, 2):
            noise = rng.normal(scale=0.005)
            for n in (50, 100, 200, 400, 800):
                for cv in (0.0, 1.0):
                    score = 0.2 + 0.03 * np.log(n) + (0.02 if cv else 0) + noise + rng.normal(scale=0.002)
                    rows.append({"seed": seed, "input_seed": input_seed, "N": n, "cv": cv, "r2_clipped_mean": score,
                                 "flops": 2.0 * n * n, "atp": 1e6 * n * (1.3 if cv else 1)})
    frame = pd.DataFrame(rows)
    got = hetsweep.stats.matching_size(frame, 1.0, 200, costs=["flops", "atp"], resamples=400)
    hom = frame[frame.cv == 0].groupby("N").mean(numeric_only=True)
    fit = stats.linregress(np.log(hom.index.to_numpy(dtype=float)), hom.r2_clipped_mean.to_numpy())
    target = frame[(frame.cv == 1) & (frame.N == 200)].r2_clipped_mean.mean()
    n_match = np.exp((target - fit.intercept) / fit.slope)
    assert abs(got["n_match"] - n_match) < 1e-9 * n_match and abs(got["ratio"] - n_match / 200) < 1e-9, got
    for c in ("flops", "atp"):
        at = np.exp(np.interp(np.log(n_match), np.log(hom.index.to_numpy(dtype=float)), np.log(hom[c].to_numpy())))
        het = frame[(frame.cv == 1) & (frame.N == 200)][c].mean()
        assert abs(got["saving"][c] - at / het) < 1e-9 * at / het, (c, got["saving"][c], at / het)
    lo, hi = got["ratio_ci"]
    assert lo < got["ratio"] < hi and got["cells"] == 6 and not got["beyond_grid"] and got["no_slope"] == 0, got
    # The built-in gain (0.02 at slope 0.03 per ln N) is a size ratio of exp(2/3), about 1.95.
    assert abs(got["ratio"] - np.exp(0.02 / 0.03)) < 0.15, got["ratio"]
    same = frame.copy()
    same["r2_clipped_mean"] = 0.2 + 0.03 * np.log(same.N) + 0.02 * same.cv
    flat = hetsweep.stats.matching_size(same, 1.0, 200, resamples=50)
    assert flat["ratio_ci"][0] == flat["ratio_ci"][1] == flat["ratio"] or \
        abs(flat["ratio_ci"][1] - flat["ratio_ci"][0]) < 1e-9, flat


@test
def cheapest_per_bin_is_the_cheapest_configuration_reaching_each_bin():
    """By hand on four configurations: the cheapest reaching each bin per level, the cheapest over the
    heterogeneous levels, and the savings; the intervals collapse when the cells agree."""
    import pandas as pd
    #            (cv, N): score, cost   reaches 0.30 / 0.35 / 0.40
    table = {(0.0, 100): (0.31, 10.0), (0.0, 200): (0.36, 40.0),  # 10 / 40 / -
             (1.0, 100): (0.36, 12.0), (1.0, 200): (0.41, 45.0),  # 12 / 12 / 45
             (2.0, 100): (0.30, 9.0), (2.0, 200): (0.33, 30.0)}   # 9 / - / -
    rows = [{"seed": s, "input_seed": i, "cv": cv, "N": n, "r2_clipped_mean": sc, "atp": c}
            for s in (1, 2) for i in (1, 2) for (cv, n), (sc, c) in table.items()]
    got = hetsweep.stats.cheapest_per_bin(pd.DataFrame(rows), "atp", [0.30, 0.35, 0.40], resamples=20)
    nan = float("nan")
    want = {0.0: [10, 40, nan], 1.0: [12, 12, 45], 2.0: [9, nan, nan], "any": [9, 12, 45]}
    for level, costs in want.items():
        assert np.allclose(got["estar"][level], costs, equal_nan=True), (level, got["estar"][level])
    assert np.allclose(got["saving"]["any"], [10 / 9, 40 / 12, nan], equal_nan=True), got["saving"]["any"]
    assert got["saving_ci"]["any"][1] == [40 / 12, 40 / 12] and got["defined"]["any"][2] == 0.0, got
    assert got["cells"] == 4 and got["configurations"] == ["100", "200"], got


test.main()
