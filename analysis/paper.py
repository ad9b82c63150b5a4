#!/usr/bin/python3
"""Draw one figure of the paper from its store, and print one verdict line per claim it tests.

    /usr/bin/python3 analysis/paper.py FIGURE STORE.h5 --out DIR

FIGURE is fig2, fig3, fig4, fig5, mech or robust (jobs/paper/FIGURE.toml makes the store;
scripts/paper.sh runs both steps). Writes DIR/FIGURE.png, DIR/FIGURE.pdf and DIR/FIGURE.json (the
numbers drawn, the verdicts and the caption, for checks and for plotting elsewhere), and prints lines
such as

    verdict claim 1 | rate cv=1 vs cv=0 | diff +0.0301 [95% CI +0.0190, +0.0412] | 3 networks x 3 inputs,
        crossed, df 4.1 | p=0.0009, Holm p=0.0036 | tasks improved 74% (descriptive) | supported

A verdict reads the paired comparison over the replicates (`hetsweep query --paired`): network seeds
crossed with input realisations, the cells' mean difference, its 95% t interval (Satterthwaite df)
and p. The verdicts of a figure are one family, corrected together by Holm's method, and each is
judged by a rule fixed before any figure was drawn (printed once per figure):

    "supported" when diff has the claimed sign and the Holm-adjusted p < 0.05, "contradicted" when
    diff has the other sign and adjusted p < 0.05, "undecided" otherwise.

The fraction of tasks improved describes these networks; it is no test (tasks are not independent
replicates). Every figure shows, beside its absolute scores, the paired differences against the
homogeneous network with their 95% intervals. Every number comes from `hetsweep query STORE ...
--format json`, except the mechanisms figure's regression (hetsweep.stats.within_replicate_regression,
over the store's networks read by hetsweep.open) and the figure's Holm correction (statsmodels).
"""
import argparse
import json
import math
import os
import string
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.ticker  # noqa: E402
import numpy as np  # noqa: E402
from statsmodels.stats.multitest import multipletests  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hetsweep  # noqa: E402
import hetsweep.plots as hp  # noqa: E402
from hetsweep.query import TIER_NAMES, QueryError, find_hetsweep, fmt, query, rows_by, value  # noqa: E402
from hetsweep.stats import (cheapest_per_bin, matching_size, partial_correlation,  # noqa: E402
                            within_replicate_regression)
from hetsweep.store import LEVEL_AXIS, distinct  # noqa: E402

FIGURES = ("fig2", "fig3", "fig4", "fig5", "mech", "robust")
ALPHA = 0.05
TIERS = (0, 1, 2)
HOMOGENEOUS = f"{LEVEL_AXIS}=0"  # the partner of every paired comparison (--paired cv=0)
RULE = (f'"supported" when diff has the claimed sign and the Holm-adjusted p < {ALPHA:g}, "contradicted" when diff '
        f'has the other sign and adjusted p < {ALPHA:g}, "undecided" otherwise')
# Paired-row fields a verdict keeps (FIGURE.json), beside its label, p_adj and word.
VERDICT_FIELDS = ("diff", "ci95", "df", "test", "networks", "inputs", "pairs", "p", "boot_lo", "boot_hi", "improved",
                  "worse")


def judge(effect, p_adj, sign=+1):
    """The verdict rule (RULE) on an effect and its family-adjusted p."""
    if not (effect == effect and p_adj == p_adj):
        return "not computable"
    if p_adj < ALPHA and effect != 0:
        return "supported" if effect * sign > 0 else "contradicted"
    return "undecided"


def plain(v):
    """A grid value as JSON keeps it (numpy scalars as Python numbers)."""
    return v.item() if isinstance(v, np.generic) else v


def where_args(conditions):
    """--where arguments for a {column: value} selection."""
    return [a for k, v in conditions.items() for a in ("--where", f"{k}={fmt(v)}")]


def titler(order=None):
    """A function that titles panels A, B, C, ...: in the reading order of `order` (the axes, row by
    row) if given, else in the order called (one titler per PNG). A panel without a title gets its
    letter at the left."""
    letters = iter(string.ascii_uppercase)
    order = list(np.ravel(order)) if order is not None else None

    def title(ax, text="", **kwargs):
        letter = string.ascii_uppercase[order.index(ax)] if order else next(letters)
        hp.panel_title(ax, letter, text, **({} if text else {"loc": "left"}), **kwargs)
    return title


