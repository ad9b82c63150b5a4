"""`bash scripts/paper.sh all --quick`: every figure is drawn, and its numbers are right.

Runs the quick version of every figure of the paper on 2 ranks, then checks what each figure drew
(FIGURE.json, written beside the PNG) against numbers computed here with numpy and scipy from the
store's raw /scores and /metrics, by other means than the query engine: per-task means over seeds,
95% t intervals, paired t-tests (scipy.stats.ttest_rel, or ttest_1samp on per-seed differences
pooled over a factor's values), the cheapest configuration per score bin and its saving, and a
partial correlation from the inverse correlation matrix. It also checks that a network shared
by several grids of a design enters a statistic once, and that each PNG is a picture, not a blank.
"""
import json
import os
import subprocess
import sys
import tempfile

import h5py
import matplotlib.image
import numpy as np
from scipy import stats

sys.path.insert(0, os.path.dirname(__file__))
from sweeplib import ENV, HETSWEEP, SOURCE  # noqa: E402

FIGURES = ("fig2", "fig3", "fig4", "fig5", "mech", "robust")
VERDICTS = {"supported", "contradicted", "not significant", "mixed", "not computable"}


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def read_store(path):
    """The raw datasets, text columns as str (h5py, nothing of hetsweep's)."""
    with h5py.File(path, "r") as f:
        def column(d):
            x = d[...]
            return np.array([b.decode() for b in x], dtype=object) if x.dtype.kind == "S" else x
        names = [n.decode() for n in f["metric_names"][...]]
        metrics = f["metrics"][...]
        return {"grid": {k: column(f["grid"][k]) for k in f["grid"]},
                "tasks": {k: f["tasks"][k][...] for k in f["tasks"]},
                "metrics": {n: metrics[:, i] for i, n in enumerate(names)},
                "status": f["status"][...], "scores": f["scores"][...]}


def t_ci(x):
    x = np.asarray(x, dtype=float)
    return float(stats.t.ppf(0.975, len(x) - 1) * np.std(x, ddof=1) / np.sqrt(len(x)))


def close(a, b, tol=1e-9):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and np.allclose(a, b, rtol=tol, atol=tol, equal_nan=True)


class store_view:
    """A store as numpy: done points, grid columns, clipped scores and metrics."""

    def __init__(self, path):
        s = read_store(path)
        self.grid, self.tasks, self.metrics = s["grid"], s["tasks"], s["metrics"]
        self.done = s["status"] == 1
        self.clipped = np.maximum(s["scores"], 0.0)

    def select(self, **conditions):
        sel = self.done.copy()
        for k, v in conditions.items():
            sel &= self.grid[k] == v
        return np.flatnonzero(sel)

    def one_per_seed(self, idx):
        """One point per seed: points two grids share are the same network, counted once."""
        seen = {}
        for i in idx:
            seen.setdefault(int(self.grid["seed"][i]), i)
        return [seen[s] for s in sorted(seen)]


def check_picture(path):
    check(os.path.getsize(path) > 20_000, f"{path}: only {os.path.getsize(path)} bytes")
    image = matplotlib.image.imread(path)
    check(image.shape[0] > 400 and image.shape[1] > 600, f"{path}: {image.shape}")
    # Not blank: a real figure has ink on a good share of its rows.
    ink = (image[:, :, :3].mean(axis=2) < 0.9).mean(axis=1)
    check((ink > 0).mean() > 0.3, f"{path}: ink on only {(ink > 0).mean():.0%} of rows")


def check_fig2(v, d):
    tasks = [tuple(t) for t in d["data"]["scatter"]["rate cv=1"]["tasks"]]
    key = list(zip(v.tasks["k"], v.tasks["d"], v.tasks["delta_realised"]))
    order = [key.index(t) for t in tasks]
    for model in ("rate", "lif"):
        ref = v.one_per_seed(v.select(model=model, cv=0.0))
        x = v.clipped[ref].mean(axis=0)[order]
        for lv in (1.0, 2.0):
            pts = v.one_per_seed(v.select(model=model, cv=lv))
            drawn = d["data"]["scatter"][f"{model} cv={lv:g}"]
            check(close(drawn["x"], x) and close(drawn["y"], v.clipped[pts].mean(axis=0)[order]),
                  f"fig2 {model} cv={lv}: per-task means differ from numpy")
            # Score against Delta for k = 1, d = 2: mean and 95% t interval over seeds, per Delta.
            curve = d["data"]["delta"][f"{model} cv={lv:g}"]
            for delta, mean, ci in zip(curve["delta"], curve["mean"], curve["ci95"]):
                t = key.index((1, 2, delta))
                check(close(mean, v.clipped[pts, t].mean()) and close(ci, t_ci(v.clipped[pts, t])),
                      f"fig2 {model} cv={lv} Delta={delta}: mean/ci95 differ from numpy")
            # The verdict: paired over seeds.
            a, b = v.clipped[pts].mean(axis=1), v.clipped[ref].mean(axis=1)
            row = next(r for r in d["verdicts"] if r["label"] == f"{model} cv={lv:g} vs cv=0")
            check(close(row["diff"], np.mean(a - b)) and close(row["p_t"], stats.ttest_rel(a, b).pvalue, 1e-7),
                  f"fig2 {model} cv={lv}: verdict {row} against numpy diff {np.mean(a - b)}")


