"""hetsweep query and analysis/report.py on a small store made by the real binary: answers checked
against numpy on the raw /scores, an unfinished store, cost per performance level, bad queries."""
import math
import os
import re
import shutil
import signal
import subprocess
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from querylib import (assert_close, check_rows, expected_cost, expected_rows, load, once_per_row, query,  # noqa: E402
                      query_csv, report_numbers, row_mask, t975, t975_closed_form)
from sweeplib import (EXIT_USAGE, ENV, HETSWEEP, SOURCE, kill_group, run, seal_rows, start, suite,  # noqa: E402
                      wait_for_done, wait_until_gone, workdir)

test = suite()
work = workdir()

# 2 profiles x 3 levels x 2 sizes x 3 seeds = 36 small points: about 2 s on 2 ranks.
SPEC = """
[sweep]
name = "querytest"
seed = 7

[network]
N = [20, 30]
seed = [1, 2, 3]

[tau]
profile = ["lognormal", "gamma"]
cv = [0.0, 0.5, 1.0]

[timeline]
washout = 5.0
train = 20.0
test = 10.0
"""
STORE = work.file("query.h5")
run(["run", work.file("query.toml", SPEC), "--store", STORE], ranks=2, check=0)
RAW = load(STORE)
TASKS = RAW["tasks"]
ALL_STATS = ["mean", "sd", "sem", "ci95", "min", "max", "median", "n"]


@test
def t_quantile_of_the_test_matches_a_textbook_table():
    # Two-sided 95% critical values of Student's t (any statistics textbook's table, 3 decimals).
    table = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 8: 2.306, 10: 2.228, 17: 2.110, 30: 2.042}
    for df, value in table.items():
        assert abs(t975(df) - value) < 5e-4, (df, t975(df), value)
    for df in (1, 2, 4):
        assert abs(t975(df) - t975_closed_form(df)) < 1e-12 * t975_closed_form(df), df


@test
def groupings_match_numpy_on_the_raw_scores():
    for by in (["profile", "cv"], ["cv"], [], ["N", "cv"], ["seed"]):
        args = ["--stat", ",".join(ALL_STATS)] + (["--by", ",".join(by)] if by else [])
        want = expected_rows(RAW, by)
        for extra in ([], ["--from-scores"]):
            answer = query(STORE, *args, *extra)
            check_rows(answer, want, by, ALL_STATS, f"--by {by} {extra}")
            assert answer["score"] == "clipped" and answer["tasks"]["selected"] == 882
        assert "r2_clipped_mean" in query(STORE, *args)["source"]
        assert query(STORE, *args, "--from-scores")["source"] == "/scores"


@test
def rows_come_in_level_order():
    answer = query(STORE, "--by", "profile,cv")
    keys = [(r["profile"], r["cv"]) for r in answer["rows"]]
    assert keys == [(p, c) for p in ("lognormal", "gamma") for c in (0, 0.5, 1)], keys


@test
def ci95_uses_the_t_quantile():
    # 3 seeds per row: 2 degrees of freedom, where the quantile has a closed form.
    answer = query(STORE, "--by", "profile,cv", "--where", "N=30", "--stat", "mean,sem,ci95,n")
    for row in answer["rows"]:
        assert row["n"] == 3
        assert_close(row["ci95"], t975_closed_form(2) * row["sem"], "ci95 = t(0.975, 2) sem")
        assert abs(row["ci95"] / row["sem"] - 4.303) < 5e-4
    one = query(STORE, "--by", "profile,cv,N,seed", "--stat", "mean,sd,sem,ci95")
    assert all(r["sd"] is None and r["sem"] is None and r["ci95"] is None for r in one["rows"])


@test
def filters_match_numpy():
    g = RAW["grid"]
    cases = [
        (["--where", "N=30"], g["N"] == 30),
        (["--where", "cv=0,1"], np.isin(g["cv"], [0, 1])),
        (["--where", "cv=0.25..1"], (g["cv"] >= 0.25) & (g["cv"] <= 1)),
        (["--where", "cv>0", "--where", "N<=20"], (g["cv"] > 0) & (g["N"] <= 20)),
        (["--where", "profile!=gamma"], g["profile"] != "gamma"),
        (["--where", "profile=gamma,lognormal", "--where", "seed>=2"], g["seed"] >= 2),
        (["--where", "tau.cv<1"], g["cv"] < 1),
    ]
    for args, points in cases:
        for by in (["profile", "cv"], ["N"]):
            answer = query(STORE, "--by", ",".join(by), "--stat", "mean,sd,ci95,median", *args)
            check_rows(answer, expected_rows(RAW, by, points=points), by, ["mean", "sd", "ci95", "median"],
                       f"{args} by {by}")
            assert answer["points"]["selected"] == int(points.sum())
            counted = sum(int(once_per_row(RAW, points & (RAW["status"] == 1) & row_mask(RAW, by, r)).sum())
                          for r in answer["rows"])
            assert sum(r["points"] for r in answer["rows"]) == counted