class figure_run:
    """One figure: the store, its queries, the verdicts (one family), the data drawn and its PNGs."""

    def __init__(self, figure, name, store_path, out):
        self.figure, self.name, self.path, self.out = figure, name, store_path, out
        self.store = hetsweep.open(store_path)
        self.hetsweep = find_hetsweep()
        self.verdicts, self.data, self.pictures, self.tests = [], {}, [], set()
        self.lead = ""  # what the figure shows: the caption's first sentences
        self.legend = ""  # a key the PNG needs beside the statistics (how to read fig4's steps)
        self.done = self.store.done()
        if not self.done.any():
            sys.exit(f"paper: {store_path} has no done points yet")

    def ask(self, *args):
        try:
            answer = query(self.path, *args, hetsweep=self.hetsweep)
        except QueryError as e:
            sys.exit(f"paper: {e}")
        self.tests.update(r["test"] for r in answer["rows"] if r.get("test"))
        return answer

    def values(self, column, where=None):
        sel = self.done if where is None else self.done & where
        return distinct(self.store.grid[column][sel])

    def networks(self):
        """The done points as a frame (hetsweep.open), each computation once: a point that repeats
        another (/same_as) is left out, so a network shared by several grids counts once."""
        points = self.store.to_dataframe(done_only=True)
        return points[points["same_as"] == points["point"]]

    def models(self):
        return self.values("model")

    def is_(self, column, v):
        return self.store.grid[column] == v

    def scores(self, by, conditions, *extra):
        """Mean score per row with the 95% interval of its replicates as crossed factors
        (`--components`: ci95_cells), keyed by the `by` columns."""
        return rows_by(self.ask("--by", ",".join(by), *where_args(conditions), *extra, "--stat", "mean,ci95,n",
                                "--components"), *by)

    def paired(self, by, conditions, key=LEVEL_AXIS, reference=0.0):
        """`--paired KEY=REFERENCE` rows keyed by the `by` columns, in this figure's family. Each row
        keeps the selection it covers and its pairing, so that FIGURE.json says what was compared."""
        answer = self.ask("--by", ",".join(by), "--paired", f"{key}={fmt(reference)}", "--family", self.figure,
                          *where_args(conditions))
        rows = {}
        for row in answer["rows"]:
            row["selection"] = {**{k: plain(v) for k, v in conditions.items()}, **{c: row[c] for c in by}}
            row["pairing"] = {key: plain(reference)}
            rows[tuple(row[c] for c in by)] = row
        return rows

    def verdict(self, claim, label, row, sign=+1, extra=""):
        """A verdict from a paired row; judged in finish(), once the figure's family is complete."""
        numbers = {f: (row.get(f) if row else None) for f in VERDICT_FIELDS}
        self.verdicts.append({"claim": claim, "label": label, "sign": sign, "effect": value(row, "diff"),
                              **numbers, "selection": row.get("selection") if row else None,
                              "pairing": row.get("pairing") if row else None, "extra": extra})

    def regression_verdict(self, claim, label, fit, sign=+1, undecidable=None, extra=""):
        """A verdict from a regression coefficient (hetsweep.stats.within_replicate_regression): its
        two-sided p joins the family; `undecidable` (a reason) makes it undecided whatever p says."""
        self.verdicts.append({"claim": claim, "label": label, "sign": sign, "effect": fit["coef"], "coef": fit["coef"],
                              "ci95": fit["ci95"], "df": fit["df"], "cells": fit["cells"], "p": fit["p"],
                              "undecidable": undecidable, "extra": extra})

    def note(self, claim, label, text, word, **numbers):
        """A verdict that is no test (no p: out of the family), with its own rule; `numbers` go into
        the data beside it."""
        self.verdicts.append({"claim": claim, "label": label, "text": text, "verdict": word, **numbers})

    def differences(self, ax, name, series, **kwargs):
        """A panel of paired differences: `series` maps a level (or a styles key) to [(x, row), ...];
        the numbers drawn go into the data under `name`."""
        categories = kwargs.get("categories")
        drawn = {}
        for key, points in series.items():
            xs = [categories.index(x) if categories else x for x, _ in points]
            drawn[key] = (xs, [value(r, "diff") for _, r in points], [value(r, "ci95") for _, r in points])
            self.data.setdefault("differences", {}).setdefault(name, []).extend(
                {"series": key if isinstance(key, str) else hp.tidy(float(key)), "x": plain(x),
                 **{f: r.get(f) for f in VERDICT_FIELDS}, "selection": r["selection"], "pairing": r["pairing"]}
                for x, r in points)
        hp.difference_panel(drawn, ax=ax, **kwargs)
        return ax

    def save(self, fig, suffix=""):
        """Keeps the figure until finish(): its note states the family, complete only then."""
        self.pictures.append((fig, suffix))

    def replicates(self):
        """'rate: 3 network seeds x 3 input realisations; lif: 7 x 2' from the done points."""
        parts = []
        for m in self.models():
            in_model = self.is_("model", m)
            seeds, inputs = len(self.values("seed", in_model)), len(self.values("input_seed", in_model))
            parts.append(f"{m}: {seeds} network seeds x {inputs} input realisations" if not parts
                         else f"{m}: {seeds} x {inputs}")
        return "; ".join(parts)

    def statistics_note(self, tested):
        one_factor = {"sign-flip", "t"} & self.tests
        incomplete = {t for t in self.tests if t not in ("crossed", "sign-flip", "t")}
        return ("Intervals (bands, bars): 95% t intervals over the replicates, network seeds crossed with input "
                "realisations (variance components by moments, Satterthwaite df)"
                + ("; where one factor varies, Student's t over the cells and the exact sign-flip p" if one_factor
                   else "")
                + ("; an incomplete table has no interval" if incomplete else "")
                + f". Replicates: {self.replicates()}. Paired differences: each network minus the homogeneous one "
                f"({LEVEL_AXIS} = 0) of the same seeds. Verdicts: p Holm-corrected over the figure's {tested} "
                f"verdicts; {RULE}.")

    def judge_family(self):
        """Holm over the raw p of every verdict of the figure, then the rule on each."""
        tested = [v for v in self.verdicts if "p" in v and v["p"] is not None and v["p"] == v["p"]]
        # The family spans several queries (each its own --by and selection) and the binary corrects
        # one query's rows at a time, so the figure corrects its raw p together here, with the
        # implementation the binary's Holm is checked against (tests/integration/test_statistics.py).
        adjusted = multipletests([v["p"] for v in tested], method="holm")[1] if tested else []
        for v, p_adj in zip(tested, adjusted):
            v["p_adj"] = float(p_adj)
        for v in self.verdicts:
            if "text" not in v:
                v.setdefault("p_adj", None)
                v["verdict"] = judge(v["effect"], math.nan if v["p_adj"] is None else v["p_adj"], v["sign"])
                if v.get("undecidable"):
                    v["verdict"] = f"undecided ({v['undecidable']})"
                v["text"] = verdict_text(v)
            v.pop("effect", None)
        return len(tested)

    def finish(self):
        tested = self.judge_family()
        print(f"verdict rule ({self.figure}, Holm over the figure's {tested} verdicts): {RULE}")
        for v in self.verdicts:
            print(f"verdict claim {v['claim']} | {v['label']} | {v['text']} | {v['verdict']}")
        note = self.statistics_note(tested)
        os.makedirs(self.out, exist_ok=True)
        for fig, suffix in self.pictures:
            hp.figure_note(fig, f"{self.legend}\n{note}" if self.legend else note, y=-0.01)
            base = os.path.join(self.out, self.name + suffix)
            fig.savefig(base + ".png", dpi=200, bbox_inches="tight")
            fig.savefig(base + ".pdf", bbox_inches="tight")
            plt.close(fig)
            print(f"wrote {base}.png and .pdf")
        with open(os.path.join(self.out, self.name + ".json"), "w") as f:
            json.dump({"figure": self.name, "store": self.path, "caption": f"{self.lead} {note}".strip(),
                       "family": {"name": self.figure, "adjust": "holm", "verdicts": tested}, "rule": RULE,
                       "verdicts": self.verdicts, "data": self.data}, f, indent=1, allow_nan=True)
        self.store.close()


def verdict_text(v):
    """The middle of a verdict line: effect, interval, replicates, test, raw and adjusted p, tasks."""
    p_adj = math.nan if v["p_adj"] is None else v["p_adj"]
    ps = f"p={v['p']:.2g}, Holm p={p_adj:.2g}" if v["p"] is not None else "no p"
    if "coef" in v:
        return (f"coef {v['coef']:+.3f} [95% CI {v['coef'] - v['ci95']:+.3f}, {v['coef'] + v['ci95']:+.3f}] | "
                f"{v['cells']} cells, cluster-robust t, df {v['df']} | {ps}{v['extra']}")
    diff, ci = (math.nan if v[f] is None else v[f] for f in ("diff", "ci95"))
    df = f", df {v['df']:.1f}" if v["df"] is not None else ""
    improved = math.nan if v["improved"] is None else v["improved"]
    return (f"diff {diff:+.4f} [95% CI {diff - ci:+.4f}, {diff + ci:+.4f}] | {v['networks']} networks x "
            f"{v['inputs']} inputs, {v['test']}{df} | {ps} | tasks improved {100 * improved:.0f}% (descriptive)"
            f"{v['extra']}")


def series_of(rows, level_at, x_at):
    """Paired rows as difference series: {level: [(x, row), ...]} sorted by x, the key's `level_at`
    and `x_at` entries giving the level and the x."""
    out = {}
    for key, row in sorted(rows.items(), key=lambda kv: kv[0][x_at]):
        out.setdefault(float(key[level_at]), []).append((key[x_at], row))
    return out


def level_differences(run, ax, name, rows, levels):
    """The differences of each level at one condition (rows keyed by (level,)): x = the level."""
    categories = [hp.tidy(float(lv)) for lv in levels]
    series = {float(lv): [(hp.tidy(float(lv)), rows[(lv,)])] for lv in levels if (lv,) in rows}
    run.differences(ax, name, series, categories=categories, xlabel=f"level {LEVEL_AXIS}")


def nominal(run, column, where):
    """The value of `column` most points share: the nominal value of a one-factor-at-a-time design."""
    values, counts = np.unique(run.store.grid[column][run.done & where], return_counts=True)
    return values[np.argmax(counts)]


