#!/usr/bin/python3
"""Turn a hetsweep store into a folder of figures and a short Markdown report.

    /usr/bin/python3 analysis/report.py STORE.h5 --out DIR [options]

Writes DIR/*.png and DIR/report.md, and prints the key numbers, one per line, in a form that
`hetsweep query --format json` can be checked against:

    paired profile=gamma cv=0.5 diff=0.024... ci95=... p=... p_adj=... networks=3 inputs=1 improved=0.80...
    score profile=gamma cv=0.5 mean=0.2972... sem=... ci95=... points=3
    cost readout_flops bin=0.3 cv=1 reached=1 cost=... score=... saving=...

The headline is the paired comparison (`hetsweep query --paired cv=0`): each network against the
homogeneous network of the same seeds, with its interval and p over the replicates (network seeds
crossed with input realisations), Holm's correction over the report's rows, and the fraction of
tasks improved (a description: tasks are not independent replicates).
The score is R^2 on the test window with each task clipped at 0, averaged over the tasks of a
point; the other statistics are across the done points (so error bars are across network seeds and any axis
pooled). A figure that needs an axis the store lacks is skipped, and the report says why.
Every number printed or drawn comes from `hetsweep query STORE ... --format json`
(hetsweep.query finds the binary: $HETSWEEP, PATH, or build/hetsweep), except the partial
correlation of the mechanisms figure (hetsweep.stats, over the query's per-network means); the
store's own tables (axes, levels, metric names, attributes) are read through hetsweep.open.
"""
import argparse
import math
import os
import re
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hetsweep  # noqa: E402
from hetsweep.query import TIER_NAMES, QueryError, find_hetsweep, fmt, query, rows_by, value  # noqa: E402
from hetsweep.stats import correlation, partial_correlation  # noqa: E402
from hetsweep.store import LEVEL_AXIS, distinct  # noqa: E402

# Metrics that measure a cost, when --cost is not given: the names hetsweep uses for FLOPs, bytes,
# spikes, ATP and energies.
COST_PATTERN = re.compile(r"flops|bytes|memory|spikes|atp|energy|joule", re.IGNORECASE)
R2_LABEL = "mean R$^2$ (clipped at 0)"


class report:
    def __init__(self, store, out, args):
        self.store, self.out, self.args = store, out, args
        self.md = []
        self.skipped = []
        self.figures = 0

    def save(self, fig, name, title, caption):
        path = os.path.join(self.out, name)
        fig.savefig(path, dpi=120, bbox_inches="tight")
        plt.close(fig)
        self.md += [f"### {title}", "", f"![{title}]({name})", "", caption, ""]
        self.figures += 1

    def skip(self, what, why):
        self.skipped.append(f"- {what}: skipped, {why}.")


def mechanism_statistics(score, align, pr):
    """Pearson correlations of score, alignment and participation ratio over networks, and the partial
    correlation of score and alignment given PR with its two-sided p-value (hetsweep.stats)."""
    nan = float("nan")
    if len(score) < 4 or min(np.std(score), np.std(align), np.std(pr)) == 0:
        return {"r_sa": nan, "r_sp": nan, "r_ap": nan, "partial": nan, "p_partial": nan}
    partial, p = partial_correlation(score, align, pr)
    return {"r_sa": correlation(score, align), "r_sp": correlation(score, pr), "r_ap": correlation(align, pr),
            "partial": partial, "p_partial": p}


def level_label(axis, level):
    return f"{axis} = {fmt(level)}"


