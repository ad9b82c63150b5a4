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
it, sizes for a journal column (COLUMN_WIDTH inches; figures span one or two columns). Beside its
absolute scores every figure shows the effect: the paired difference against the homogeneous network
with its 95% interval and a zero line (difference_panel), in the same colour per level.
"""
import math
import textwrap

import matplotlib
import matplotlib.pyplot as plt
import matplotlib.ticker
import matplotlib.transforms
import numpy as np

from .store import LEVEL_AXIS

COLUMN_WIDTH = 3.5  # inches: one column of a two-column journal page
LEVEL_COLOURS = {0.0: "#000000", 0.25: "#56B4E9", 0.5: "#0072B2", 1.0: "#E69F00", 1.5: "#CC79A7", 2.0: "#D55E00"}
# Series that are not heterogeneity levels (the saving per cost metric): greys, open markers and
# dashes, so that no colour of a level is reused for something else.
NEUTRAL_STYLES = ({"color": "#000000", "marker": "o", "ls": "-"}, {"color": "#555555", "marker": "s", "ls": "--"},
                  {"color": "#888888", "marker": "^", "ls": ":"}, {"color": "#000000", "marker": "D", "ls": "-."},
                  {"color": "#666666", "marker": "v", "ls": (0, (5, 1, 1, 1, 1, 1))})
PROFILE_COLOURS = {"lognormal": "#009E73", "gamma": "#56B4E9", "uniform": "#999999", "normal": "#882255"}
SCORE_LABEL = "score: mean test R$^2$ (clipped at 0)"
SCORE_RANGE = (0.0, 1.0)  # a mean of R^2 clipped at 0
DIFF_RANGE = (-1.0, 1.0)  # the difference of two such means
DIFF_LABEL = f"paired difference from\n{LEVEL_AXIS} = 0 [mean test R$^2$]"
# Units of the grid columns and metrics the figures put on an axis.
UNITS = {
    "N": ("network size N", "neurons"),
    "noise": ("noise intensity", "fraction of the drive's variance"),
    "g_in": ("input gain $g_\\mathrm{in}$", "dimensionless"),
    "g_rec": ("recurrent gain $g_\\mathrm{rec}$", "dimensionless"),
    "tau_mean": ("mean time constant E[$\\tau$]", "TU"),
    "train": ("training window", "TU"),
    "delta_realised": ("$\\Delta$ (< 0 recall, > 0 forecast)", "TU"),
    LEVEL_AXIS: (f"heterogeneity {LEVEL_AXIS} = std/mean of $\\tau$", "dimensionless"),
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


def level_name(level, axis=LEVEL_AXIS):
    level = float(level)
    return f"{axis} = {level:g}" + (" (homogeneous)" if level == 0 and axis == LEVEL_AXIS else "")


def _axes(ax, width=COLUMN_WIDTH, height=2.6):
    if ax is None:
        _, ax = plt.subplots(figsize=(width, height))
    return ax


def _finite(a):
    return np.nan_to_num(np.asarray(a, dtype=float))


def _interval(mean, ci, bounds):
    """The ends of mean +- ci, cut at `bounds` (lo, hi) if given: the range the value can take."""
    lo, hi = mean - _finite(ci), mean + _finite(ci)
    if bounds is not None:
        lo, hi = np.clip(lo, *bounds), np.clip(hi, *bounds)
    return lo, hi


def level_lines(curves, ax=None, xlabel=None, ylabel=SCORE_LABEL, log_x=False, axis=LEVEL_AXIS, bands=True,
                marker="o", lw=1.2, band_alpha=0.25, bounds=None):
    """One line per level with a 95% band (or bars if the x values are few): curves maps a level to
    (x, mean, ci95), ci95 the half-width. marker=None for dense x values. Bands and bars end at
    `bounds` (lo, hi) if given, e.g. SCORE_RANGE for scores: an interval of few replicates can reach
    past what a score can be."""
    ax = _axes(ax)
    for level, (x, mean, ci) in sorted(curves.items()):
        x, mean, ci = (np.asarray(v, dtype=float) for v in (x, mean, ci))
        colour = level_colour(level)
        lo, hi = _interval(mean, ci, bounds)
        ax.plot(x, mean, marker=marker, ms=3, lw=lw, color=colour, label=level_name(level, axis), zorder=3)
        if bands and len(x) > 2:
            # The band's edge keeps a narrow band visible where the lines of several levels overlap.
            ax.fill_between(x, lo, hi, facecolor=colour, alpha=band_alpha, edgecolor=colour, lw=0.3, zorder=2)
        else:
            ax.errorbar(x, mean, yerr=[mean - lo, hi - mean], fmt="none", ecolor=colour, capsize=2, lw=1)
    if log_x:
        value_ticks(ax, [v for x, _, _ in curves.values() for v in x])
    if xlabel:
        ax.set_xlabel(xlabel)
    if ylabel:
        ax.set_ylabel(ylabel)
    return ax


def value_ticks(ax, values):
    """A log x axis (symlog when 0 is among the values) with ticks at the simulated values, plainly
    labelled (no 2x10^0)."""
    ticks = sorted({float(v) for v in values})
    positive = [t for t in ticks if t > 0]
    if ticks[0] <= 0:  # 0 on the axis (no noise, no recurrence): linear up to the smallest value
        ax.set_xscale("symlog", linthresh=positive[0] if positive else 1.0, linscale=0.5)
    else:
        ax.set_xscale("log")
    ax.set_xticks(ticks)
    ax.set_xticklabels([tidy(t) for t in ticks])
    ax.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    ax.xaxis.set_minor_locator(matplotlib.ticker.NullLocator())


def zero_line(ax):
    """The line of no difference, drawn once per axes."""
    if not any(line.get_gid() == "zero" for line in ax.lines):
        ax.axhline(0, color="0.45", lw=0.7, ls="--", zorder=1, gid="zero")


def paired_differences(x, diff, ci95, level, ax=None, dodge=0.0, colour=None, label=None, marker="o", line=False,
                       axis=LEVEL_AXIS, bounds=DIFF_RANGE):
    """The paired difference of one level against the homogeneous network at each x, with its 95%
    interval (ci95, the half-width) as a bar and the zero line. `dodge` shifts the series sideways by
    that many points, so that the bars of several levels at one x stay apart on any scale; `line`
    joins the points (for an ordered factor). `colour` and `label` replace the level's own (for
    differences between two series that are not levels, such as two profiles). Bars end at `bounds`,
    the range a difference of two scores can take."""
    ax = _axes(ax)
    x, diff, ci95 = (np.asarray(v, dtype=float) for v in (x, diff, ci95))
    lo, hi = _interval(diff, ci95, bounds)
    ax.errorbar(x, diff, yerr=[diff - lo, hi - diff], fmt=marker, ls="-" if line else "none", lw=0.8 if line else 1.0,
                ms=3.5, capsize=2, elinewidth=1.0, color=colour or level_colour(level), mec="black", mew=0.3,
                label=label or level_name(level, axis), transform=_dodged(ax, dodge), zorder=3)
    zero_line(ax)
    return ax


def _dodged(ax, dodge):
    """Data coordinates shifted `dodge` points to the right."""
    return ax.transData + matplotlib.transforms.ScaledTranslation(dodge / 72, 0, ax.figure.dpi_scale_trans)


def _clip_wide(ax, bars, factor=6.0):
    """Limits that keep the panel readable when one interval is far wider than the others (few
    replicates, few degrees of freedom): the y range holds every difference and every interval up
    to `factor` times the median half-width; a wider bar runs off the axes, its end marked by an
    arrowhead at the edge. bars: (x, diff, lo, hi, dodge, colour) per point."""
    half = np.array([(hi - lo) / 2 for _, _, lo, hi, _, _ in bars])
    if len(bars) < 3 or not np.isfinite(half).all() or half.max() <= factor * max(np.median(half), 1e-12):
        return
    kept = [b for b, h in zip(bars, half) if h <= factor * np.median(half)]
    lo = min(min(b[2] for b in kept), min(b[1] for b in bars), 0.0)
    hi = max(max(b[3] for b in kept), max(b[1] for b in bars), 0.0)
    pad = 0.08 * (hi - lo or 1e-3)
    lo, hi = lo - pad, hi + pad
    ax.set_ylim(lo, hi)
    for x, _, b_lo, b_hi, dodge, colour in bars:
        ends = ([(hi, "^")] if b_hi > hi else []) + ([(lo, "v")] if b_lo < lo else [])
        for edge, mark in ends:
            ax.plot([x], [edge], marker=mark, ms=4, color=colour, clip_on=False, transform=_dodged(ax, dodge), zorder=4)


def difference_panel(series, ax=None, xlabel=None, ylabel=DIFF_LABEL, log_x=False, categories=None, spacing=5.0,
                     line=None, styles=None):
    """A panel of paired differences against the homogeneous network: `series` maps a level (or any
    key of `styles`) to (x, diff, ci95). `categories` names the x positions 0, 1, ... (conditions,
    levels) instead of numbers; `log_x` puts numeric x on a log axis at the simulated values. Series
    that share an x are dodged `spacing` points apart, in the order of the keys. `styles` maps a key
    to paired_differences' keywords (colour, label, marker) for series that are not levels. An
    interval far wider than the others runs off the axes, marked by an arrowhead (_clip_wide)."""
    ax = _axes(ax)
    keys = sorted(series) if styles is None else list(series)
    xs = [set(np.asarray(series[k][0], dtype=float).tolist()) for k in keys]
    shared = any(a & b for i, a in enumerate(xs) for b in xs[i + 1:])
    joined = categories is None if line is None else line
    bars = []
    for j, key in enumerate(keys):
        x, diff, ci = (np.asarray(v, dtype=float) for v in series[key])
        dodge = (j - (len(keys) - 1) / 2) * spacing if shared else 0.0
        style = (styles or {}).get(key, {})
        paired_differences(x, diff, ci, key if styles is None else 0.0, ax=ax, dodge=dodge, line=joined, **style)
        colour = style.get("colour") or level_colour(key if styles is None else 0.0)
        lo, hi = _interval(diff, ci, DIFF_RANGE)
        bars += [b for b in zip(x, diff, lo, hi, [dodge] * len(x), [colour] * len(x)) if np.isfinite(b[1])]
    _clip_wide(ax, bars)
    if categories is not None:
        ax.set_xticks(np.arange(len(categories)))
        ax.set_xticklabels([str(c) for c in categories])
        ax.set_xlim(-0.6, len(categories) - 0.4)
    else:
        if log_x:
            value_ticks(ax, [v for x, _, _ in series.values() for v in x])
        if shared:  # room for the dodged bars at both ends
            ax.margins(x=0.06)
    if xlabel:
        ax.set_xlabel(xlabel)
    if ylabel:
        ax.set_ylabel(ylabel)
    return ax


def panel_title(ax, letter, text, **kwargs):
    """A panel's title led by its letter in bold."""
    ax.set_title(f"$\\mathbf{{{letter}}}$  {text}" if letter else text, **kwargs)