# --------------------------------------------------------------------------------------------------
def fig2(run):
    """Per-task scatter against the homogeneous network and the paired difference per level, one row
    per model; below, score against Delta (d = 2, k = 1) per model."""
    models = [m for m in ("rate", "lif") if m in run.models()]
    levels = [lv for lv in run.values(LEVEL_AXIS) if lv != 0]
    per_task = run.ask("--by", f"model,{LEVEL_AXIS},k,d,delta_realised", "--stat", "mean")
    tasks = sorted({(r["k"], r["d"], r["delta_realised"]) for r in per_task["rows"]})
    by_task = rows_by(per_task, "model", LEVEL_AXIS, "k", "d", "delta_realised")
    delta = run.scores(["model", LEVEL_AXIS, "delta_realised"], {}, "--k", "1", "--d", "2")
    fig = plt.figure(figsize=(2 * hp.COLUMN_WIDTH + 0.4, 1.95 * len(models) + 2.5))
    # Per model a row: the scatter panels close together (one y label, one shared x label), then the
    # paired differences; the Delta panels share the last row, wide enough for their dense curves.
    outer = fig.add_gridspec(len(models) + 1, 2, width_ratios=[len(levels), 0.5 + 0.3 * len(levels)],
                             height_ratios=[1] * len(models) + [1.1], wspace=0.3, hspace=0.62, left=0.08,
                             right=0.98, top=0.95, bottom=0.12)
    title = titler()
    run.data["scatter"], run.data["delta"] = {}, {}
    rows = []
    for i, m in enumerate(models):
        x = [value(by_task.get((m, 0) + t), "mean") for t in tasks]
        ys = {lv: [value(by_task.get((m, lv) + t), "mean") for t in tasks] for lv in levels}
        rows.append(scatter_row(fig, outer[i, 0], title, m, x, ys))
        for lv, y in ys.items():
            run.data["scatter"][f"{m} {LEVEL_AXIS}={hp.tidy(float(lv))}"] = {"tasks": tasks, "x": x, "y": y}
        paired = run.paired([LEVEL_AXIS], {"model": m})
        ax = fig.add_subplot(outer[i, 1])
        level_differences(run, ax, m, paired, levels)
        title(ax, f"{m}: against {HOMOGENEOUS}")
        for (cv,), row in sorted(paired.items()):
            run.verdict(1, f"{m} {LEVEL_AXIS}={hp.tidy(float(cv))} vs {HOMOGENEOUS}", row)
    bottom = outer[len(models), :].subgridspec(1, len(models), wspace=0.25)
    delta_axes = [fig.add_subplot(bottom[0, i]) for i in range(len(models))]
    for ax, m in zip(delta_axes, models):
        curves = {}
        for lv in [0] + levels:
            ds = sorted(d for (mm, cv, d) in delta if mm == m and cv == lv)
            curves[lv] = (ds, [value(delta[(m, lv, d)], "mean") for d in ds],
                          [value(delta[(m, lv, d)], "ci95_cells") for d in ds])
            run.data["delta"][f"{m} {LEVEL_AXIS}={hp.tidy(float(lv))}"] = {"delta": ds, "mean": curves[lv][1],
                                                                           "ci95": curves[lv][2]}
        # Dense Delta values: lines without dots, and bands that show through each other.
        hp.level_lines(curves, ax=ax, xlabel=hp.axis_label("delta_realised"), marker=None, lw=0.9, band_alpha=0.3,
                       bounds=hp.SCORE_RANGE, ylabel=hp.SCORE_LABEL if ax is delta_axes[0] else None)
        title(ax, f"{m}: $y = u_1(t+\\Delta)^2$, 95% band")
    hp.legend_outside(fig, delta_axes)
    for scatters in rows:
        hp.shared_xlabel(fig, scatters, f"R$^2$ per task, homogeneous ({LEVEL_AXIS} = 0)")
    run.lead = ("Per task, each level against the homogeneous network, and the paired difference of the score "
                "(all tasks) per level; below, score against the shift Delta of the task y = u1(t + Delta)^2.")
    run.save(fig)


def scatter_row(fig, spec, title, model, x, ys):
    """fig2's row of per-task scatters of one model, one panel per level, on one scale."""
    scatters = []
    for j, (lv, y) in enumerate(ys.items()):
        ax = fig.add_subplot(spec.subgridspec(1, len(ys), wspace=0.12)[0, j])
        hp.task_scatter(x, y, lv, ax=ax, labels=False)
        title(ax, f"{model}, {hp.level_name(lv)}")
        if j == 0:
            ax.set_ylabel("R$^2$ per task,\nheterogeneous")
        scatters.append(ax)
    # One scale for the row, so that the panels right of the first can drop their tick labels.
    hi = max(a.get_xlim()[1] for a in scatters)
    for a in scatters:
        a.set_xlim(0, hi)
        a.set_ylim(0, hi)
        ticks = [t for t in (0, 0.5, 1) if t <= hi]
        a.set_xticks(ticks, [hp.tidy(float(t)) for t in ticks])
        a.set_yticks(ticks, [hp.tidy(float(t)) for t in ticks] if a is scatters[0] else [])
    return scatters


def fig3(run):
    """Score against N, noise, g_in and g_rec per tier, one line per level, and below the paired
    difference per value and level (all tasks); rate, then LIF."""
    factors = [f for f in ("N", "noise", "g_in", "g_rec") if len(run.values(f)) > 1]
    run.data["curves"] = {}
    for m in [m for m in ("rate", "lif") if m in run.models()]:
        in_model = run.is_("model", m)
        nominals = {f: nominal(run, f, in_model) for f in factors}
        levels = run.values(LEVEL_AXIS, in_model)
        fig, axs = plt.subplots(len(TIERS) + 2, len(factors), figsize=(2 * hp.COLUMN_WIDTH, 1.75 * len(TIERS) + 3.9),
                                squeeze=False)
        # One score scale per tier row; each difference panel its own (a wide interval at one value
        # must not flatten the others).
        for r in range(len(TIERS)):
            for ax in axs[r][1:]:
                ax.sharey(axs[r][0])
                ax.tick_params(labelleft=False)
        title = titler()
        for c, f in enumerate(factors):
            factor_column(run, axs[:, c], m, f, {"model": m, **{o: nominals[o] for o in factors if o != f}},
                          nominals[f], levels, first=c == 0)
        for r in range(len(TIERS) + 2):
            for c, f in enumerate(factors):
                title(axs[r][c], f"{m}: {f}" if r == 0 else "")
        fig.suptitle(f"{'Rate' if m == 'rate' else 'LIF'} networks: one factor at a time, the others at the "
                     f"nominal point (dotted); then the paired difference from {LEVEL_AXIS} = 0, and each level's "
                     "change from its own nominal score", fontsize=8)
        hp.legend_outside(fig, axs)
        fig.tight_layout(rect=(0, 0.04, 1, 1))
        run.save(fig, "" if m == "rate" else "_lif")
    run.lead = ("One factor at a time (the others at the nominal point, dotted), per task tier, one line per level; "
                "then the paired difference from the homogeneous network over all tasks; bottom row: each level's "
                "change from its own score at the nominal value of the factor (sensitivity), the same networks.")