@test
def task_selections_match_numpy():
    t = TASKS
    cases = [
        (["--tier", "2"], t["tier"] == 2),
        (["--tier", "0,1"], np.isin(t["tier"], [0, 1])),
        (["--k", "1", "--d", "1..2"], (t["k"] == 1) & (t["d"] <= 2)),
        (["--d", ">=4"], t["d"] >= 4),
        (["--delta", "-0.5..0.5"], (t["delta_realised"] >= -0.5) & (t["delta_realised"] <= 0.5)),
        (["--delta", "0.08"], np.isclose(t["delta_realised"], 0.08, rtol=1e-9, atol=0)),
        (["--task", "complexity>=0.5"], t["complexity"] >= 0.5),
        (["--where", "tier=1", "--k", "3"], (t["tier"] == 1) & (t["k"] == 3)),
    ]
    for args, tasks in cases:
        assert 0 < tasks.sum() < 882, args
        answer = query(STORE, "--by", "cv", "--stat", "mean,sem,min,max", *args)
        check_rows(answer, expected_rows(RAW, ["cv"], tasks=tasks), ["cv"], ["mean", "sem", "min", "max"], str(args))
        assert answer["tasks"]["selected"] == int(tasks.sum()) and answer["source"] == "/scores"


@test
def grouping_by_task_columns():
    answer = query(STORE, "--by", "cv,tier", "--stat", "mean,ci95")
    check_rows(answer, expected_rows(RAW, ["cv"], task_by="tier"), ["cv", "tier"], ["mean", "ci95"], "cv,tier")
    tasks = (TASKS["k"] == 1) & (TASKS["d"] == 1)
    answer = query(STORE, "--by", "cv,delta_realised", "--k", "1", "--d", "1")
    assert len(answer["rows"]) == 3 * 49
    check_rows(answer, expected_rows(RAW, ["cv"], tasks=tasks, task_by="delta_realised"), ["cv", "delta_realised"],
               ["mean", "ci95"], "cv,delta_realised")


@test
def raw_and_clipped_scores():
    assert (RAW["scores"] < 0).any(), "the test needs negative scores"
    for clip in (True, False):
        args = [] if clip else ["--raw"]
        answer = query(STORE, "--by", "profile,cv", "--stat", "mean,sd", *args)
        assert answer["score"] == ("clipped" if clip else "raw")
        check_rows(answer, expected_rows(RAW, ["profile", "cv"], clip=clip), ["profile", "cv"], ["mean", "sd"],
                   f"clip={clip}")
        tier = TASKS["tier"] == 2
        answer = query(STORE, "--by", "cv", "--tier", "2", *args)
        check_rows(answer, expected_rows(RAW, ["cv"], tasks=tier, clip=clip), ["cv"], ["mean", "ci95"], f"tier 2 clip={clip}")
    table = run(["query", STORE, "--raw"], check=0).stdout
    assert "raw R^2" in table and "not clipped" in table
    assert "clipped at 0" in run(["query", STORE], check=0).stdout


@test
def statistics_over_tasks():
    for args, tasks in (([], None), (["--d", "1"], TASKS["d"] == 1)):
        for clip in (True, False):
            extra = [] if clip else ["--raw"]
            answer = query(STORE, "--by", "profile,cv", "--over", "tasks", "--stat", ",".join(ALL_STATS), *args, *extra)
            want = expected_rows(RAW, ["profile", "cv"], tasks=tasks, clip=clip, over="tasks")
            check_rows(answer, want, ["profile", "cv"], ALL_STATS, f"over tasks {args} clip={clip}")
            assert answer["over"] == "tasks"
            assert all(r["n"] == 6 * r["tasks"] for r in answer["rows"])