def figure_note(fig, text, fontsize=7.0, y=0.0, width=None):
    """A note under the figure (the caption's statistics): wrapped to the figure's width, its top at
    figure height y; a figure saved with bbox_inches="tight" grows to hold it."""
    chars = width or int(fig.get_figwidth() * 72 / (0.5 * fontsize))  # about half an em per character
    wrapped = "\n".join(textwrap.fill(part, chars) for part in text.split("\n"))
    fig.text(0.5, y, wrapped, ha="center", va="top", fontsize=fontsize, color="0.2", linespacing=1.25)


def task_scatter(x, y, level, ax=None, reference_label=f"homogeneous ({LEVEL_AXIS} = 0)", labels=True):
    """Per-task scores: the reference network (x) against one level (y), with the diagonal and the
    fraction of tasks above it. labels=False leaves the axis labels to the caller (one label shared
    by a row of panels: shared_xlabel)."""
    ax = _axes(ax, COLUMN_WIDTH / 1.5, COLUMN_WIDTH / 1.5)
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    ok = np.isfinite(x) & np.isfinite(y)
    hi = max(0.05, float(np.max(np.concatenate([x[ok], y[ok]]))) * 1.03) if ok.any() else 1.0
    ax.plot([0, hi], [0, hi], color="0.5", lw=0.7, zorder=0)
    ax.scatter(x[ok], y[ok], s=3, color=level_colour(level), alpha=0.5, lw=0, rasterized=True)
    above = float(np.mean(y[ok] > x[ok])) if ok.any() else float("nan")
    # Tasks lie along the diagonal: the lower right corner (good homogeneous, poor heterogeneous
    # score) stays empty, and the text stays inside the axes.
    ax.text(0.97, 0.03, f"{100 * above:.0f}% of tasks\nabove the diagonal", transform=ax.transAxes, ha="right",
            va="bottom", fontsize=6)
    ax.set_xlim(0, hi)
    ax.set_ylim(0, hi)
    ax.set_aspect("equal")
    if labels:
        ax.set_xlabel(f"R$^2$, {reference_label}")
        ax.set_ylabel(f"R$^2$, {level_name(level)}")
    return ax