def factor_column(run, axs, m, f, held, nominal_value, levels, first):
    """fig3's column of one factor: score per tier and level against the factor's values (the others
    held at `held`), the paired differences below, and claim 4's verdict pooled over the factor."""
    rows = run.scores([LEVEL_AXIS, f, "tier"], held)
    xs = sorted({x for (_, x, _) in rows})
    # A log axis where the values span a decade or more (symlog when 0 is one of them).
    positive = [x for x in xs if x > 0]
    log_x = len(positive) > 1 and max(positive) / min(positive) >= 8
    for ax, t in zip(axs, TIERS):
        curves = {lv: (xs, [value(rows.get((lv, x, t)), "mean") for x in xs],
                       [value(rows.get((lv, x, t)), "ci95_cells") for x in xs]) for lv in levels}
        hp.level_lines(curves, ax=ax, ylabel=f"{TIER_NAMES[t]}\nmean test R$^2$" if first else None, log_x=log_x,
                       bounds=hp.SCORE_RANGE)
        for lv, curve in curves.items():
            run.data["curves"][f"{m} {f} tier={t} {LEVEL_AXIS}={hp.tidy(float(lv))}"] = {
                "x": xs, "mean": curve[1], "ci95": curve[2], "n": [rows.get((lv, x, t), {}).get("n", 0) for x in xs]}
    # Claim 4: at each value of the factor, each level against cv = 0 of the same seeds.
    paired = run.paired([LEVEL_AXIS, f], held)
    run.differences(axs[len(TIERS)], f"{m} {f}", series_of(paired, 0, 1), log_x=log_x,
                    ylabel=f"all tasks:\n{hp.DIFF_LABEL}" if first else "")
    sensitivity(run, axs[-1], m, f, held, nominal_value, log_x, first)
    for ax in axs:
        ax.axvline(nominal_value, color="0.7", lw=0.6, ls=":", zorder=0)
        if not log_x and len(xs) <= 4:  # few values on a linear axis: a tick at each
            ax.set_xticks(xs, [hp.tidy(float(x)) for x in xs])
    # The verdict pools the factor: per cell (network x input seed) the mean difference over the
    # factor's values and the levels; the pairs one by one are described, not tested.
    pooled = run.paired(["model"], held).get((m,))
    diffs = [value(row, "diff") for row in paired.values()]
    above = sum(1 for row in paired.values() if value(row, "diff") - value(row, "ci95") > 0)
    below = sum(1 for row in paired.values() if value(row, "diff") + value(row, "ci95") < 0)
    run.verdict(4, f"{m} {f} in {', '.join(hp.tidy(float(x)) for x in xs)}", pooled,
                extra=f" | pooled over {len(paired)} (value, level) pairs: diff {min(diffs):+.4f} to "
                      f"{max(diffs):+.4f}, interval above 0 at {above} of them, below 0 at {below} (descriptive)")


# The level whose resilience fig3 tests against the homogeneous network's (the level of claim 1's
# verdicts), fixed before any figure was drawn.
RESILIENCE_LEVEL = 1.0


def sensitivity(run, ax, m, f, held, nominal_value, log_x, first):
    """Claim 4 as resilience: each level's change from its own score at the factor's nominal value (the
    same networks at another value of f), and whether cv = 1 changes less for the worse than cv = 0:
    the difference of the changes, cell by cell, pooled over the factor's other values
    (`query --paired F=NOMINAL --by cv --contrast cv=0`)."""
    change = run.paired([LEVEL_AXIS, f], held, key=f, reference=nominal_value)
    run.differences(ax, f"{m} {f} change from nominal", series_of(change, 0, 1),
                    xlabel=hp.axis_label(f, wrap=True), log_x=log_x,
                    ylabel="change from the\nlevel's nominal score\n[mean test R$^2$]" if first else "")
    answer = run.ask("--by", LEVEL_AXIS, "--paired", f"{f}={fmt(nominal_value)}", "--contrast", f"{LEVEL_AXIS}=0",
                     "--family", run.figure, *where_args(held))
    rows = rows_by(answer, LEVEL_AXIS)
    row = rows.get((RESILIENCE_LEVEL,))
    if row is None:
        return
    run.verdict(4, f"{m} {f}: {LEVEL_AXIS}={RESILIENCE_LEVEL:g} changes less than {HOMOGENEOUS} away from "
                   f"{f}={hp.tidy(float(nominal_value))} (pooled over the other values)", row)
    run.verdicts[-1]["contrast"] = {"selection": {k: plain(x) for k, x in held.items()},
                                    "pairing": {f: plain(nominal_value)}, "level": RESILIENCE_LEVEL, "reference": 0.0}


# Each cost panel: model, metric, title (it names the platform, so the label can stay short), y label,
# and what the cost is by construction. The spiking costs cover the whole run (washout, training and
# test), not the test window: run_length() names it.
COST_PANELS = (("rate", "flops_per_step", "rate: FLOPs", "FLOPs per time step\n[FLOP]",
                "by construction set by N alone (~N$^2$)"),
               ("rate", "memory_bytes", "rate: memory", "memory footprint\n[bytes]",
                "by construction set by N alone (~N$^2$)"),
               ("lif", "atp", "LIF: ATP per run", "ATP per run\n[molecules]", None),
               ("lif", "energy_loihi2_j", "LIF on Loihi 2, per run", "energy per run\n[J]", None),
               ("lif", "energy_spinnaker2_j", "LIF on SpiNNaker 2, per run", "energy per run\n[J]", None))
# Costs that are, by construction, a function of N alone: the same at every level, so that their
# saving at the matched size is the size ratio's transform and no measurement of its own.
BY_CONSTRUCTION = {("rate", "flops_per_step"): "set by N alone", ("rate", "memory_bytes"): "set by N alone",
                   ("lif", "memory_bytes"): "set by N alone",
                   ("lif", "energy_loihi2_static_j"): "proportional to N (the core share)",
                   ("lif", "energy_spinnaker2_static_j"): "proportional to N (the core share)"}
SAVING_LABELS = {"flops_per_step": "FLOPs", "memory_bytes": "memory", "atp": "ATP", "energy_loihi2_j": "Loihi 2",
                 "energy_spinnaker2_j": "SpiNNaker 2"}
# Every cost of the matched-size comparison, static and dynamic parts apart.
MATCH_COSTS = {"rate": ("flops_per_step", "memory_bytes"),
               "lif": ("flops_per_step", "memory_bytes", "atp", "energy_loihi2_j", "energy_loihi2_static_j",
                       "energy_loihi2_dynamic_j", "energy_spinnaker2_j", "energy_spinnaker2_static_j",
                       "energy_spinnaker2_dynamic_j")}
# Claim 2's matched size, fixed before any figure was drawn: the heterogeneous network at cv = 1 (the
# level of claim 1's verdicts) and the default size N = 200; the homogeneous network's size that scores
# as well is read from a least-squares line of its score against ln N (hetsweep.stats.matching_size).
MATCH_LEVEL, MATCH_N = 1.0, 200
MATCH_RULE = ("supported when the 95% bootstrap interval of the ratio lies above 1, contradicted when it lies "
              "below 1, undecided otherwise; no verdict where the matched size lies beyond the size grid")


def run_length(run):
    """'172 TU: washout, training, test' from the store's timeline (one value per store, else a range)."""
    grid = run.store.grid
    total = {float(sum(grid[k][i] for k in ("washout", "margin", "train", "test")))
             for i in np.flatnonzero(run.done)}
    text = " to ".join(f"{t:g}" for t in sorted(total)[:: max(1, len(total) - 1)])
    return f"{text} TU: washout, training, test"


def interval_word(lo, hi):
    return "supported" if lo > 1 else "contradicted" if hi < 1 else "undecided"