@test
def csv_and_table_agree_with_json():
    args = ["--by", "profile,cv", "--stat", "mean,sem,median", "--tier", "1"]
    answer = query(STORE, *args)
    rows = query_csv(STORE, *args)
    assert [r["profile"] for r in rows] == [r["profile"] for r in answer["rows"]]
    for c, j in zip(rows, answer["rows"]):
        for s in ("mean", "sem", "median"):
            assert float(c[s]) == j[s], (c, j)
        assert int(c["points"]) == j["points"] and int(c["points_total"]) == j["points_total"]
    table = run(["query", STORE, *args], check=0).stdout
    head = [l for l in table.splitlines() if l.startswith("#")]
    assert any("tasks: 294 of 882 (tier=1)" in l for l in head), head
    assert any("statistics across the row's points" in l and "mean, sem, median" in l for l in head), head
    body = [l.split() for l in table.splitlines() if not l.startswith("#")]
    assert body[0] == ["profile", "cv", "mean", "sem", "median", "points", "tasks"], body[0]
    assert body[1][:2] == ["lognormal", "0"] and float(body[1][2]) == round(answer["rows"][0]["mean"], 4)


@test
def per_point_metric_values():
    answer = query(STORE, "--by", "profile,cv", "--value", "tau_skew", "--stat", "mean,max")
    assert answer["value"] == "tau_skew"
    for row in answer["rows"]:
        sel = (RAW["grid"]["profile"] == row["profile"]) & (RAW["grid"]["cv"] == row["cv"])
        assert_close(row["mean"], RAW["metrics"]["tau_skew"][sel].mean(), "tau_skew mean")
        assert_close(row["max"], RAW["metrics"]["tau_skew"][sel].max(), "tau_skew max")


def expected_paired(raw, by, key, value, clip=True):
    """--paired KEY=VALUE straight from /scores with numpy and scipy: {row key: fields}. The stores here
    vary the network seed alone (one input realisation): the cells are independent replicates, tested
    by the exact sign-flip test over all sign patterns (tests/integration/test_statistics.py checks
    crossed designs)."""
    import itertools

    from scipy import stats
    g, done = raw["grid"], raw["status"] == 1
    s = np.maximum(raw["scores"], 0) if clip else raw["scores"]
    others = [k for k in g if k != key]
    partner = {tuple(g[k][j] for k in others): j for j in np.flatnonzero(g[key] == value)}
    out = {}
    for row in sorted({tuple(g[b][i] for b in by) for i in np.flatnonzero(done & (g[key] != value))}, key=str):
        mask = done & (g[key] != value)
        for b, v in zip(by, row):
            mask &= g[b] == v
        units = {}
        for i in np.flatnonzero(once_per_row(raw, mask)):
            j = partner.get(tuple(g[k][i] for k in others))
            if j is None or not done[j] or raw["identity"][i] == raw["identity"][j]:
                continue
            units.setdefault((g["seed"][i], g["input_seed"][i]), []).append((s[i], s[j]))
        if not units:
            continue
        d = np.array([np.mean([a - b for a, b in pairs], axis=0) for pairs in units.values()])  # units x tasks
        per_unit = d.mean(axis=1)
        per_task = d.mean(axis=0)
        n = len(per_unit)
        sd = per_unit.std(ddof=1) if n > 1 else None
        observed = abs(per_unit.sum())
        flips = [abs((np.array(s) * per_unit).sum()) >= observed - 1e-12
                 for s in itertools.product((1, -1), repeat=n)]
        out[row] = {
            "networks": len({u[0] for u in units}),
            "inputs": len({u[1] for u in units}),
            "pairs": sum(len(p) for p in units.values()),
            "mean": float(np.mean([np.mean([a.mean() for a, _ in p]) for p in units.values()])),
            "reference": float(np.mean([np.mean([b.mean() for _, b in p]) for p in units.values()])),
            "diff": float(per_unit.mean()),
            "ci95": None if sd is None else float(stats.t.ppf(0.975, n - 1) * sd / np.sqrt(n)),
            "var_network": None if sd is None else float(sd ** 2),
            "p": float(sum(flips) / len(flips)),
            "tasks": len(per_task),
            "improved": float((per_task > 0).mean()),
            "worse": float((per_task < 0).mean()),
        }
    return out