def cost_steps(bins, costs, ax=None, ylabel=None, savings=None, lw=1.5, dash=2.0):
    """The cheapest network per score bin, one step line per level on a log axis: costs maps a level
    to one cost per bin (NaN where the level reaches no network in the bin). `savings` (level ->
    factor per bin) labels the best heterogeneous level's saving above each step.

    Costs depend on the configuration alone (N for a rate network), so the steps of several levels
    often coincide, or lie closer than a line's width. Such a stretch is drawn in the colours of all
    its levels in turn (dashes of `dash` points, one colour after the other), so that no level hides
    another and every value stays where it is."""
    ax = _axes(ax)
    bins = np.asarray(bins, dtype=float)
    edges = np.append(bins, bins[-1] + (bins[-1] - bins[-2] if len(bins) > 1 else 0.01))
    levels = sorted(costs)
    cost = {lv: np.asarray(costs[lv], dtype=float) for lv in levels}
    finite = np.concatenate([c[np.isfinite(c) & (c > 0)] for c in cost.values()])
    if not len(finite):
        return ax
    # Two steps closer than about a line's width (in decades of this axis) look like one.
    height = ax.get_window_extent().height * 72 / ax.figure.dpi
    decades = max(np.log10(finite.max() / finite.min()), 0.3) * 1.1
    near = decades * lw * 1.5 / max(height, 1.0)

    def drawable(c):  # reached, and on a log axis
        return np.isfinite(c) and c > 0

    def groups(items):
        """Chains of (level, y0, y1) whose ends are both within `near` decades of the next one's."""
        items = sorted(items, key=lambda t: (math.log10(t[1]), math.log10(t[2])))
        out = []
        for item in items:
            last = out[-1][-1] if out else None
            if last and all(abs(math.log10(item[i] / last[i])) < near for i in (1, 2)):
                out[-1].append(item)
            else:
                out.append([item])
        return out

    def draw(x0, x1, group):
        for i, (level, y0, y1) in enumerate(sorted(group)):
            style = "-" if len(group) == 1 or i == 0 else (
                (-i * dash / lw) % (len(group) * dash / lw), (dash / lw, (len(group) - 1) * dash / lw))
            # The first level runs solid beneath the others' dashes, so the stretch shows no gaps.
            ax.plot([x0, x1], [y0, y1], color=level_colour(level), lw=lw, ls=style, solid_capstyle="butt",
                    dash_capstyle="butt", zorder=3 + (i > 0))

    for k in range(len(bins)):
        # The step of bin k, then the riser into it from bin k - 1 (drawn upwards, so that risers
        # shared by several levels start their dashes at the same point).
        flat = [(lv, cost[lv][k], cost[lv][k]) for lv in levels if drawable(cost[lv][k])]
        for group in groups(flat):
            draw(edges[k], edges[k + 1], group)
        if k:
            rise = [(lv, min(cost[lv][k - 1], cost[lv][k]), max(cost[lv][k - 1], cost[lv][k])) for lv in levels
                    if drawable(cost[lv][k - 1]) and drawable(cost[lv][k]) and cost[lv][k - 1] != cost[lv][k]]
            for group in groups(rise):
                draw(edges[k], edges[k], group)
    for level in levels:
        ax.plot([], [], color=level_colour(level), lw=lw, label=level_name(level))
    ax.set_yscale("log")
    log_ticks(ax)
    ax.set_xlabel("score bin: mean test R$^2$ reached")
    if ylabel:
        ax.set_ylabel(ylabel)
    if savings:
        for b, lo, hi, factor in savings:
            if factor == factor:
                ax.annotate(f"x{factor:.2g}", ((lo + hi) / 2, b), textcoords="offset points", xytext=(0, 3),
                            ha="center", fontsize=6)
    return ax