def fig4(run):
    """Per cost, the cheapest network per score bin (E*) of each level alone and of the cheapest over the
    heterogeneous levels, and the savings with bootstrap intervals; per model, the size at which the
    homogeneous network matches a heterogeneous one of a level fixed in advance and every cost at it;
    the paired difference per N and level."""
    models = run.models()
    panels = [p for p in COST_PANELS if p[0] in models]
    length = run_length(run)
    fig = plt.figure(figsize=(2 * hp.COLUMN_WIDTH + 0.6, 11.0))
    # Two rows of three cost panels; then one matched-size and one difference panel per model.
    grid = fig.add_gridspec(4, 6)
    axs = [fig.add_subplot(grid[r, 2 * c:2 * c + 2]) for r in range(2) for c in range(3)]
    match_axes = [fig.add_subplot(grid[2, 3 * i:3 * i + 3]) for i in range(len(models))]
    diff_axes = [fig.add_subplot(grid[3, 3 * i:3 * i + 3]) for i in range(len(models))]
    title = titler(axs[:len(panels) + 1] + match_axes + diff_axes)
    run.data["costs"], run.data["matched_size"] = {}, {}
    points = run.networks()
    saving_curves = {}
    for ax, (m, metric, text, ylabel, construction) in zip(axs, panels):
        answer = run.ask("--cost", metric, "--where", f"model={m}")
        bins = [float(b) for b in answer["bins"]]
        rows = rows_by(answer, LEVEL_AXIS, "bin")
        levels = sorted({cv for cv, _ in rows})
        costs = {lv: [value(rows.get((lv, b)), "cost") if rows.get((lv, b), {}).get("reached") else math.nan
                      for b in bins] for lv in levels}
        # The same E* with bootstrap intervals over the replicates, and the cheapest over the levels > 0.
        boot = cheapest_per_bin(points[points["model"] == m], metric, bins, configuration=configuration_columns(run, m),
                                axis=LEVEL_AXIS)
        hp.cost_steps(bins, costs, ax=ax, ylabel=ylabel)
        edges = np.append(bins, bins[-1] + (bins[-1] - bins[-2] if len(bins) > 1 else 0.01))
        ax.stairs(boot["estar"]["any"], edges, baseline=None, color="black", lw=0.8, ls=":",
                  label=f"cheapest over {LEVEL_AXIS} > 0")
        title(ax, text, pad=11 if construction else None)
        if construction:
            ax.annotate(construction, xy=(0.5, 1.0), xycoords="axes fraction", xytext=(0, 2), textcoords="offset points",
                        ha="center", va="bottom", fontsize=6, color="0.3")
        saving = boot["saving"]["any"]
        saving_curves[f"{'rate' if m == 'rate' else 'LIF'} {SAVING_LABELS[metric]}"] = (bins, saving,
                                                                                      boot["saving_ci"]["any"])
        run.data["costs"][f"{m} {metric}"] = {
            "bins": bins, "cost": {hp.tidy(float(lv)): c for lv, c in costs.items()},
            "configuration": {hp.tidy(float(lv)): [rows.get((lv, b), {}).get("configuration") for b in bins]
                              for lv in levels},
            "bootstrap": {str(k): {"estar": boot["estar"][k], "estar_ci": boot["estar_ci"][k],
                                   "saving": boot["saving"][k], "saving_ci": boot["saving_ci"][k],
                                   "defined": boot["defined"][k]} for k in boot["levels"]},
            "cells": boot["cells"], "resamples": boot["resamples"], "window": length, "by_construction": construction}
        cost_note(run, m, metric, bins, boot)
    ax = axs[len(panels)]
    for j, (label, (bins, saving, ci)) in enumerate(saving_curves.items()):
        # Greys with open markers: the level colours are kept for the levels.
        style = hp.NEUTRAL_STYLES[j % len(hp.NEUTRAL_STYLES)]
        lo = [s - c[0] if s == s and c[0] == c[0] else math.nan for s, c in zip(saving, ci)]
        hi = [c[1] - s if s == s and c[1] == c[1] else math.nan for s, c in zip(saving, ci)]
        shift = (j - (len(saving_curves) - 1) / 2) * 0.0015  # side by side, so that the bars do not overlap
        ax.errorbar(np.array(bins) + shift, saving, yerr=[lo, hi], marker=style["marker"], ls=style["ls"],
                    color=style["color"], ms=3.5, mfc="white", mew=0.8, lw=0.9, elinewidth=0.6, capsize=1.5,
                    label=label)
    ax.axhline(1, color="0.5", lw=0.7, ls=":")
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(matplotlib.ticker.FixedLocator([0.25, 0.5, 1, 2, 5, 10, 20, 50]))
    ax.yaxis.set_major_formatter(matplotlib.ticker.FormatStrFormatter("%g"))
    ax.yaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    ax.set_xlabel("score bin: mean test R$^2$ reached")
    ax.set_ylabel(f"saving factor\n[E* at {HOMOGENEOUS} / E* cheapest {LEVEL_AXIS}>0]")
    ax.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    title(ax, "saving per bin (95% bootstrap)")
    for ax, m in zip(match_axes, models):
        matched_size(run, ax, m, points[points["model"] == m])
        title(ax, f"{m}: the size that matches {LEVEL_AXIS} = {MATCH_LEVEL:g} at N = {MATCH_N}")
    # The size a heterogeneous network saves rests on its gain at each N: paired at each N.
    for ax, m in zip(diff_axes, models):
        rows = run.paired(["N", LEVEL_AXIS], {"model": m})
        run.differences(ax, m, series_of(rows, 1, 0), xlabel=hp.axis_label("N"), log_x=True)
        title(ax, f"{m}: paired difference")
        for (n, cv), row in sorted(rows.items()):
            if float(cv) == 1.0:
                run.verdict(1, f"{m} N={n} {LEVEL_AXIS}=1 vs {HOMOGENEOUS}", row)
    for extra in axs[len(panels) + 1:]:
        extra.set_visible(False)
    hp.legend_outside(fig, [*axs[:len(panels)], *diff_axes], y=0.0)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    run.legend = ("Steps: the cheapest network that reaches each score bin (E*), per level alone; dotted black: the "
                  f"cheapest over every level {LEVEL_AXIS} > 0; where the steps of several levels coincide, the line "
                  f"shows their colours in turn. Spiking costs are per run ({length}). Saving: E* of {LEVEL_AXIS} = 0 "
                  f"over the cheapest {LEVEL_AXIS} > 0, per bin, with 95% pigeonhole-bootstrap intervals over the "
                  f"replicates. Matched size: the homogeneous network's mean score against N with its least-squares "
                  f"line in ln N, inverted at the score of {LEVEL_AXIS} = {MATCH_LEVEL:g} at N = {MATCH_N} (fixed "
                  "before the run); bar: 95% bootstrap interval.")
    run.lead = f"{run.legend} Below: the paired difference of the score from the homogeneous network at each N."
    run.save(fig)


def configuration_columns(run, m):
    """The grid columns that make a configuration of model m (as `query --cost` has them): those that
    vary among its done points, but the level and the seeds."""
    sel = run.done & run.is_("model", m)
    skip = {LEVEL_AXIS, "seed", "input_seed", "model"}
    return [c for c in run.store.grid if c not in skip and len(distinct(run.store.grid[c][sel])) > 1]