def where(column, level):
    """A --where condition that selects one level of a grid column."""
    return ["--where", f"{column}={fmt(level)}"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("store")
    ap.add_argument("--out", required=True, help="folder for the PNGs and report.md (created if missing)")
    ap.add_argument("--level-axis", default=LEVEL_AXIS, help=f"the heterogeneity axis (default {LEVEL_AXIS})")
    ap.add_argument("--profile", help="profile of the per-task figures (default: each profile in turn)")
    ap.add_argument("--k", default="1,2,3", help="input components of the Delta figure (default 1,2,3)")
    ap.add_argument("--d", default="1,2,3", help="powers of the Delta figure (default 1,2,3)")
    ap.add_argument("--cost", help="cost metrics, comma-separated (default: those named like flops, bytes, "
                                   "spikes, atp, energy)")
    ap.add_argument("--bins", help="score thresholds of the cost figure (default: about ten over the range)")
    args = ap.parse_args()
    try:
        binary = find_hetsweep()  # before any work: without the binary there are no numbers
    except QueryError as e:
        sys.exit(f"report: {e}")

    os.makedirs(args.out, exist_ok=True)
    store = hetsweep.open(args.store)
    r = report(store, args.out, args)
    counts = store.counts()
    done = store.done()
    axis = args.level_axis
    if axis not in store.grid:
        sys.exit(f"report: --level-axis {axis}: no such grid column (axes: {', '.join(store.axes())})")
    if counts["done"] == 0:
        sys.exit(f"report: {args.store} has no done points yet")
    levels = distinct(store.grid[axis][done])
    profiles = distinct(store.grid["profile"][done])
    reference = levels[0]

    tiers = sorted(set(store.tasks["tier"].tolist()))

    def ask(*query_args):
        """`hetsweep query STORE QUERY_ARGS --format json`, parsed; exits with the query's message."""
        try:
            return query(args.store, *query_args, hetsweep=binary)
        except QueryError as e:
            sys.exit(f"report: {e}")

    print(f"store {args.store}: {store.n_points} points, {counts['done']} done, {counts['pending']} pending, "
          f"{counts['failed']} failed")
    # Headline: each level against the reference level of the same seed, paired.
    paired = rows_by(ask("--by", f"profile,{axis}", "--paired", f"{axis}={fmt(reference)}", "--family", "report"),
                     "profile", axis)
    print(f"headline: each network against its partner at {axis}={fmt(reference)} (same seeds and other keys): "
          f"mean difference of clipped R^2 with its 95% interval and p over the replicates (network x input "
          f"seeds), Holm-adjusted over the rows; fraction of tasks improved (descriptive)")
    paired_table = ["| profile | " + axis + " | mean | reference | diff | ci95 | p | p (Holm) | test | "
                    "networks x inputs | tasks improved |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for p in profiles:
        for lv in levels[1:]:
            row = paired.get((p, lv))
            if not row:
                continue
            f = {name: value(row, name) for name in ("mean", "reference", "diff", "ci95", "p", "p_adj", "improved")}
            print(f"paired profile={p} {axis}={fmt(lv)} diff={f['diff']!r} ci95={f['ci95']!r} p={f['p']!r} "
                  f"p_adj={f['p_adj']!r} networks={row['networks']} inputs={row['inputs']} improved={f['improved']!r}")
            paired_table.append(f"| {p} | {fmt(lv)} | {f['mean']:.4f} | {f['reference']:.4f} | {f['diff']:+.4f} | "
                                f"{f['ci95']:.4f} | {f['p']:.2g} | {f['p_adj']:.2g} | {row['test']} | "
                                f"{row['networks']} x {row['inputs']} | {f['improved']:.3f} |")

    # Key numbers: the score per profile and level.
    by_profile_level = rows_by(ask("--by", f"profile,{axis}", "--stat", "mean,sem,ci95"), "profile", axis)
    print(f"key numbers: mean over done points of each point's mean clipped R^2 over all {store.n_tasks} tasks")
    table = ["| profile | " + axis + " | mean | sem | ci95 | points |", "|---|---|---|---|---|---|"]
    for p in profiles:
        for lv in levels:
            row = by_profile_level.get((p, lv))
            s = {name: value(row, name) for name in ("mean", "sem", "ci95")}
            n = row["points"] if row else 0
            print(f"score profile={p} {axis}={fmt(lv)} mean={s['mean']!r} sem={s['sem']!r} ci95={s['ci95']!r} "
                  f"points={n}")
            table.append(f"| {p} | {fmt(lv)} | {s['mean']:.4f} | {s['sem']:.4f} | {s['ci95']:.4f} | {n} |")

    # Each (profile, level) group's mean score per task, a task being its (k, d, delta_realised).
    task_key = ("k", "d", "delta_realised")
    per_task = ask("--by", ",".join(("profile", axis) + task_key), "--stat", "mean")
    if any(row["tasks"] != 1 for row in per_task["rows"]):
        sys.exit(f"report: {args.store}: (k, d, delta_realised) does not identify a task; the per-task figures "
                 f"need it to")
    task_rows = rows_by(per_task, "profile", axis, *task_key)
    all_tasks = sorted({tuple(row[c] for c in task_key) for row in per_task["rows"]})

    def task_means(p, lv, tasks):
        """The group's mean score for each task (NaN where the group has no done point)."""
        return np.array([value(task_rows.get((p, lv) + t), "mean") for t in tasks])

    # 1. Score against Delta, one line per level.
    ks = [int(x) for x in args.k.split(",")]
    ds = [int(x) for x in args.d.split(",")]
    colours = plt.cm.viridis(np.linspace(0, 0.9, len(levels)))
    for p in ([args.profile] if args.profile else profiles):
        if p not in profiles:
            sys.exit(f"report: --profile {p}: not in the store (profiles: {', '.join(profiles)})")
        fig, axs = plt.subplots(len(ds), len(ks), figsize=(3.4 * len(ks), 2.6 * len(ds)), squeeze=False,
                                sharex=True, sharey=True)
        for row, d in enumerate(ds):
            for col, k in enumerate(ks):
                ax = axs[row][col]
                tasks = [t for t in all_tasks if t[:2] == (k, d)]  # in order of delta_realised
                for c, lv in zip(colours, levels):
                    ax.plot([t[2] for t in tasks], task_means(p, lv, tasks), color=c, label=level_label(axis, lv))
                ax.axvline(0, color="0.8", lw=0.8, zorder=0)
                ax.set_title(f"$y = u_{k}(t + \\Delta)^{d}$", fontsize=9)
                if row == len(ds) - 1:
                    ax.set_xlabel("$\\Delta$ [TU] (< 0 recall, > 0 forecast)")
                if col == 0:
                    ax.set_ylabel(R2_LABEL)
        axs[0][-1].legend(fontsize=8, loc="best")
        fig.suptitle(f"Score against $\\Delta$, profile {p}", fontsize=11)
        fig.tight_layout()
        r.save(fig, f"score_vs_delta_{p}.png", f"Score against Delta ({p})",
               f"Mean clipped R^2 over the done points of each {axis} level (profile {p}; every other axis "
               f"and the seeds pooled), for the tasks y = u_k(t + Delta)^d.")

    # 2. Homogeneous against heterogeneous, per task.
    if len(levels) < 2:
        r.skip("homogeneous against heterogeneous score per task", f"{axis} takes one value only")
    else:
        fig, axs = plt.subplots(1, len(profiles), figsize=(4.2 * len(profiles), 4.2), squeeze=False)
        hi = np.nanmax([value(row, "mean") for row in per_task["rows"]]) * 1.02
        for ax, p in zip(axs[0], profiles):
            x = task_means(p, reference, all_tasks)
            for c, lv in zip(colours[1:], levels[1:]):
                y = task_means(p, lv, all_tasks)
                above = np.mean(y > x)
                ax.scatter(x, y, s=5, color=c, alpha=0.6, label=f"{level_label(axis, lv)} ({100 * above:.0f}% above)")
            ax.plot([0, hi], [0, hi], color="k", lw=0.8)
            ax.set_xlim(0, hi)
            ax.set_ylim(0, hi)
            ax.set_aspect("equal")
            ax.set_xlabel(f"R$^2$ at {level_label(axis, reference)} (homogeneous)")
            ax.set_ylabel("R$^2$ heterogeneous")
            ax.set_title(f"profile {p}", fontsize=10)
            ax.legend(fontsize=7, loc="upper left", markerscale=2)
        fig.tight_layout()
        r.save(fig, "homogeneous_vs_heterogeneous.png", "Homogeneous against heterogeneous, per task",
               f"Each dot is one of the {store.n_tasks} tasks: its mean clipped R^2 over the done points at "
               f"{level_label(axis, reference)} (x) and at a heterogeneous level (y). Dots above the diagonal are "
               f"tasks the heterogeneous networks do better.")

    # 3. Score against each swept hyperparameter, per complexity tier, with 95% bands.
    others = [a for a in store.axes() if a not in [axis, "profile"] + store.seeds]
    if not others:
        r.skip("score against a hyperparameter per complexity tier",
               f"the store sweeps no axis besides {axis}, profile and the seeds (axes: {', '.join(store.axes())})")
    p0 = args.profile or profiles[0]
    for hp in others:
        xs = distinct(store.grid[hp][done])
        # The other swept hyperparameters held at their first value, so that the bands are across seeds.
        held = {o: distinct(store.grid[o][done])[0] for o in others if o != hp}
        selection = where("profile", p0) + [w for o, v in held.items() for w in where(o, v)]
        held_text = "".join(f", {o} = {fmt(v)}" for o, v in held.items())
        # Panel 0 over all tasks, then one per tier.
        panels = [rows_by(ask("--by", f"{axis},{hp}", *selection), axis, hp)]
        by_tier = rows_by(ask("--by", f"{axis},{hp},tier", *selection), axis, hp, "tier")
        panels += [{(lv, x): by_tier.get((lv, x, t)) for lv in levels for x in xs} for t in tiers]
        fig, axs = plt.subplots(1, len(tiers) + 1, figsize=(3.4 * (len(tiers) + 1), 3.2), sharey=True)
        for t, ax in enumerate(axs):
            for c, lv in zip(colours, levels):
                mean = np.array([value(panels[t].get((lv, x)), "mean") for x in xs])
                ci = np.nan_to_num(np.array([value(panels[t].get((lv, x)), "ci95") for x in xs]))
                ax.plot(xs, mean, marker="o", ms=3, color=c, label=level_label(axis, lv))
                ax.fill_between(xs, mean - ci, mean + ci, color=c, alpha=0.2, lw=0)
            if all(isinstance(x, (int, float)) and x > 0 for x in xs) and max(xs) / min(xs) >= 8:
                ax.set_xscale("log")
            ax.set_xlabel(hp)
            ax.set_title("all tasks" if t == 0 else TIER_NAMES.get(tiers[t - 1], f"tier {tiers[t - 1]}"), fontsize=9)
        axs[0].set_ylabel(R2_LABEL)
        axs[-1].legend(fontsize=7)
        fig.suptitle(f"Score against {hp}, profile {p0}{held_text}", fontsize=11)
        fig.tight_layout()
        r.save(fig, f"score_vs_{hp}.png", f"Score against {hp}, per complexity tier",
               f"Mean over the done points of profile {p0}{held_text} (the seeds pooled) of each point's mean "
               f"clipped R^2 over the tier's tasks; bands are 95% confidence intervals of the mean (t "
               f"distribution). Other swept axes are held at their first value.")

    # 4. Cheapest network per score bin, per level, for each cost metric.
    costs = args.cost.split(",") if args.cost else [m for m in store.metric_names if COST_PATTERN.search(m)]
    if not costs:
        r.skip("minimal cost per score bin", f"no cost metric in the store (metrics: {', '.join(store.metric_names)})")
    for metric in costs:
        if metric not in store.metrics:
            sys.exit(f"report: --cost {metric}: no such metric (metrics: {', '.join(store.metric_names)})")
        if not np.isfinite(store.metrics[metric][done]).any():
            r.skip(f"minimal {metric} per score bin", f"no done point has a value of {metric} (NaN: not computed "
                                                    f"for this model)")
            continue
        answer = ask("--cost", metric, "--level-axis", axis, *(["--bins", args.bins] if args.bins else []))
        bins = [float(b) for b in answer["bins"]]
        best = {(row["bin"], row[axis]): row for row in answer["rows"] if row["reached"]}
        fig, ax = plt.subplots(figsize=(5.5, 3.8))
        markers = "osD^v<>p"
        for j, (c, lv) in enumerate(zip(colours, levels)):
            # Levels often share their cheapest network: larger, fainter marks underneath keep each visible.
            y = [value(best.get((b, lv)), "cost") for b in bins]
            ax.plot(bins, y, marker=markers[j % len(markers)], ms=9 - 1.5 * j, lw=3.5 - 0.7 * j, alpha=0.8,
                    color=c, label=level_label(axis, lv), zorder=j)
        ax.set_yscale("log")
        ax.set_xlabel("score bin: mean R$^2$ (clipped at 0) reached")
        ax.set_ylabel(f"cheapest {metric}")
        ax.legend(fontsize=8)
        ax.set_title(f"Cheapest configuration per score bin ({metric})", fontsize=10)
        fig.tight_layout()
        named = sorted(answer["configuration_columns"])
        r.save(fig, f"cost_{metric}.png", f"Minimal {metric} per score bin",
               f"For each {axis} level and score bin, the cheapest configuration (points equal in "
               f"{', '.join(named) if named else 'every column'} and {axis}; means over the seeds) whose mean "
               f"score reaches the bin. A missing point: no configuration of that level reaches the bin.")
        lines = ["| bin | " + " | ".join(f"{axis}={fmt(lv)}" for lv in levels) + " |",
                 "|---|" + "---|" * len(levels)]
        for b in bins:
            cells = []
            for lv in levels:
                c = best.get((b, lv))
                saving = value(c, "saving")
                print(f"cost {metric} bin={b!r} {axis}={fmt(lv)} reached={int(c is not None)} "
                      f"cost={value(c, 'cost')!r} score={value(c, 'score')!r} "
                      f"saving={saving!r}")
                cells.append("-" if not c else f"{value(c, 'cost'):.3g}" + ("" if math.isnan(saving) else f" (x{saving:.2f})"))
            lines.append(f"| {b:g} | " + " | ".join(cells) + " |")
        r.md += [f"Cheapest {metric} per bin, with the saving against {level_label(axis, reference)} in "
                 f"brackets ('-': not reached):", ""] + lines + [""]

    # 6. Mechanisms: does the score follow alignment at fixed components, or dimensionality?
    mechanism_metrics = ("alignment_fixed_mean", "participation_ratio", "r2_clipped_mean")
    axes = store.axes()
    if not all(m in store.metric_names for m in mechanism_metrics):
        r.skip("score against alignment and dimensionality",
               "the store has no alignment_fixed_mean (made by a hetsweep older than 0.3)")
    elif not axes:
        r.skip("score against alignment and dimensionality", "the store has one point only")
    else:
        # One row per distinct network (the homogeneous network once, not once per profile).
        by = ["network"] + ([axis] if axis in axes else [])
        per_point = {m: rows_by(ask("--by", ",".join(by), "--value", m, "--stat", "mean"), *by)
                     for m in mechanism_metrics}
        keys = [k for k in per_point["r2_clipped_mean"]
                if all(not math.isnan(value(per_point[m].get(k), "mean")) for m in mechanism_metrics)]
        score, align, pr = (np.array([value(per_point[m][k], "mean") for k in keys]) for m in
                            ("r2_clipped_mean", "alignment_fixed_mean", "participation_ratio"))
        stats = mechanism_statistics(score, align, pr)
        components = sorted({int(c) for c in store.metrics["alignment_fixed_components"][done] if c == c})
        print(f"mechanisms n={len(keys)} r_score_alignment={stats['r_sa']!r} r_score_pr={stats['r_sp']!r} "
              f"r_alignment_pr={stats['r_ap']!r} partial_score_alignment_given_pr={stats['partial']!r} "
              f"p_partial={stats['p_partial']!r}")
        fig, axs = plt.subplots(1, 2, figsize=(8, 3.3), sharey=True)
        level_of = [k[1] if axis in axes else None for k in keys]
        for ax, x, label in ((axs[0], align, f"mean alignment on {', '.join(map(str, components))} components"),
                             (axs[1], pr, "participation ratio")):
            for lv in levels:
                sel = (np.array([lo == lv for lo in level_of], dtype=bool) if axis in axes
                       else np.ones(len(keys), bool))
                ax.scatter(x[sel], score[sel], s=12, label=level_label(axis, lv))
            ax.set_xlabel(label)
        axs[0].set_ylabel(R2_LABEL)
        axs[1].legend(fontsize=7)
        fig.tight_layout()
        r.save(fig, "mechanisms.png", "Score against alignment and against dimensionality",
               f"One point per network ({len(keys)}). Pearson r: score-alignment {stats['r_sa']:.3f}, "
               f"score-PR {stats['r_sp']:.3f}, alignment-PR {stats['r_ap']:.3f}. Partial correlation of score "
               f"and alignment given PR: {stats['partial']:.3f} (p = {stats['p_partial']:.2g}, t test with "
               f"n - 3 degrees of freedom; networks of one seed are not independent, so read p as indicative). "
               f"Alignment here is on a fixed number of components (mechanisms.components), so it is not a "
               f"function of PR by construction.")

    # 5. Score by profile and mean time constant.
    tau_means = distinct(store.grid["tau_mean"][done])
    if len(tau_means) > 1:
        by_tau = rows_by(ask("--by", f"profile,{axis},tau_mean"), "profile", axis, "tau_mean")
        fig, axs = plt.subplots(1, len(levels), figsize=(3.4 * len(levels), 3.2), sharey=True, squeeze=False)
        for ax, lv in zip(axs[0], levels):
            for p in profiles:
                mean = np.array([value(by_tau.get((p, lv, t)), "mean") for t in tau_means])
                ci = np.nan_to_num(np.array([value(by_tau.get((p, lv, t)), "ci95") for t in tau_means]))
                ax.errorbar(tau_means, mean, yerr=ci, marker="o", ms=3, capsize=2, label=p)
            ax.set_xlabel("tau_mean [TU]")
            ax.set_title(level_label(axis, lv), fontsize=9)
        axs[0][0].set_ylabel(R2_LABEL)
        axs[0][-1].legend(fontsize=8)
        fig.tight_layout()
        r.save(fig, "score_by_profile_tau_mean.png", "Score by profile and mean time constant",
               "Mean over done points of each point's mean clipped R^2 over all tasks; error bars are 95% "
               "confidence intervals of the mean.")
    else:
        r.skip("score against the mean time constant per profile",
               f"tau_mean is not swept (it is {fmt(tau_means[0])} TU); the bars below compare the profiles only")
    fig, ax = plt.subplots(figsize=(1.2 + 1.0 * len(profiles) * len(levels) / 2, 3.4))
    width = 0.8 / len(levels)
    for j, (c, lv) in enumerate(zip(colours, levels)):
        rows = [by_profile_level.get((p, lv)) for p in profiles]
        ax.bar(np.arange(len(profiles)) + (j - (len(levels) - 1) / 2) * width, [value(r, "mean") for r in rows],
               width, yerr=np.nan_to_num([value(r, "ci95") for r in rows]), capsize=2, color=c,
               label=level_label(axis, lv))
    ax.set_xticks(np.arange(len(profiles)))
    ax.set_xticklabels(profiles)
    ax.set_xlabel("time-constant profile")
    ax.set_ylabel(R2_LABEL)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1))
    fig.tight_layout()
    r.save(fig, "score_by_profile.png", f"Score by profile and {axis}",
           "Mean over done points of each point's mean clipped R^2 over all tasks (every other axis pooled); "
           "error bars are 95% confidence intervals of the mean.")

    head = [f"# Sweep report: {store.sweep_name}", "",
            f"- store `{args.store}`, schema {store.attrs.get('schema_version')}, created {store.attrs.get('created')}"
            f" by hetsweep {store.attrs.get('hetsweep_version')} ({store.attrs.get('git_commit')}), spec hash "
            f"{store.attrs.get('spec_hash')}",
            f"- {store.n_points} points: {counts['done']} done, {counts['pending']} pending, {counts['failed']} failed;"
            f" only done points enter. Axes: {', '.join(store.axes()) or 'none'}.",
            "- score: R^2 on the test window, each task clipped at 0, averaged over a point's tasks; means and "
            "95% confidence intervals (t distribution) are across points.", "",
            f"## Against the homogeneous network ({axis} = {fmt(reference)}), paired", "",
            f"Each network against the network of the same seeds and keys at {axis} = {fmt(reference)}: `diff` is "
            f"the mean difference of the clipped score over the replicates (a network seed and an input "
            f"realisation each), `ci95` its 95% interval and `p` its two-sided p (`test`: crossed random factors "
            f"with Satterthwaite's t, or the exact sign-flip test when one factor varies), `p (Holm)` corrected "
            f"over the rows of this table, and `tasks improved` the fraction of tasks whose difference is "
            f"positive (a description of these networks: tasks are not independent replicates).",
            ""] + paired_table + [
            "", f"The same table: `hetsweep query {args.store} --by profile,{axis} --paired {axis}={fmt(reference)}`",
            "", f"## Mean score per profile and {axis}", ""] + table + [
            "", f"The same table: `hetsweep query {args.store} --by profile,{axis} --stat mean,sem,ci95`", "",
            "## Figures", ""]
    tail = (["## Skipped", ""] + r.skipped + [""]) if r.skipped else []
    with open(os.path.join(args.out, "report.md"), "w") as f:
        f.write("\n".join(head + r.md + tail))
    print(f"wrote {r.figures} figures and report.md to {args.out}" +
          (f"; skipped: {len(r.skipped)} (see report.md)" if r.skipped else ""))
    store.close()


if __name__ == "__main__":
    main()