@test
def paired_comparison_matches_numpy_and_scipy():
    for by in (["profile", "cv"], ["cv"], ["N"]):
        for extra in ([], ["--raw"]):
            answer = query(STORE, "--by", ",".join(by), "--paired", "cv=0", *extra)
            want = expected_paired(RAW, by, "cv", 0.0, clip=not extra)
            got = {tuple(r[b] for b in by): r for r in answer["rows"]}
            assert set(got) == set(want), (by, sorted(got), sorted(want))
            for key, w in want.items():
                for field, value in w.items():
                    rel = 1e-6 if field.startswith("p_") else 1e-10
                    if isinstance(value, int):
                        assert got[key][field] == value, (by, key, field, got[key][field], value)
                    else:
                        assert_close(got[key][field], value, f"--paired cv=0 --by {by} {extra} {key} {field}", rel)
            assert answer["paired"]["key"] == "cv" and answer["paired"]["same_network"] == 0
    # The same on the demo store itself (jobs/demo.toml, N = 200: about 8 s on 2 ranks).
    demo = work.file("demo.h5")
    run(["run", os.path.join(SOURCE, "jobs", "demo.toml"), "--store", demo], ranks=2, check=0)
    raw = load(demo)
    answer = query(demo, "--by", "profile,cv", "--paired", "cv=0")
    want = expected_paired(raw, ["profile", "cv"], "cv", 0.0, clip=True)
    got = {(r["profile"], r["cv"]): r for r in answer["rows"]}
    assert set(got) == set(want) and len(want) == 6, (sorted(got), sorted(want))
    # The demo crosses network seeds with input realisations: its interval, p and components are those
    # of crossed factors (test_statistics.py checks them); the differences and counts are checked here.
    for key, w in want.items():
        assert (got[key]["networks"], got[key]["inputs"], got[key]["test"]) == (3, 3, "crossed"), got[key]
        for field in ("pairs", "mean", "reference", "diff", "tasks", "improved", "worse"):
            if isinstance(w[field], int):
                assert got[key][field] == w[field], ("demo", key, field, got[key][field], w[field])
            else:
                assert_close(got[key][field], w[field], f"demo --paired cv=0 {key} {field}", 1e-10)
    # Every seed's homogeneous network at cv = 0 is the partner of both profiles: by cv, 2 pairs a seed.
    rows = query(STORE, "--by", "cv", "--paired", "cv=0")["rows"]
    assert all(r["networks"] == 3 and r["inputs"] == 1 and r["pairs"] == 12 for r in rows), rows
    # Pairs over the profile: at cv = 0 the partner is the same network, not a comparison.
    answer = query(STORE, "--by", "profile,cv", "--paired", "profile=lognormal")
    assert answer["paired"]["same_network"] == 6 and {r["cv"] for r in answer["rows"]} == {0.5, 1.0}, answer
    for bad, message in ((["--paired", "cv=0,1"], "must be KEY=VALUE with one value"),
                         (["--paired", "cv=3"], "no point has cv = 3"),
                         (["--paired", "tier=1"], "tier is a task column"),
                         (["--paired", "cv=0", "--stat", "mean"], "--stat do not apply"),
                         (["--paired", "cv=0", "--value", "lambda"], "--value and --cost do not apply")):
        p = run(["query", STORE, *bad], check=EXIT_USAGE)
        assert message in p.stderr, (bad, p.stderr)


@test
def other_per_task_matrices():
    with h5py.File(STORE, "r") as f:
        names = [n.decode() for n in f["per_task_names"][...]]
        others = {n: f[n][...] for n in names if n != "scores"}
    assert names[0] == "scores" and others, names  # the store keeps per-task alignment beside the scores
    for name, matrix in others.items():
        answer = query(STORE, "--per-task", name, "--by", "cv,tier", "--stat", "mean,sd")
        assert answer["value"] == name and answer["source"] == "/" + name
        for row in answer["rows"]:
            sel = once_per_row(RAW, RAW["grid"]["cv"] == row["cv"])
            per_point = matrix[np.ix_(sel, TASKS["tier"] == row["tier"])].mean(axis=1)
            assert_close(row["mean"], per_point.mean(), f"{name} mean")
            assert_close(row["sd"], per_point.std(ddof=1), f"{name} sd")
    p = run(["query", STORE, "--per-task", "nope"], check=EXIT_USAGE)
    assert f"--per-task nope: no such per-task matrix (the store has {', '.join(names)})" in p.stderr, p.stderr