def matched_size(run, ax, m, frame):
    """Claim 2's matched size for model m: the panel, the data and one note per cost."""
    costs = [c for c in MATCH_COSTS[m] if c in frame and np.isfinite(frame[c]).all()]
    try:
        match = matching_size(frame, MATCH_LEVEL, MATCH_N, costs=costs, axis=LEVEL_AXIS)
    except ValueError as e:
        run.note(2, f"{m} matched size", str(e), "not computable")
        ax.set_visible(False)
        return
    run.data["matched_size"][m] = match
    sizes, means = np.array(match["fit"]["sizes"]), np.array(match["fit"]["means"])
    ax.plot(sizes, means, "o", color=hp.level_colour(0.0), ms=3.5, label=hp.level_name(0.0))
    line = np.exp(np.linspace(np.log(min(sizes.min(), match["n_match"])), np.log(max(sizes.max(), match["n_match"])), 50))
    ax.plot(line, match["fit"]["a"] + match["fit"]["b"] * np.log(line), color=hp.level_colour(0.0), lw=0.8, ls="--")
    lo, hi = match["n_match_ci"]
    ax.errorbar([match["n_match"]], [match["target"]], xerr=[[match["n_match"] - lo], [hi - match["n_match"]]],
                marker="D", ms=4, color=hp.level_colour(MATCH_LEVEL), capsize=2, lw=0.9,
                label=f"{hp.level_name(MATCH_LEVEL)} at N = {MATCH_N}: matched by N = {match['n_match']:.0f}")
    ax.plot([MATCH_N], [match["target"]], "s", color=hp.level_colour(MATCH_LEVEL), ms=4)
    ax.set_xscale("log")
    ticks = [n for n in sizes if math.log2(n / sizes[0]) % 1 < 1e-9] or list(sizes)
    ax.xaxis.set_major_locator(matplotlib.ticker.FixedLocator(ticks))
    ax.xaxis.set_major_formatter(matplotlib.ticker.FormatStrFormatter("%g"))
    ax.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    ax.set_xlabel(hp.axis_label("N"))
    ax.set_ylabel(hp.SCORE_LABEL)
    ax.legend(fontsize=6, frameon=False, loc="lower right")
    extra = " (beyond the size grid: extrapolated)" if match["beyond_grid"] else ""
    ratio_lo, ratio_hi = match["ratio_ci"]
    word = "not computable" if match["beyond_grid"] else interval_word(ratio_lo, ratio_hi)
    run.note(2, f"{m} matched size: {hp.level_name(0.0)} against {hp.level_name(MATCH_LEVEL)} at N = {MATCH_N}",
             f"N = {match['n_match']:.0f} [95% bootstrap {lo:.0f}, {hi:.0f}], ratio {match['ratio']:.2f}x "
             f"[{ratio_lo:.2f}, {ratio_hi:.2f}]{extra}; fit over N = {', '.join(f'{n:g}' for n in sizes)}, "
             f"R^2 {match['fit']['r2']:.3f}, largest residual {match['fit']['largest_residual']:.4f}; "
             f"{match['cells']} cells; rule: {MATCH_RULE}", word)
    for c in costs:
        s, (clo, chi) = match["saving"][c], match["saving_ci"][c]
        construction = f" ({BY_CONSTRUCTION[m, c]} by construction)" if (m, c) in BY_CONSTRUCTION else ""
        run.note(2, f"{m} {c} at the matched size",
                 f"{HOMOGENEOUS} at N = {match['n_match']:.0f} over {LEVEL_AXIS} = {MATCH_LEVEL:g} at N = {MATCH_N}: "
                 f"{s:.2f}x [95% bootstrap {clo:.2f}, {chi:.2f}]{construction}{extra}",
                 "not computable" if match["beyond_grid"] else interval_word(clo, chi))


def cost_note(run, m, metric, bins, boot):
    """Claim 2 per cost by the paper's E*: the saving of the cheapest heterogeneous network per bin, with
    its bootstrap interval (no test in the family: a saving has no p)."""
    saving, ci = boot["saving"]["any"], boot["saving_ci"]["any"]
    both = [(b, s, c) for b, s, c in zip(bins, saving, ci) if s == s]
    unreached = [b for k, b in enumerate(bins) if boot["estar"][0.0][k] != boot["estar"][0.0][k]
                 and boot["estar"]["any"][k] == boot["estar"]["any"][k]]
    if both:
        text = ("saving (E* at " + HOMOGENEOUS + f" over the cheapest {LEVEL_AXIS}>0) per bin both reach: "
                + ", ".join(f"{b:g}: {s:.2f}x [{c[0]:.2f}, {c[1]:.2f}]" for b, s, c in both)
                + (f"; bins only heterogeneous networks reach: {', '.join(f'{b:g}' for b in unreached)}"
                   if unreached else ""))
        # Supported: every bin's interval lies at or above 1 and one lies above 1; contradicted the
        # other way round; mixed otherwise.
        word = ("supported" if all(c[0] >= 1 for _, _, c in both) and any(c[0] > 1 for _, _, c in both)
                else "contradicted" if all(c[1] <= 1 for _, _, c in both) and any(c[1] < 1 for _, _, c in both)
                else "mixed")
    else:
        text, word = f"no bin is reached by both {HOMOGENEOUS} and a heterogeneous level", "not computable"
    run.note(2, f"{m} {metric}", text, word)


SKEWED, SYMMETRIC = ("lognormal", "gamma"), ("uniform", "normal")


def fig5(run):
    """(A) score against E[tau] per level; (B) score by profile at the same mean and variance; (C)
    the paired difference from cv = 0 per E[tau] and level; (D) skewed minus symmetric profiles."""
    fig, axs = plt.subplots(2, 2, figsize=(2 * hp.COLUMN_WIDTH, 5.6), gridspec_kw={"width_ratios": [1, 1.3]})
    (ax_a, ax_b), (ax_c, ax_d) = axs
    title = titler(axs)
    in_a = run.is_("match", "empirical") if "match" in run.store.grid else np.ones(run.store.n_points, bool)
    profiles_b = run.values("profile", ~in_a)
    where_a, where_b = {"match": "empirical"}, {"match": "truncated"}
    rows = run.scores([LEVEL_AXIS, "tau_mean"], where_a)
    taus = sorted({t for _, t in rows})
    curves = {lv: (taus, [value(rows.get((lv, t)), "mean") for t in taus],
                   [value(rows.get((lv, t)), "ci95_cells") for t in taus]) for lv in run.values(LEVEL_AXIS, in_a)}
    hp.level_lines(curves, ax=ax_a, xlabel=hp.axis_label("tau_mean"), log_x=True, bands=False, bounds=hp.SCORE_RANGE)
    title(ax_a, "heterogeneity at every E[$\\tau$] (lognormal)")
    ax_a.legend(frameon=False, fontsize=7)
    run.data["tau_mean"] = {hp.tidy(float(lv)): {"tau_mean": c[0], "mean": c[1], "ci95": c[2]}
                            for lv, c in curves.items()}
    paired = run.paired(["tau_mean", LEVEL_AXIS], where_a)
    run.differences(ax_c, "tau_mean", series_of(paired, 1, 0), xlabel=hp.axis_label("tau_mean"), log_x=True)
    title(ax_c, "paired difference from the homogeneous network")
    for (t, cv), row in sorted(paired.items()):
        run.verdict(1, f"tau_mean={hp.tidy(float(t))} {LEVEL_AXIS}={hp.tidy(float(cv))} vs {HOMOGENEOUS}", row)
    if profiles_b:
        profiles(run, ax_b, ax_d, title, where_b, run.values(LEVEL_AXIS, ~in_a),
                 [p for p in SKEWED + SYMMETRIC if p in profiles_b])
    run.lead = ("A: score against the mean time constant per level (lognormal profiles); B: each profile at the "
                "same mean and std (truncated at the floor and re-matched; numbers: % of neurons at the floor); "
                "C: the paired difference from the homogeneous network; D: the paired difference of each skewed "
                "profile from each symmetric one of the same seeds and level.")
    fig.tight_layout()
    run.save(fig)