def _power_label(value, _pos=None):
    """The label of a log tick: 10^-3 and 2x10^4 in mathtext, 1 to 9 plainly."""
    if value <= 0:
        return ""
    exponent = math.floor(math.log10(value) + 1e-9)
    mantissa = round(value / 10.0**exponent, 6)
    if exponent == 0:
        return f"{mantissa:g}"
    power = f"10^{{{exponent}}}"
    return f"${power}$" if mantissa == 1 else f"${mantissa:g}\\times{power}$"


def log_ticks(ax, axis="y"):
    """Labelled ticks on a log axis at 1, 2 and 5 times the powers of ten (more on an axis that spans
    less than a decade, only the powers on one that spans several), so that every log axis carries
    three labels or more; call it once the data are drawn."""
    ax.autoscale_view()
    lo, hi = ax.get_ylim() if axis == "y" else ax.get_xlim()
    decades = math.log10(hi / lo) if lo > 0 and hi > lo else 1.0
    subs = ((1.0,) if decades > 4 else (1.0, 2.0, 5.0) if decades > 1.3 else (1.0, 2.0, 3.0, 5.0) if decades > 0.7
            else tuple(range(1, 10)))
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_locator(matplotlib.ticker.LogLocator(base=10.0, subs=subs, numticks=12))
    target.set_major_formatter(matplotlib.ticker.FuncFormatter(_power_label))
    target.set_minor_locator(matplotlib.ticker.LogLocator(base=10.0, subs=tuple(range(1, 10)), numticks=12))
    target.set_minor_formatter(matplotlib.ticker.NullFormatter())