def unfinished_copy():
    path = work.file("unfinished.h5")
    shutil.copy(STORE, path)
    pending, failed = [0, 5, 17, 30], [9]
    with h5py.File(path, "r+") as f:
        for i in pending + failed:
            f["scores"][i] = np.nan
            f["metrics"][i] = np.nan
            f["status"][i] = 0 if i in pending else 2
            f["attempts"][i] = 0 if i in pending else 1
    return path, pending, failed


@test
def unfinished_store_reports_what_each_row_covers():
    path, pending, failed = unfinished_copy()
    raw = load(path)
    answer = query(path, "--by", "profile,cv", "--stat", "mean,sem,n")
    assert answer["points"] == {"total": 36, "done": 31, "pending": 4, "failed": 1, "selected": 36,
                                "repeats": 0}, answer["points"]
    check_rows(answer, expected_rows(raw, ["profile", "cv"]), ["profile", "cv"], ["mean", "sem", "n"], "unfinished")
    assert all(r["points_total"] == 6 for r in answer["rows"])
    assert sum(r["points"] for r in answer["rows"]) == 31
    g = RAW["grid"]
    row0 = [r for r in answer["rows"] if r["profile"] == g["profile"][0] and r["cv"] == g["cv"][0]][0]
    assert row0["points"] == 6 - sum(1 for i in pending + failed
                                     if g["profile"][i] == g["profile"][0] and g["cv"][i] == g["cv"][0])
    # The same through /scores and over tasks.
    check_rows(query(path, "--by", "profile,cv", "--from-scores"), expected_rows(raw, ["profile", "cv"]),
               ["profile", "cv"], ["mean", "ci95"], "unfinished from scores")
    check_rows(query(path, "--by", "cv", "--over", "tasks"), expected_rows(raw, ["cv"], over="tasks"), ["cv"],
               ["mean", "ci95"], "unfinished over tasks")
    table = run(["query", path, "--by", "profile,cv"], check=0).stdout
    assert "36 points, 31 done, 4 pending, 1 failed" in table, table
    assert re.search(r"\b5/6\b", table), table
    # A row with no done point at all is shown, with its count, and no statistics.
    answer = query(path, "--by", "profile,cv,N,seed", "--stat", "mean")
    empty = [r for r in answer["rows"] if r["points"] == 0]
    assert len(empty) == 5 and all(r["mean"] is None and r["points_total"] == 1 for r in empty)


@test
def query_of_an_interrupted_run():
    # A run killed with SIGKILL part-way leaves a store with done and pending points; query reads it
    # while the run writes (open_read_only takes no lock) and after it died.
    slow = SPEC.replace("N = [20, 30]", "N = [100, 120]").replace("train = 20.0", "train = 60.0")
    path = work.file("interrupted.h5")
    proc = start(["run", work.file("slow.toml", slow), "--store", path], ranks=2)
    try:
        assert wait_for_done(path, 3), "the run made no progress"
        live = query(path, "--by", "cv")
        counted = sum(r["points"] for r in live["rows"])
        assert 3 <= live["points"]["done"] <= 36, live["points"]
        assert live["points"]["done"] - live["points"]["repeats"] <= counted <= live["points"]["done"], live
    finally:
        kill_group(proc, signal.SIGKILL)
        wait_until_gone(proc)
    raw = load(path)
    done = int((raw["status"] == 1).sum())
    answer = query(path, "--by", "profile,cv", "--stat", "mean,n")
    assert answer["points"]["done"] == done and answer["points"]["pending"] == 36 - done, answer["points"]
    if done < 36:
        assert any(r["points"] < r["points_total"] for r in answer["rows"])
    assert all(r["mean"] is None for r in answer["rows"] if r["points"] == 0)
    answer["rows"] = [r for r in answer["rows"] if r["points"] > 0]
    check_rows(answer, expected_rows(raw, ["profile", "cv"]), ["profile", "cv"], ["mean", "n"], "interrupted")