def profiles(run, ax_b, ax_d, title, where_b, levels, order):
    """fig5 (B) each profile's score per level, with the fraction of neurons at the floor; (D) each
    skewed profile minus each symmetric one, paired (claim 3)."""
    score = run.scores(["profile", LEVEL_AXIS], where_b)
    floor = rows_by(run.ask("--by", f"profile,{LEVEL_AXIS}", *where_args(where_b), "--value", "tau_floor_fraction",
                            "--stat", "mean"), "profile", LEVEL_AXIS)
    vals = [[value(score.get((p, lv)), "mean") for lv in levels] for p in order]
    cis = [[value(score.get((p, lv)), "ci95_cells") for lv in levels] for p in order]
    fl = [[value(floor.get((p, lv)), "mean") for lv in levels] for p in order]
    notes = [[f"{100 * f:.0f}" if f and f > 0.005 else "" for f in row] for row in fl]
    hp.grouped_points([hp.tidy(float(lv)) for lv in levels], order, vals, cis, ax=ax_b, colours=hp.PROFILE_COLOURS,
                      xlabel=hp.axis_label(LEVEL_AXIS), notes=notes,
                      notes_label="% of neurons at the $\\tau$ floor (truncated profiles):", legend_room=0.12,
                      bounds=hp.SCORE_RANGE)
    title(ax_b, "profiles at the same mean and std (truncated)")
    ax_b.legend(frameon=False, fontsize=7, ncol=4, loc="upper center", columnspacing=0.8, handletextpad=0.1)
    run.data["profiles"] = {"levels": levels, "profiles": order, "mean": vals, "ci95": cis, "floor": fl}
    categories = [hp.tidy(float(lv)) for lv in levels]
    series, styles = {}, {}
    for k, sym in enumerate(p for p in SYMMETRIC if p in order):
        pairs = run.paired(["profile", LEVEL_AXIS], where_b, key="profile", reference=sym)
        for skew in [p for p in SKEWED if p in order]:
            name = f"{skew} - {sym}"
            series[name] = [(hp.tidy(float(lv)), pairs[(skew, lv)]) for lv in levels if (skew, lv) in pairs]
            styles[name] = {"colour": hp.PROFILE_COLOURS[skew], "label": f"{skew} $-$ {sym}",
                            "marker": "os"[k % 2]}
            for lv in levels:
                if (skew, lv) in pairs:
                    f_sym = fl[order.index(sym)][levels.index(lv)]
                    run.verdict(3, f"{LEVEL_AXIS}={hp.tidy(float(lv))} {skew} vs {sym}", pairs[(skew, lv)],
                                extra=f" | {100 * f_sym:.0f}% of {sym} neurons at the floor")
    run.differences(ax_d, "skewed - symmetric", series, categories=categories, styles=styles,
                    xlabel=hp.axis_label(LEVEL_AXIS),
                    ylabel="paired difference, skewed\n$-$ symmetric [mean test R$^2$]")
    # Below the axes: a bar of few replicates may run the panel's full height.
    ax_d.legend(frameon=False, fontsize=7, ncol=2, loc="upper center", bbox_to_anchor=(0.5, -0.2),
                columnspacing=1.0, handletextpad=0.2)
    title(ax_d, "skewed against symmetric profiles")


# Claim 5's model: the score on the fixed alignment given the participation ratio and its square
# (an inverted U in PR is a negative squared term, not a missed effect), within replicate cells and
# levels (hetsweep.stats.within_replicate_regression). Above this variance inflation of the alignment
# the data cannot tell alignment from dimensionality: the verdict is then undecided whatever p says.
MECH_VIF_LIMIT = 10.0


def mech_fit(frame, pr_column):
    """The within-replicate regression of the score on the fixed alignment given `pr_column` (and its
    square), or None where the store lacks the column or has too few cells for a cluster-robust error."""
    if pr_column not in frame or not np.isfinite(frame[pr_column]).all():
        return None
    if frame.groupby(["seed", "input_seed"]).ngroups < 3:
        return None
    return within_replicate_regression(frame, "r2_clipped_mean", "alignment_fixed_mean", others=[pr_column],
                                       squared=[pr_column], level=LEVEL_AXIS)


def fit_text(fit):
    if fit is None:
        return "no within-cell fit (fewer than 3 cells)"
    lo, hi = fit["coef"] - fit["ci95"], fit["coef"] + fit["ci95"]
    return f"within: {fit['coef']:+.2f} [{lo:+.2f}, {hi:+.2f}], p {fit['p']:.2g}, VIF {fit['vif']['alignment_fixed_mean']:.1f}"


def mech(run):
    """Score against task-state alignment (10 components) and against the participation ratio, one dot per
    network, with claim 5 decided within replicates; and the paired difference per level."""
    models = [m for m in ("rate", "lif") if m in run.models()]
    fig, axs = plt.subplots(len(models), 3, figsize=(2 * hp.COLUMN_WIDTH + 0.6, 2.6 * len(models)), squeeze=False,
                            gridspec_kw={"width_ratios": [1, 1, 0.8]})
    title = titler(axs)
    run.data["networks"] = {}
    points = run.networks()
    for i, m in enumerate(models):
        frame = points[points["model"] == m].reset_index(drop=True)
        score, align, pr = (frame[c].to_numpy() for c in ("r2_clipped_mean", "alignment_fixed_mean",
                                                          "participation_ratio"))
        levels = frame[LEVEL_AXIS].to_numpy()
        fit = mech_fit(frame, "participation_ratio")
        standardised = mech_fit(frame, "participation_ratio_standardised")
        r_align, p_align = partial_correlation(score, align, pr)
        hp.mechanism_scatter(align, score, levels, ax=axs[i][0],
                             xlabel=hp.axis_label("alignment_fixed_mean", wrap=True), text=fit_text(fit))
        title(axs[i][0], f"{m}: score against alignment", pad=13)
        squared = fit["coefficients"]["participation_ratio^2"] if fit else None
        hp.mechanism_scatter(pr, score, levels, ax=axs[i][1], xlabel=hp.axis_label("participation_ratio", wrap=True),
                             text=(f"PR$^2$ {squared['coef']:+.4f} (p {squared['p']:.2g}); "
                                   f"within r(align., PR) {fit['r_within']['participation_ratio']:+.2f}")
                             if fit else None)
        title(axs[i][1], f"{m}: score against dimensionality", pad=13)
        paired = run.paired([LEVEL_AXIS], {"model": m})
        level_differences(run, axs[i][2], m, paired, [lv for lv in run.values(LEVEL_AXIS, run.is_("model", m))
                                                      if lv != 0])
        title(axs[i][2], f"{m}: against {HOMOGENEOUS}", pad=13)
        run.data["networks"][m] = {"seed": frame["seed"].tolist(), "input_seed": frame["input_seed"].tolist(),
                                   LEVEL_AXIS: levels.tolist(), "score": score.tolist(), "alignment": align.tolist(),
                                   "participation_ratio": pr.tolist(), "within": fit,
                                   "within_standardised": standardised,
                                   "partial_alignment_given_pr": r_align, "p_partial": p_align}
        if fit is None:
            run.note(5, f"{m}, {len(frame)} networks", "no within-cell fit: fewer than 3 replicate cells",
                     "not computable")
            continue
        vif = fit["vif"]["alignment_fixed_mean"]
        robust_text = (f" | with PR of standardised states {standardised['coef']:+.2f} "
                       f"(p={standardised['p']:.2g})" if standardised else "")
        run.regression_verdict(
            5, f"{m}, {len(frame)} networks in {fit['cells']} cells: score on alignment given PR and PR^2, "
               f"within cells and levels", fit,
            undecidable=(f"alignment and PR collinear within cells (VIF {vif:.1f} > {MECH_VIF_LIMIT:g})"
                         if vif > MECH_VIF_LIMIT else None),
            extra=f" | VIF {vif:.1f}, Spearman of residuals {fit['spearman']:+.2f}{robust_text}")
    hp.legend_outside(fig, axs[:, :2])
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    run.lead = ("One dot per network: score against its task-state alignment (10 components) and against its "
                "participation ratio. Claim 5 is decided within replicates: the score regressed on alignment, PR "
                "and PR^2 with each replicate cell (network seed x input realisation) and each level its own "
                "mean, standard errors cluster-robust over the cells (t with cells - 1 df); the text above a "
                "panel is that fit. Right: the paired difference of the score from the homogeneous network per "
                "level.")
    run.save(fig)