def grouped_points(groups, series, values, cis, ax=None, colours=None, xlabel=None, ylabel=SCORE_LABEL,
                   notes=None, notes_label=None, legend_room=0.0, bounds=None):
    """Means with 95% bars in groups (x positions) and series (side by side within a group):
    values[s][g] and cis[s][g] (half-widths). Dots, not bars, since the score axis does not start at
    0. `notes[s][g]`, if given, is a short text under each dot in a strip at the foot of the axes,
    below the lowest bar (`notes_label` names the strip); `legend_room` is the fraction of the axes
    kept free above the highest bar for a legend; bars end at `bounds` (as in level_lines)."""
    ax = _axes(ax)
    width = 0.8 / max(1, len(series))
    ends = [_interval(np.asarray(values[j], dtype=float), cis[j], bounds) for j in range(len(series))]
    for j, s in enumerate(series):
        x = np.arange(len(groups)) + (j - (len(series) - 1) / 2) * width
        colour = (colours or {}).get(s)
        mean = np.asarray(values[j], dtype=float)
        ax.errorbar(x, mean, yerr=[mean - ends[j][0], ends[j][1] - mean], fmt="o", ms=4, capsize=2, color=colour,
                    label=str(s), mec="black", mew=0.4, lw=1)
        if notes:
            for xi, note in zip(x, notes[j]):
                if note:
                    ax.text(xi, 0.025, note, ha="center", va="bottom", fontsize=5.5,
                            transform=ax.get_xaxis_transform())
    strip = 0.0
    if notes and any(n for row in notes for n in row):
        strip = 0.16 if notes_label else 0.09
        if notes_label:
            ax.text(0.01, 0.085, notes_label, ha="left", va="bottom", fontsize=5.5, color="0.3",
                    transform=ax.transAxes)
    if strip or legend_room:
        # Limits that keep the bars clear of the notes below and the legend above.
        lows, highs = np.array([e[0] for e in ends]), np.array([e[1] for e in ends])
        lo, hi = float(np.nanmin(lows)), float(np.nanmax(highs))
        span = max(hi - lo, 1e-3) / (1 - strip - legend_room - 0.06)
        ax.set_ylim(lo - (strip + 0.03) * span, hi + (legend_room + 0.03) * span)
    ax.set_xticks(np.arange(len(groups)))
    ax.set_xticklabels([str(g) for g in groups])
    ax.set_xlim(-0.5, len(groups) - 0.5)
    if xlabel:
        ax.set_xlabel(xlabel)
    if ylabel:
        ax.set_ylabel(ylabel)
    return ax