def check_fig3(v, d):
    tier = v.tasks["tier"]
    nominal = {"N": 200, "noise": 0.1, "g_in": 1.0, "g_rec": 0.9}
    for model in ("rate", "lif"):
        for f in nominal:
            held = {o: x for o, x in nominal.items() if o != f}
            for t in (0, 1, 2):
                for lv in (0.0, 1.0):
                    curve = d["data"]["curves"][f"{model} {f} tier={t} cv={lv:g}"]
                    for x, mean, n in zip(curve["x"], curve["mean"], curve["n"]):
                        idx = v.select(model=model, cv=lv, **held, **{f: x})
                        pts = v.one_per_seed(idx)
                        if x == nominal[f]:
                            # The nominal point is in all four grids of the model: four store rows.
                            check(len(idx) == 4 * len(pts), f"fig3 {model} {f}: {len(idx)} rows at nominal")
                        per_point = v.clipped[pts][:, tier == t].mean(axis=1)
                        check(n == len(pts) == 3 and close(mean, per_point.mean()),
                              f"fig3 {model} {f}={x} tier {t} cv={lv}: n={n}, mean {mean} vs {per_point.mean()}")
            check_fig3_pooled(v, d, model, f, held)


def check_fig3_pooled(v, d, model, f, held):
    """The verdict's pooled numbers for one factor: per seed the mean, over the factor's values and
    the heterogeneous levels, of the per-task difference against cv = 0 of the same seed and value;
    then the mean over seeds, its 95% t interval, the one-sample (paired) t and the tasks improved."""
    values = sorted(set(v.grid[f][v.select(model=model, **held)]))
    levels = sorted(set(v.grid["cv"][v.select(model=model)]) - {0.0})
    per_seed = {}
    for x in values:
        ref = {int(v.grid["seed"][i]): i for i in v.one_per_seed(v.select(model=model, cv=0.0, **held, **{f: x}))}
        for lv in levels:
            for i in v.one_per_seed(v.select(model=model, cv=lv, **held, **{f: x})):
                seed = int(v.grid["seed"][i])
                per_seed.setdefault(seed, []).append(v.clipped[i] - v.clipped[ref[seed]])
    check(len(per_seed) == 3 and all(len(p) == len(values) * len(levels) for p in per_seed.values()),
          f"fig3 {model} {f}: pairs per seed {[len(p) for p in per_seed.values()]}")
    by_task = np.array([np.mean(per_seed[s], axis=0) for s in sorted(per_seed)])  # seeds x tasks
    diffs = by_task.mean(axis=1)
    row = next(r for r in d["verdicts"] if r["claim"] == 4 and r["label"].startswith(f"{model} {f} in "))
    expected = {"diff": diffs.mean(), "ci95": t_ci(diffs), "p_t": stats.ttest_1samp(diffs, 0.0).pvalue,
                "n": len(diffs), "improved": float(np.mean(by_task.mean(axis=0) > 0))}
    for k, want in expected.items():
        check(close(row[k], want, 1e-7), f"fig3 {model} {f}: pooled {k} {row[k]} vs numpy {want}")
    # The printed line carries the same numbers as the data.
    check(f"diff {row['diff']:+.4f} [95% CI {row['diff'] - row['ci95']:+.4f}" in row["text"]
          and f"tasks improved {100 * row['improved']:.0f}%" in row["text"], f"fig3 {model} {f}: {row['text']}")


def check_fig4(v, d):
    panels = (("rate", "flops_per_step"), ("rate", "memory_bytes"), ("lif", "atp"), ("lif", "energy_loihi2_j"),
              ("lif", "energy_spinnaker2_j"))
    check(sorted(d["data"]["costs"]) == sorted(f"{m} {metric}" for m, metric in panels),
          f"fig4 panels {sorted(d['data']['costs'])}")
    for model, metric in panels:
        drawn = d["data"]["costs"][f"{model} {metric}"]
        cheapest = {}
        for lv in (0.0, 1.0):
            configs = []
            for n in sorted(set(v.grid["N"][v.select(model=model)])):
                idx = v.select(model=model, cv=lv, N=n)
                configs.append((v.metrics["r2_clipped_mean"][idx].mean(), v.metrics[metric][idx].mean()))
            cheapest[lv] = [min((c for s, c in configs if s >= b), default=np.nan) for b in drawn["bins"]]
            check(close(drawn["cost"][f"{lv:g}"], cheapest[lv], 1e-12),
                  f"fig4 {model} {metric} cv={lv}: {drawn['cost'][f'{lv:g}']} vs {cheapest[lv]}")
        # The saving per bin: the homogeneous cost over the heterogeneous one (one level here).
        saving = np.array(cheapest[0.0]) / np.array(cheapest[1.0])
        check(close(drawn["saving"], saving, 1e-12) and np.isfinite(saving).sum() >= 2,
              f"fig4 {model} {metric}: saving {drawn['saving']} vs {saving}")