def robust(run):
    """(A) the advantage without recurrence; (B) score against the length of the training window;
    (C, D) their paired differences from cv = 0."""
    fig, axs = plt.subplots(2, 2, figsize=(2 * hp.COLUMN_WIDTH, 5.4))
    (ax_a, ax_b), (ax_c, ax_d) = axs
    title = titler(axs)
    train = {"train": nominal(run, "train", run.done)}
    # g_rec = 0 and prune = 1 are one network: the design draws it once.
    conditions = [("nominal", {"g_rec": 0.9}), ("g_rec = 0", {"g_rec": 0})]
    levels = run.values(LEVEL_AXIS)
    vals, cis, series = [], [], {}
    run.data["recurrence"] = {}
    for label, where in conditions:
        rows = run.scores([LEVEL_AXIS], {**where, **train})
        vals.append([value(rows.get((lv,)), "mean") for lv in levels])
        cis.append([value(rows.get((lv,)), "ci95_cells") for lv in levels])
        run.data["recurrence"][label] = {LEVEL_AXIS: levels, "mean": vals[-1], "ci95": cis[-1]}
        for (cv,), row in sorted(run.paired([LEVEL_AXIS], {**where, **train}).items()):
            series.setdefault(float(cv), []).append((label, row))
            if label != "nominal":
                run.verdict(4, f"{label}: {LEVEL_AXIS}={hp.tidy(float(cv))} vs {HOMOGENEOUS}", row)
    # Points: conditions as groups, levels as series (the level colours).
    by_level = [[vals[c][j] for c in range(len(conditions))] for j in range(len(levels))]
    ci_level = [[cis[c][j] for c in range(len(conditions))] for j in range(len(levels))]
    hp.grouped_points([c for c, _ in conditions], [hp.level_name(lv) for lv in levels], by_level, ci_level,
                      ax=ax_a, colours={hp.level_name(lv): hp.level_colour(lv) for lv in levels}, xlabel="recurrence",
                      bounds=hp.SCORE_RANGE)
    title(ax_a, "without recurrence")
    # Resilience (claim 4 as worded): each network without recurrence against itself with it, per level,
    # beside the non-inferiority margin the spec's hypotheses state.
    drops = run.paired([LEVEL_AXIS], {"g_rec": 0, **train}, key="g_rec", reference=0.9)
    run.differences(ax_c, "recurrence removed", {lv: [(float(lv), row)] for (lv,), row in sorted(drops.items())},
                    xlabel=hp.axis_label(LEVEL_AXIS), ylabel="without minus with\nrecurrence [mean test R$^2$]")
    margins = resilience_hypotheses(run)
    for margin in sorted(set(margins)):
        ax_c.axhline(-margin, color="0.45", lw=0.8, ls=":")
        ax_c.text(ax_c.get_xlim()[1], -margin, f"  margin -{hp.tidy(margin)}", va="center", ha="left", fontsize=7)
    title(ax_c, "without minus with recurrence")
    nominal_net = {"g_rec": 0.9}
    rows = run.scores([LEVEL_AXIS, "train"], nominal_net)
    trains = sorted({t for _, t in rows})
    curves = {lv: (trains, [value(rows.get((lv, t)), "mean") for t in trains],
                   [value(rows.get((lv, t)), "ci95_cells") for t in trains]) for lv in levels}
    hp.level_lines(curves, ax=ax_b, xlabel=hp.axis_label("train"), log_x=True, bounds=hp.SCORE_RANGE)
    title(ax_b, "training data")
    run.data["train"] = {hp.tidy(float(lv)): {"train": c[0], "mean": c[1], "ci95": c[2]} for lv, c in curves.items()}
    paired = run.paired(["train", LEVEL_AXIS], nominal_net)
    run.differences(ax_d, "train", series_of(paired, 1, 0), xlabel=hp.axis_label("train"), log_x=True)
    title(ax_d, "paired difference, training data")
    for (t, cv), row in sorted(paired.items()):
        run.verdict(2, f"train={hp.tidy(float(t))} TU: {LEVEL_AXIS}={hp.tidy(float(cv))} vs {HOMOGENEOUS}", row)
    hp.legend_outside(fig, [ax_b])
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    run.lead = ("A: score per level with recurrence (nominal) and without it (g_rec = 0, the same network as every "
                "recurrent edge pruned); B: score against the training window; C: each network without recurrence "
                "minus itself with it, per level, with the non-inferiority margin of the spec's hypotheses (dotted); "
                "D: the paired differences from the homogeneous network over the training window.")
    run.save(fig)


def resilience_hypotheses(run):
    """The store's claim-4 hypotheses (written in jobs/paper/robust.toml before the run), each decided by
    its own rule (`hetsweep query --hypotheses`: non-inferiority, Holm within its family), kept as notes
    beside the figure's verdicts. Returns their margins."""
    try:
        answer = query(run.path, "--hypotheses", hetsweep=run.hetsweep)
    except QueryError as e:
        sys.exit(f"paper: {e}")
    margins = []
    for row in answer["rows"]:
        diff, ci = value(row, "diff"), value(row, "ci95")
        margin = f" (margin {hp.tidy(row['margin'])})" if row.get("margin") else ""
        text = (f"{row['test']} {row['compare']}{margin}: " + (row["why"] if row["verdict"] == "not computable"
                else f"diff {diff:+.4f} [{diff - ci:+.4f}, {diff + ci:+.4f}], {row['networks']} x {row['inputs']} "
                f"replicates, p {value(row, 'p'):.2g}, Holm over {row['family']} {value(row, 'p_adj'):.2g}"))
        # Its own family and rule: its numbers are kept apart from the figure's p and p_adj.
        run.note(4, row["hypothesis"], text, row["verdict"], rule="; ".join(answer.get("rules", [])),
                 hypothesis={f: row.get(f) for f in ("family", "test", "margin", "diff", "ci95", "p", "p_adj",
                                                     "p_contrary", "networks", "inputs")})
        if row.get("margin"):
            margins.append(float(row["margin"]))
    return margins


DRAW = {"fig2": fig2, "fig3": fig3, "fig4": fig4, "fig5": fig5, "mech": mech, "robust": robust}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("figure", choices=FIGURES)
    ap.add_argument("store")
    ap.add_argument("--out", default="paper", help="folder for FIGURE.png, .pdf and .json (default paper/)")
    ap.add_argument("--name", help="file name of the figure, without extension (default FIGURE)")
    args = ap.parse_args()
    try:
        find_hetsweep()
    except QueryError as e:
        sys.exit(f"paper: {e}")
    if not os.path.isfile(args.store):
        sys.exit(f"paper: {args.store}: no such store (run the figure's sweep first: bash scripts/paper.sh "
                 f"{args.figure})")
    hp.style()
    run = figure_run(args.figure, args.name or args.figure, args.store, args.out)
    DRAW[args.figure](run)
    run.finish()


if __name__ == "__main__":
    main()