def mechanism_scatter(x, score, levels, ax=None, xlabel=None, text=None, title=None):
    """One dot per network: a mechanism measure (x) against the score, coloured by level. `text` (a
    statistic) goes between the title and the axes, where it hides no dot."""
    ax = _axes(ax)
    x, score, levels = (np.asarray(v, dtype=float) for v in (x, score, levels))
    for level in sorted(set(levels.tolist())):
        sel = levels == level
        ax.scatter(x[sel], score[sel], s=10, color=level_colour(level), label=level_name(level), lw=0)
    if xlabel:
        ax.set_xlabel(xlabel)
    ax.set_ylabel(SCORE_LABEL)
    if text:
        ax.annotate(text, xy=(0.5, 1.0), xycoords="axes fraction", xytext=(0, 3), textcoords="offset points",
                    ha="center", va="bottom", fontsize=6.5, color="0.2")
    if title:
        ax.set_title(title, pad=13 if text else None)
    return ax


def shared_xlabel(fig, axes, text):
    """One x label centred under a row of axes, below the lowest of their tick labels (for panels
    whose labels would collide). Call it once the layout is final."""
    fig.canvas.draw()  # applies aspect ratios, so positions and tick labels are the drawn ones
    to_fig = fig.transFigure.inverted()
    renderer = fig.canvas.get_renderer()
    boxes = [ax.get_tightbbox(renderer).transformed(to_fig) for ax in axes]
    left, right = min(ax.get_position().x0 for ax in axes), max(ax.get_position().x1 for ax in axes)
    fig.text((left + right) / 2, min(b.y0 for b in boxes) - 0.005, text, ha="center", va="top",
             fontsize=plt.rcParams["axes.labelsize"])


def legend_outside(fig, axes, ncol=None, y=0.0, **kwargs):
    """One legend for the figure, below the panels (its foot at figure height y), from the handles of
    `axes` (deduplicated)."""
    handles, labels = {}, []
    for ax in np.ravel(axes):
        for h, lab in zip(*ax.get_legend_handles_labels()):
            if lab not in handles:
                handles[lab] = h
                labels.append(lab)
    if labels:
        fig.legend([handles[lab] for lab in labels], labels, loc="lower center", ncol=ncol or min(6, len(labels)),
                   frameon=False, fontsize=7, bbox_to_anchor=(0.5, y), **kwargs)


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
