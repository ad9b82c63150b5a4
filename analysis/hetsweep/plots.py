"""Plotting functions for hetsweep results, each drawing into a matplotlib Axes.

Every function takes plain numbers (lists or numpy arrays, as `hetsweep query --format json` gives
them) and `ax=`: the Axes to draw into, or None for a new figure. So they work in a notebook as in
analysis/paper.py:

    import matplotlib.pyplot as plt
    from hetsweep.plots import axis_label, level_lines
    fig, ax = plt.subplots()
    level_lines({0.0: (x, y0, ci0), 1.0: (x, y1, ci1)}, ax=ax, xlabel=axis_label("N"))

Conventions shared by every figure: one colour per heterogeneity level (LEVEL_COLOURS, from the
Okabe-Ito palette, which stays distinct for colour-blind readers and in greyscale by lightness), axis
labels with units (axis_label), 95% bands or bars, legends outside the data where they would cover
it, sizes for a journal column (COLUMN_WIDTH inches; figures span one or two columns).
"""
import math

import matplotlib
import matplotlib.pyplot as plt
import matplotlib.ticker
import numpy as np

COLUMN_WIDTH = 3.5  # inches: one column of a two-column journal page
LEVEL_COLOURS = {0.0: "#000000", 0.25: "#56B4E9", 0.5: "#0072B2", 1.0: "#E69F00", 1.5: "#CC79A7", 2.0: "#D55E00"}
PROFILE_COLOURS = {"lognormal": "#009E73", "gamma": "#56B4E9", "uniform": "#999999", "normal": "#882255"}
SCORE_LABEL = "score: mean test R$^2$ (clipped at 0)"
# Units of the grid columns and metrics the figures put on an axis.
UNITS = {
    "N": ("network size N", "neurons"),
    "noise": ("noise intensity", "fraction of the drive's variance"),
    "g_in": ("input gain $g_\\mathrm{in}$", "dimensionless"),
    "g_rec": ("recurrent gain $g_\\mathrm{rec}$", "dimensionless"),
    "tau_mean": ("mean time constant E[$\\tau$]", "TU"),
    "train": ("training window", "TU"),
    "delta_realised": ("$\\Delta$ (< 0 recall, > 0 forecast)", "TU"),
    "cv": ("heterogeneity cv = std/mean of $\\tau$", "dimensionless"),
    "flops_per_step": ("FLOPs per time step", "FLOP"),
    "memory_bytes": ("memory footprint", "bytes"),
    "atp": ("ATP for the test window", "molecules"),
    "energy_loihi2_j": ("Loihi 2 energy for the test window", "J"),
    "energy_spinnaker2_j": ("SpiNNaker 2 energy for the test window", "J"),
    "participation_ratio": ("participation ratio (dimensionality)", "components"),
    "alignment_fixed_mean": ("task-state alignment, 10 components", "dimensionless"),
}


def axis_label(name, wrap=False):
    """'network size N [neurons]' for a known column, else the name itself; wrap puts the unit on a
    line of its own (for narrow panels)."""
    what, unit = UNITS.get(name, (name, None))
    return f"{what}{chr(10) if wrap else ' '}[{unit}]" if unit else what


def level_colour(level):
    """The colour of a heterogeneity level; levels outside LEVEL_COLOURS get one from viridis."""
    level = float(level)
    if level in LEVEL_COLOURS:
        return LEVEL_COLOURS[level]
    return plt.cm.viridis(min(1.0, level / 3.0))


def level_name(level, axis="cv"):
    level = float(level)
    return f"{axis} = {level:g}" + (" (homogeneous)" if level == 0 and axis == "cv" else "")


def _axes(ax, width=COLUMN_WIDTH, height=2.6):
    if ax is None:
        _, ax = plt.subplots(figsize=(width, height))
    return ax


def _finite(a):
    return np.nan_to_num(np.asarray(a, dtype=float))


def level_lines(curves, ax=None, xlabel=None, ylabel=SCORE_LABEL, log_x=False, axis="cv", bands=True):
    """One line per level with a 95% band (or bars if the x values are few): curves maps a level to
    (x, mean, ci95), ci95 the half-width."""
    ax = _axes(ax)
    for level, (x, mean, ci) in sorted(curves.items()):
        x, mean, ci = (np.asarray(v, dtype=float) for v in (x, mean, ci))
        colour = level_colour(level)
        ax.plot(x, mean, marker="o", ms=3, lw=1.2, color=colour, label=level_name(level, axis))
        if bands and len(x) > 2:
            ax.fill_between(x, mean - _finite(ci), mean + _finite(ci), color=colour, alpha=0.18, lw=0)
        else:
            ax.errorbar(x, mean, yerr=_finite(ci), fmt="none", ecolor=colour, capsize=2, lw=1)
    if log_x:
        # Ticks at the simulated values, plainly labelled (no 2x10^0).
        ticks = sorted({float(v) for x, _, _ in curves.values() for v in x})
        positive = [t for t in ticks if t > 0]
        if ticks[0] <= 0:  # 0 on the axis (no noise, no recurrence): linear up to the smallest value
            ax.set_xscale("symlog", linthresh=positive[0] if positive else 1.0, linscale=0.5)
        else:
            ax.set_xscale("log")
        ax.set_xticks(ticks)
        ax.set_xticklabels([tidy(t) for t in ticks])
        ax.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
        ax.xaxis.set_minor_locator(matplotlib.ticker.NullLocator())
    if xlabel:
        ax.set_xlabel(xlabel)
    if ylabel:
        ax.set_ylabel(ylabel)
    return ax