@test
def non_finite_scores_of_done_points_are_counted_and_left_out():
    path = work.file("nonfinite.h5")
    shutil.copy(STORE, path)
    victim = int(np.flatnonzero(RAW["grid"]["cv"] > 0)[0])  # a point that repeats no other
    with h5py.File(path, "r+") as f:
        row = f["scores"][victim]
        row[10], row[20] = np.nan, -np.inf
        f["scores"][victim] = row
        # As the engine would store them: the per-point means of a row with a NaN are NaN.
        names = [n.decode() for n in f["metric_names"][...]]
        metrics = f["metrics"][victim]
        metrics[names.index("r2_mean")] = metrics[names.index("r2_clipped_mean")] = np.nan
        f["metrics"][victim] = metrics
        seal_rows(f, [victim])
    raw = load(path)
    kept = np.isfinite(raw["scores"])
    clipped = np.where(kept, np.maximum(raw["scores"], 0), 0)
    per_point = clipped.sum(axis=1) / kept.sum(axis=1)
    for args in ([], ["--from-scores"]):
        answer = query(path, "--by", "seed", "--stat", "mean,max", *args)
        assert answer["non_finite"] == 2, answer["non_finite"]
        for r in answer["rows"]:
            sel = once_per_row(raw, raw["grid"]["seed"] == r["seed"])
            assert_close(r["mean"], per_point[sel].mean(), f"seed {r['seed']} mean {args}")
    answer = query(path, "--by", "seed", "--over", "tasks", "--stat", "mean,n")
    counted = sum(int(once_per_row(raw, raw["grid"]["seed"] == s).sum()) for s in (1, 2, 3))
    assert answer["non_finite"] == 2 and sum(r["n"] for r in answer["rows"]) == counted * 882 - 2
    assert "2 non-finite values of done points left out" in run(["query", path, "--from-scores"], check=0).stdout


@test
def cost_per_performance_level():
    bins = [0.1, 0.11, 0.12, 0.13, 0.14, 0.15]
    for metric in ("readout_flops", "flops_per_step"):
        if metric not in RAW["metrics"]:
            continue
        for by in ([], ["profile"]):
            answer = query(STORE, "--cost", metric, "--bins", ",".join(map(str, bins)),
                           *(["--by", "profile"] if by else []))
            # 2 profiles x 3 cv x 2 N, but at cv = 0 the profiles are one network: 10 unless split by profile.
            assert answer["cost"] == metric and answer["bins"] == bins
            assert answer["configurations"] == (12 if by else 10), answer["configurations"]
            want = expected_cost(RAW, metric, bins, group=bool(by))
            assert len(answer["rows"]) == (2 if by else 1) * 3 * len(bins)
            for row in answer["rows"]:
                cell = (row["profile"] if by else None, row["cv"], row["bin"])
                assert row["reached"] == (cell in want), (metric, cell)
                if not row["reached"]:
                    assert row["cost"] is None and row["saving"] is None
                    continue
                c, s, n = want[cell]
                assert_close(row["cost"], c, f"{metric} {cell} cost")
                assert_close(row["score"], s, f"{metric} {cell} score")
                assert row["points"] == n == 3
                ref = want.get((cell[0], 0.0, cell[2]))
                if ref is None:
                    assert row["saving"] is None
                else:
                    assert_close(row["saving"], ref[0] / c, f"{metric} {cell} saving")
    table = run(["query", STORE, "--cost", "readout_flops"], check=0).stdout
    assert "saving = cost at cv=0 / cost at this level" in table and "configuration" in table, table