def check_fig5(v, d):
    p = d["data"]["profiles"]
    for i, prof in enumerate(p["profiles"]):
        for j, lv in enumerate(p["levels"]):
            idx = v.select(profile=prof, cv=lv, match="truncated")
            check(len(idx) == 3 and close(p["mean"][i][j], v.metrics["r2_clipped_mean"][idx].mean())
                  and close(p["floor"][i][j], v.metrics["tau_floor_fraction"][idx].mean()),
                  f"fig5 {prof} cv={lv}: profile means differ from numpy")
    for lv, curve in d["data"]["tau_mean"].items():
        for tm, mean, ci in zip(curve["tau_mean"], curve["mean"], curve["ci95"]):
            s = v.metrics["r2_clipped_mean"][v.select(cv=float(lv), tau_mean=tm, match="empirical")]
            check(close(mean, s.mean()) and close(ci, t_ci(s)), f"fig5 tau_mean={tm} cv={lv}")


def partial_from_precision(a, b, c):
    """Partial correlation of a and b given c from the inverse of their correlation matrix."""
    p = np.linalg.inv(np.corrcoef(np.vstack([a, b, c])))
    return -p[0, 1] / np.sqrt(p[0, 0] * p[1, 1])


def check_mech(v, d):
    for model in ("rate", "lif"):
        net = d["data"]["networks"][model]
        idx = v.select(model=model)
        # One network per (seed, cv): the quick spec has one profile.
        check(len(net["score"]) == len({(v.grid["seed"][i], v.grid["cv"][i]) for i in idx}) == len(idx),
              f"mech {model}: {len(net['score'])} networks")
        order = sorted(idx, key=lambda i: (v.grid["cv"][i], v.grid["seed"][i]))
        score = v.metrics["r2_clipped_mean"][order]
        align = v.metrics["alignment_fixed_mean"][order]
        pr = v.metrics["participation_ratio"][order]
        check(sorted(net["score"]) == sorted(score.tolist()), f"mech {model}: scores differ")
        r = partial_from_precision(score, align, pr)
        check(close(net["partial_alignment_given_pr"], r, 1e-9), f"mech {model}: partial r {net} vs {r}")


def check_robust(v, d):
    for lv, curve in d["data"]["train"].items():
        for tr, mean in zip(curve["train"], curve["mean"]):
            idx = v.select(cv=float(lv), train=tr, g_rec=0.9, prune=0.0)
            s = v.metrics["r2_clipped_mean"][v.one_per_seed(idx)]
            # The nominal training window is in two grids: the network counts once.
            check(len(s) == 3 and len(idx) == (6 if tr == 100 else 3) and close(mean, s.mean()),
                  f"robust train={tr} cv={lv}: {mean} vs {s}")
    rec = d["data"]["recurrence"]["g_rec = 0"]
    for lv, mean in zip(rec["cv"], rec["mean"]):
        s = v.metrics["r2_clipped_mean"][v.select(cv=lv, g_rec=0.0, prune=0.0)]
        check(close(mean, s.mean()), f"robust g_rec=0 cv={lv}")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        out, runs = os.path.join(tmp, "figures"), os.path.join(tmp, "runs")
        env = dict(ENV, HETSWEEP=HETSWEEP)
        p = subprocess.run(["bash", os.path.join(SOURCE, "scripts/paper.sh"), "all", "--quick", "--ranks", "2",
                            "--out", out, "--runs", runs], env=env, capture_output=True, text=True)
        sys.stdout.write(p.stdout[-4000:])
        check(p.returncode == 0, f"paper.sh exited with {p.returncode}: {p.stderr[-3000:]}")
        lines = [line for line in p.stdout.splitlines() if line.startswith("verdict claim ")]
        claims = {line.split()[2] for line in lines}
        check(claims == {"1", "2", "3", "4", "5"}, f"verdicts for claims {sorted(claims)}")
        check(all(line.rsplit("| ", 1)[1] in VERDICTS for line in lines), "a verdict outside the stated words")
        for fig in FIGURES:
            name = f"{fig}-quick"
            for ext in ("png", "pdf", "json"):
                check(os.path.isfile(os.path.join(out, f"{name}.{ext}")), f"{name}.{ext} missing")
            check_picture(os.path.join(out, f"{name}.png"))
            with open(os.path.join(out, f"{name}.json")) as f:
                drawn = json.load(f)
            check(drawn["verdicts"], f"{fig}: no verdicts")
            globals()[f"check_{fig}"](store_view(os.path.join(runs, f"{name}.h5")), drawn)
        check_picture(os.path.join(out, "fig3-quick_lif.png"))
    print("test_paper: every figure drawn; every number checked against numpy/scipy")


if __name__ == "__main__":
    main()