def task_scatter(x, y, level, ax=None, reference_label="homogeneous (cv = 0)"):
    """Per-task scores: the reference network (x) against one level (y), with the diagonal and the
    fraction of tasks above it."""
    ax = _axes(ax, COLUMN_WIDTH / 1.5, COLUMN_WIDTH / 1.5)
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    ok = np.isfinite(x) & np.isfinite(y)
    hi = max(0.05, float(np.max(np.concatenate([x[ok], y[ok]]))) * 1.03) if ok.any() else 1.0
    ax.plot([0, hi], [0, hi], color="0.5", lw=0.7, zorder=0)
    ax.scatter(x[ok], y[ok], s=3, color=level_colour(level), alpha=0.5, lw=0, rasterized=True)
    above = float(np.mean(y[ok] > x[ok])) if ok.any() else float("nan")
    ax.text(0.04, 0.96, f"{100 * above:.0f}% of tasks above", transform=ax.transAxes, va="top", fontsize=7)
    ax.set_xlim(0, hi)
    ax.set_ylim(0, hi)
    ax.set_aspect("equal")
    ax.set_xlabel(f"R$^2$, {reference_label}")
    ax.set_ylabel(f"R$^2$, {level_name(level)}")
    return ax


def cost_steps(bins, costs, ax=None, ylabel=None, savings=None):
    """The cheapest network per score bin, one step line per level on a log axis: costs maps a level
    to one cost per bin (NaN where the level reaches no network in the bin). `savings` (level ->
    factor per bin) labels the best heterogeneous level's saving above each step."""
    ax = _axes(ax)
    bins = np.asarray(bins, dtype=float)
    edges = np.append(bins, bins[-1] + (bins[-1] - bins[-2] if len(bins) > 1 else 0.01))
    for j, (level, cost) in enumerate(sorted(costs.items())):
        cost = np.asarray(cost, dtype=float)
        # Each bin's cost holds from its threshold to the next: steps, not lines between bins.
        ax.stairs(cost, edges, color=level_colour(level), lw=2.2 - 0.35 * j, label=level_name(level),
                  baseline=None, zorder=10 - j)
    ax.set_yscale("log")
    ax.set_xlabel("score bin: mean test R$^2$ reached")
    if ylabel:
        ax.set_ylabel(ylabel)
    if savings:
        for b, lo, hi, factor in savings:
            if factor == factor:
                ax.annotate(f"x{factor:.2g}", ((lo + hi) / 2, b), textcoords="offset points", xytext=(0, 3),
                            ha="center", fontsize=6)
    return ax


def grouped_points(groups, series, values, cis, ax=None, colours=None, xlabel=None, ylabel=SCORE_LABEL,
                   notes=None):
    """Means with 95% bars in groups (x positions) and series (side by side within a group):
    values[s][g] and cis[s][g] (half-widths). Dots, not bars, since the score axis does not start at
    0. `notes[s][g]`, if given, is printed under the dot at the foot of the axes."""
    ax = _axes(ax)
    width = 0.8 / max(1, len(series))
    for j, s in enumerate(series):
        x = np.arange(len(groups)) + (j - (len(series) - 1) / 2) * width
        colour = (colours or {}).get(s)
        ax.errorbar(x, values[j], yerr=_finite(cis[j]), fmt="o", ms=4, capsize=2, color=colour, label=str(s),
                    mec="black", mew=0.4, lw=1)
        if notes:
            for xi, note in zip(x, notes[j]):
                if note:
                    ax.text(xi, 0.02, note, ha="center", va="bottom", fontsize=5, rotation=90,
                            transform=ax.get_xaxis_transform())
    ax.set_xticks(np.arange(len(groups)))
    ax.set_xticklabels([str(g) for g in groups])
    ax.set_xlim(-0.5, len(groups) - 0.5)
    if xlabel:
        ax.set_xlabel(xlabel)
    if ylabel:
        ax.set_ylabel(ylabel)
    return ax


def mechanism_scatter(x, score, levels, ax=None, xlabel=None, text=None):
    """One dot per network: a mechanism measure (x) against the score, coloured by level."""
    ax = _axes(ax)
    x, score, levels = (np.asarray(v, dtype=float) for v in (x, score, levels))
    for level in sorted(set(levels.tolist())):
        sel = levels == level
        ax.scatter(x[sel], score[sel], s=10, color=level_colour(level), label=level_name(level), lw=0)
    if xlabel:
        ax.set_xlabel(xlabel)
    ax.set_ylabel(SCORE_LABEL)
    if text:
        ax.text(0.03, 0.97, text, transform=ax.transAxes, va="top", fontsize=6.5,
                bbox=dict(facecolor="white", edgecolor="none", alpha=0.8, pad=1))
    return ax


def legend_outside(fig, axes, ncol=None, **kwargs):
    """One legend for the figure, below the panels, from the handles of `axes` (deduplicated)."""
    handles, labels = {}, []
    for ax in np.ravel(axes):
        for h, lab in zip(*ax.get_legend_handles_labels()):
            if lab not in handles:
                handles[lab] = h
                labels.append(lab)
    if labels:
        fig.legend([handles[lab] for lab in labels], labels, loc="lower center", ncol=ncol or min(6, len(labels)),
                   frameon=False, fontsize=7, bbox_to_anchor=(0.5, 0.0), **kwargs)


def style():
    """Font sizes readable at column width."""
    plt.rcParams.update({"font.size": 7.5, "axes.titlesize": 8, "axes.labelsize": 7.5, "xtick.labelsize": 6.5,
                         "ytick.labelsize": 6.5, "legend.fontsize": 7, "axes.spines.top": False,
                         "axes.spines.right": False, "savefig.dpi": 200})


def tidy(value):
    """A level or axis value for a label: 0.5, 200, 1e-06."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:g}" if isinstance(value, float) and not math.isnan(value) else str(value)