@test
def bad_queries_name_the_problem():
    cases = [
        (["--by", "foo"], "--by foo: no such axis"),
        (["--by", "foo"], "axes: N, cv, profile, seed;"),
        (["--by", "cvv"], "did you mean cv?"),
        (["--by", "cv,cv"], "--by cv: cv is given twice"),
        (["--where", "cv>=abc"], '--where cv>=abc: cv is numeric, "abc" is not a number'),
        (["--where", "cv"], "--where cv: malformed condition; expected KEY=VALUE"),
        (["--where", "=3"], "--where =3: malformed condition"),
        (["--where", "cv=7"], "--where cv=7: selects no points (cv takes 0, 0.5, 1)"),
        (["--where", "profile=uniform"], "--where profile=uniform: selects no points (profile takes lognormal, gamma)"),
        (["--where", "profile<gamma"], "--where profile<gamma: profile is text"),
        (["--where", "cv=1..0"], "--where cv=1..0: the range is empty (1 > 0)"),
        (["--where", "cv=0", "--where", "cv=1"], "--where cv=0 and --where cv=1: together select no points"),
        (["--where", "nope=1"], "--where nope=1: no such axis"),
        (["--tier", "5"], "--tier 5: selects no tasks (tier takes 0, 1, 2)"),
        (["--delta", "3..4"], "--delta 3..4: selects no tasks (delta_realised takes -2 .. 2 (49 values))"),
        (["--k", "x"], '--k x: k is numeric, "x" is not a number'),
        (["--task", "N=20"], "--task N=20: N is not a task column"),
        (["--stat", "mode"], "--stat mode: unknown statistic (known: mean, sd, sem, ci95, min, max, median, n)"),
        (["--over", "seeds"], "--over seeds: must be points or tasks"),
        (["--format", "xml"], "--format xml: must be table, csv or json"),
        (["--cost", "flops"], "--cost flops: no such metric (metrics: r2_mean, r2_clipped_mean,"),
        (["--cost", "readout_flops", "--level-axis", "tau"], "--level-axis tau: no such axis"),
        (["--cost", "readout_flops", "--reference", "3"], "--reference 3: not a level of cv (levels: 0, 0.5, 1)"),
        (["--cost", "readout_flops", "--bins", "0.1,x"], '--bins 0.1,x: "x" is not a number'),
        (["--cost", "readout_flops", "--by", "cv"], "--by cv: cv is the level axis"),
        (["--bins", "0.1"], "--bins applies to --cost METRIC only"),
        (["--value", "tau_skew", "--tier", "1"], "--value tau_skew is per point"),
        (["--value", "nope"], "--value nope: no such metric"),
        (["--raw", "--clip"], "--raw and --clip: choose one"),
        (["--bogus"], "unknown option --bogus"),
    ]
    for args, message in cases:
        p = run(["query", STORE, *args], check=EXIT_USAGE)
        assert message in p.stderr, f"{args}: expected {message!r} in:\n{p.stderr}"
        assert p.stdout == "", (args, p.stdout)
    missing = work.file("missing.h5")
    p = run(["query", missing], check=EXIT_USAGE)
    assert "cannot open sweep store" in p.stderr and missing in p.stderr, p.stderr
    p = run(["query"], check=EXIT_USAGE)
    assert "usage: hetsweep query FILE.h5" in p.stderr


# The report takes its numbers from `hetsweep query --format json`; these tests check them against
# numpy on the raw /scores, not against the query.
REPORT = os.path.join(SOURCE, "analysis", "report.py")
REPORT_ENV = dict(ENV, HETSWEEP=os.path.abspath(HETSWEEP))


def run_report(store, out, env=REPORT_ENV):
    return subprocess.run(["/usr/bin/python3", REPORT, store, "--out", out], env=env, capture_output=True, text=True,
                          timeout=120)


@test
def report_runs_and_its_numbers_match_numpy():
    out = work.file("report")
    p = run_report(STORE, out)
    assert p.returncode == 0, p.stderr
    scores, costs, paired = report_numbers(p.stdout)
    # Mechanisms: correlations over distinct networks, the partial one from the residuals of
    # least-squares fits on PR (a route independent of the report's closed form).
    line = [l for l in p.stdout.splitlines() if l.startswith("mechanisms ")][0]
    mech = dict(f.split("=", 1) for f in line.split()[1:])
    first = np.unique(RAW["identity"])
    m = RAW["metrics"]
    score, align, pr = (m[k][first] for k in ("r2_clipped_mean", "alignment_fixed_mean", "participation_ratio"))
    assert int(mech["n"]) == len(first) == 30, mech  # 36 points, 6 of them repeat a homogeneous network
    design = np.column_stack([np.ones_like(pr), pr])
    resid = [y - design @ np.linalg.lstsq(design, y, rcond=None)[0] for y in (score, align)]
    assert_close(float(mech["partial_score_alignment_given_pr"]), float(np.corrcoef(*resid)[0, 1]),
                 "partial correlation", 1e-9)
    assert_close(float(mech["r_score_pr"]), float(np.corrcoef(score, pr)[0, 1]), "r(score, PR)", 1e-9)
    networks = query(STORE, "--by", "network", "--value", "participation_ratio")
    assert sorted(r["network"] for r in networks["rows"]) == first.tolist()
    want = expected_paired(RAW, ["profile", "cv"], "cv", 0.0)
    assert set(paired) == {(pr, float(cv)) for pr, cv in want}, p.stdout
    for (profile, cv), w in want.items():
        mine = paired[(profile, float(cv))]
        for f in ("diff", "ci95", "p", "improved"):
            assert_close(float(mine[f]), w[f], f"report paired {profile} cv={cv} {f}", 1e-10)
        assert int(mine["networks"]) == w["networks"] and int(mine["inputs"]) == w["inputs"]
    # The report's rows are one family, corrected by Holm (statsmodels' multipletests).
    from statsmodels.stats.multitest import multipletests
    keys = sorted(paired)
    holm = multipletests([float(paired[k]["p"]) for k in keys], method="holm")[1]
    for k, h in zip(keys, holm):
        assert_close(float(paired[k]["p_adj"]), float(h), f"report p_adj {k}", 1e-12)
    want = expected_rows(RAW, ["profile", "cv"])
    assert len(scores) == len(want) == 6, p.stdout
    for (profile, cv), w in want.items():
        mine = scores[(profile, float(cv))]
        for s in ("mean", "sem", "ci95"):
            assert_close(float(mine[s]), w[s], f"report {profile} cv={cv} {s}")
        assert int(mine["points"]) == w["points"], (mine, w)

    # Cost per level: every (bin, level) line against the cheapest configurations computed here.
    flops = {(b, cv): f for (metric, b, cv), f in costs.items() if metric == "readout_flops"}
    bins = sorted({b for b, _ in flops})
    assert bins and len(flops) == 3 * len(bins), p.stdout
    want = expected_cost(RAW, "readout_flops", bins)
    for (b, cv), mine in flops.items():
        cell = (None, cv, b)
        assert int(mine["reached"]) == (cell in want), (cell, mine)
        if cell not in want:
            assert all(math.isnan(float(mine[s])) for s in ("cost", "score", "saving")), mine
            continue
        c, s, _ = want[cell]
        assert_close(float(mine["cost"]), c, f"report cost {cell}")
        assert_close(float(mine["score"]), s, f"report score {cell}")
        ref = want.get((None, 0.0, b))
        if ref is None:
            assert math.isnan(float(mine["saving"])), mine
        else:
            assert_close(float(mine["saving"]), ref[0] / c, f"report saving {cell}")
    # The default bins: round steps (docs/query.md: 0.005 to 1) from the lowest to the highest
    # configuration score, about ten of them.
    done = RAW["status"] == 1
    score = np.maximum(RAW["scores"], 0).mean(axis=1)
    g = RAW["grid"]
    config = {}
    for i in np.flatnonzero(done):
        config.setdefault((g["profile"][i], g["cv"][i], g["N"][i]), []).append(score[i])
    means = [np.mean(v) for v in config.values()]
    step = bins[1] - bins[0]
    assert any(abs(step - r) < 1e-12 for r in (0.005, 0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.5, 1)), bins
    assert all(abs((b - a) - step) < 1e-12 for a, b in zip(bins, bins[1:])), bins
    assert bins[0] <= min(means) < bins[0] + step and bins[-1] <= max(means) < bins[-1] + step, (bins, means)
    assert len(bins) <= 11, bins

    files = os.listdir(out)
    for name in ("report.md", "score_vs_delta_lognormal.png", "homogeneous_vs_heterogeneous.png", "score_vs_N.png",
                 "cost_readout_flops.png", "score_by_profile.png"):
        assert name in files, (name, files)
    md = open(os.path.join(out, "report.md")).read()
    assert "36 points: 36 done" in md and "tau_mean is not swept" in md, md
    for png in (f for f in files if f.endswith(".png")):
        assert f"]({png})" in md, png
        with open(os.path.join(out, png), "rb") as f:
            assert f.read(8) == b"\x89PNG\r\n\x1a\n", png


@test
def report_on_an_unfinished_store():
    path, _, _ = unfinished_copy()
    p = run_report(path, work.file("report-unfinished"))
    assert p.returncode == 0, p.stderr
    scores, _, _ = report_numbers(p.stdout)
    want = expected_rows(load(path), ["profile", "cv"])
    assert len(scores) == len(want), p.stdout
    for (profile, cv), w in want.items():
        mine = scores[(profile, float(cv))]
        assert_close(float(mine["mean"]), w["mean"], f"unfinished report {profile} cv={cv} mean")
        assert int(mine["points"]) == w["points"], (mine, w)


@test
def report_without_a_binary_says_where_it_looked():
    env = dict(ENV, HETSWEEP=work.file("no-such-hetsweep"))
    p = run_report(STORE, work.file("report-nobinary"), env=env)
    assert p.returncode != 0 and "HETSWEEP=" + env["HETSWEEP"] + ": no executable file there" in p.stderr, p.stderr


try:
    test.main()
finally:
    work.cleanup()
