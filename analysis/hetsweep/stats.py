"""Statistics the query engine does not compute: the few that analysis/ needs over its answers.

Everything over a store's points (means, intervals, paired tests, costs) comes from `hetsweep
query` (hetsweep/query.py); what is here works on numbers already taken from it, such as one mean
per network. Needs numpy and scipy (Debian: python3-numpy, python3-scipy).
"""
import math

import numpy as np

NAN_PAIR = (math.nan, math.nan)


def correlation(a, b):
    """Pearson correlation of two equally long sequences."""
    return float(np.corrcoef(a, b)[0, 1])


def partial_correlation(y, x, z):
    """The partial correlation of y and x given z, and its two-sided p-value, as (r, p).

    r = (r_yx - r_yz r_xz) / sqrt((1 - r_yz^2) (1 - r_xz^2)) from the three Pearson correlations:
    the correlation of the residuals of y and of x after least squares on z with an intercept.
    p is two-sided, from t = r sqrt((n - 3) / (1 - r^2)) under Student's t with n - 3 degrees of
    freedom. (nan, nan) for fewer than 4 values, a constant sequence, or r_yz or r_xz of +-1 as
    computed (y or x a linear function of z: no variation left to correlate; a correlation that
    rounds to just below 1 is not caught).
    """
    from scipy import stats  # scipy only where a p-value is wanted
    y, x, z = (np.asarray(v, dtype=float) for v in (y, x, z))
    n = len(y)
    if n < 4 or min(np.std(y), np.std(x), np.std(z)) == 0:
        return NAN_PAIR
    r_yx, r_yz, r_xz = correlation(y, x), correlation(y, z), correlation(x, z)
    denominator = (1 - r_yz ** 2) * (1 - r_xz ** 2)
    if not denominator > 0:
        return NAN_PAIR
    r = (r_yx - r_yz * r_xz) / math.sqrt(denominator)
    t = r * math.sqrt((n - 3) / max(1e-300, 1 - r * r))
    return r, float(2 * stats.t.sf(abs(t), n - 3))


def within_replicate_regression(frame, y, x, others=(), squared=(), cell=("seed", "input_seed"), level="cv"):
    """Least squares of `y` on `x` and `others` within replicates: with fixed effects of the replicate
    cell (one network seed and one input realisation: what the cell's networks share) and of the
    level (each level its own mean, no functional form), and each column named in `squared` also
    squared (centred first), so that an inverted U is a negative squared term rather than a missed
    effect. statsmodels' OLS (python3-statsmodels).

    Standard errors are cluster-robust over the cells (CR1, Student's t with cells - 1 degrees of
    freedom): the points of a cell may be correlated in any way. Returns a dict with, for `x`: coef,
    se, df, t, p (two-sided), p_greater, p_less (one-sided), ci95 (half-width); n, cells; vif: the
    variance inflation of each regressor after the fixed effects (1 / (1 - R^2) of it on the other
    regressors), which says when `x` and the others cannot be told apart; r_within: the Pearson
    correlation of x with each other regressor after the fixed effects; spearman, spearman_p: the
    rank correlation of y and x after the fixed effects and the others are removed from both
    (a check that needs no linearity); coefficients: every regressor's coef, se and p.
    """
    import pandas as pd
    import statsmodels.api as sm
    from scipy import stats

    frame = pd.DataFrame(frame).reset_index(drop=True)
    names = [x, *others]
    data = pd.DataFrame({n: frame[n].astype(float) for n in [y, *names]})
    for n in squared:
        centred = data[n] - data[n].mean()
        data[n + "^2"] = centred ** 2
        names.append(n + "^2")
    cell_id = frame[list(cell)].astype(str).agg("/".join, axis=1)
    dummies = pd.concat([pd.get_dummies(cell_id, prefix="cell", drop_first=True, dtype=float),
                         pd.get_dummies(frame[level].astype(str), prefix="level", drop_first=True, dtype=float)],
                        axis=1)
    fixed = sm.add_constant(dummies, has_constant="add")
    groups = cell_id.astype("category").cat.codes.to_numpy()
    n_cells = int(len(set(groups)))
    model = sm.OLS(data[y], pd.concat([fixed, data[names]], axis=1))
    fit = model.fit(cov_type="cluster", cov_kwds={"groups": groups, "use_correction": True, "df_correction": True},
                    use_t=True)

    def within(series):
        """What the fixed effects leave of a column."""
        return sm.OLS(series, fixed).fit().resid

    w = pd.DataFrame({n: within(data[n]) for n in [y, *names]})
    vif, r_within = {}, {}
    for n in names:
        rest = [m for m in names if m != n]
        r2 = sm.OLS(w[n], w[rest]).fit().rsquared if rest else 0.0
        vif[n] = float(1 / max(1e-300, 1 - r2))
        if n != x:
            r_within[n] = float(np.corrcoef(w[x], w[n])[0, 1])
    rest = [m for m in names if m != x]
    ry = sm.OLS(w[y], w[rest]).fit().resid if rest else w[y]
    rx = sm.OLS(w[x], w[rest]).fit().resid if rest else w[x]
    rho, rho_p = stats.spearmanr(ry, rx)
    df = n_cells - 1
    coef, se = float(fit.params[x]), float(fit.bse[x])
    t = coef / se if se > 0 else math.nan
    return {"coef": coef, "se": se, "df": df, "t": t, "p": float(2 * stats.t.sf(abs(t), df)),
            "p_greater": float(stats.t.sf(t, df)), "p_less": float(stats.t.cdf(t, df)),
            "ci95": float(stats.t.ppf(0.975, df) * se), "n": int(len(frame)), "cells": n_cells,
            "vif": vif, "r_within": r_within, "spearman": float(rho), "spearman_p": float(rho_p),
            "coefficients": {n: {"coef": float(fit.params[n]), "se": float(fit.bse[n]),
                                 "p": float(2 * stats.t.sf(abs(fit.params[n] / fit.bse[n]), df))} for n in names}}


def pigeonhole_resamples(estimate, rows, columns, resamples, seed):
    """`estimate(row indices, column indices)` on `resamples` pigeonhole resamples of a rows x columns
    table of replicate cells (network seeds and input realisations each drawn with replacement, the
    cells of the drawn rows and columns kept), from a generator seeded with `seed`."""
    rng = np.random.default_rng(seed)
    return [estimate(rng.integers(0, rows, rows), rng.integers(0, columns, columns)) for _ in range(resamples)]


def percentile_interval(values):
    """The 95% percentile interval [2.5%, 97.5%] of the values; [nan, nan] when there are none."""
    return [float(np.percentile(values, 2.5)), float(np.percentile(values, 97.5))] if len(values) else [math.nan] * 2


def matching_size(frame, level, reference_n, costs=(), score="r2_clipped_mean", axis="cv", size="N",
                  network="seed", inputs="input_seed", resamples=2000, seed=0):
    """The size at which the homogeneous network (axis = 0) scores as well as a heterogeneous one
    (axis = `level`) of size `reference_n`, and what each network costs at its size.

    `frame`: one row per network (point) with the columns `score`, `axis`, `size`, `network`,
    `inputs` and each of `costs`. Only the replicate cells (network seed x input realisation) that hold
    every size of the homogeneous network and the heterogeneous one at `reference_n` count.

    The homogeneous network's mean score over the cells is fitted by least squares against ln N over
    the grid's sizes, score = a + b ln N, and inverted at the heterogeneous network's mean score:
    N_match = exp((target - a) / b). `ratio` = N_match / reference_n (> 1: the homogeneous network
    must be larger). Each cost of the homogeneous network at N_match is interpolated linearly in
    ln cost against ln N between the grid's sizes (extrapolated from the nearest two outside them);
    `saving[c]` = that cost / the heterogeneous network's mean cost at reference_n.

    Intervals: the pigeonhole bootstrap (network seeds and input realisations each resampled with
    replacement, the cells of the drawn rows and columns kept), `resamples` times with a seeded
    generator, 95% percentile intervals; a resample whose fit has no positive slope gives no N_match
    and counts as such (`no_slope`). `beyond_grid`: N_match outside the grid's sizes (an
    extrapolation: the interval is then no better than the straight line it assumes). `residual`:
    the largest distance of the homogeneous means from the fitted line, R^2."""
    import pandas as pd

    frame = pd.DataFrame(frame)
    homogeneous = frame[frame[axis] == 0]
    target = frame[(frame[axis] == level) & (frame[size] == reference_n)]
    sizes = sorted(set(homogeneous[size].astype(float)))
    if len(sizes) < 2 or target.empty:
        raise ValueError(f"matching size: needs the homogeneous network at two sizes and {axis} = {level} at "
                         f"{size} = {reference_n}")
    keys = [network, inputs]
    hom = {c: homogeneous.pivot_table(index=keys, columns=size, values=c, aggfunc="mean")
           for c in [score, *costs]}
    het = {c: target.groupby(keys)[c].mean() for c in [score, *costs]}
    complete = hom[score].dropna().index.intersection(het[score].dropna().index)
    if len(complete) < 2:
        raise ValueError("matching size: fewer than two replicate cells hold every size and the target")
    nets = sorted(set(complete.get_level_values(0)))
    ins = sorted(set(complete.get_level_values(1)))
    # Cells as arrays [network, input, size] and [network, input]; a missing cell is NaN.
    log_n = np.log(np.array(sizes))

    def table(series_by_size):
        out = np.full((len(nets), len(ins), len(sizes)), np.nan)
        for (a, b) in complete:
            out[nets.index(a), ins.index(b)] = series_by_size.loc[(a, b)].to_numpy(dtype=float)
        return out

    def cells(series):
        out = np.full((len(nets), len(ins)), np.nan)
        for (a, b) in complete:
            out[nets.index(a), ins.index(b)] = float(series.loc[(a, b)])
        return out

    h = {c: table(hom[c]) for c in hom}
    t = {c: cells(het[c]) for c in het}

    def estimate(rows, cols):
        pick = np.ix_(rows, cols)
        means = {c: np.nanmean(h[c][pick].reshape(-1, len(sizes)), axis=0) for c in h}
        goal = {c: np.nanmean(t[c][pick]) for c in t}
        b, a = np.polyfit(log_n, means[score], 1)
        if not b > 0:
            return None
        ln_match = (goal[score] - a) / b
        out = {"n_match": float(np.exp(ln_match)), "target": float(goal[score]), "a": float(a), "b": float(b),
               "homogeneous": means[score]}
        out["ratio"] = out["n_match"] / reference_n
        out["saving"] = {}
        for c in costs:
            k = int(np.clip(np.searchsorted(log_n, ln_match) - 1, 0, len(sizes) - 2))
            y0, y1 = np.log(means[c][k]), np.log(means[c][k + 1])
            at = y0 + (y1 - y0) * (ln_match - log_n[k]) / (log_n[k + 1] - log_n[k])
            out["saving"][c] = float(np.exp(at) / goal[c])
        return out

    every_net, every_in = np.arange(len(nets)), np.arange(len(ins))
    point = estimate(every_net, every_in)
    if point is None:
        raise ValueError("matching size: the homogeneous score does not rise with ln N over the grid")
    fitted = point["a"] + point["b"] * log_n
    residual = point["homogeneous"] - fitted
    total = point["homogeneous"] - point["homogeneous"].mean()
    resampled = pigeonhole_resamples(estimate, len(nets), len(ins), resamples, seed)
    draws = [e for e in resampled if e is not None]
    no_slope = len(resampled) - len(draws)

    return {"level": level, "reference_n": reference_n, "target": point["target"], "fit": {"a": point["a"],
            "b": point["b"], "sizes": sizes, "means": point["homogeneous"].tolist(),
            "largest_residual": float(np.max(np.abs(residual))),
            "r2": float(1 - np.sum(residual ** 2) / np.sum(total ** 2)) if np.any(total) else math.nan},
            "n_match": point["n_match"], "n_match_ci": percentile_interval([d["n_match"] for d in draws]),
            "ratio": point["ratio"], "ratio_ci": percentile_interval([d["ratio"] for d in draws]),
            "saving": point["saving"], "saving_ci": {c: percentile_interval([d["saving"][c] for d in draws])
                                                            for c in costs},
            "beyond_grid": not (sizes[0] <= point["n_match"] <= sizes[-1]), "networks": len(nets),
            "inputs": len(ins), "cells": len(complete), "resamples": resamples, "no_slope": no_slope}


def cheapest_per_bin(frame, cost, bins, configuration=("N",), score="r2_clipped_mean", axis="cv",
                     network="seed", inputs="input_seed", resamples=2000, seed=0):
    """The paper's E*: for each level of `axis` and each score bin, the cost of the cheapest
    configuration of that level whose mean score over the replicates reaches the bin (>= it), as
    `hetsweep query --cost` computes it; besides each level alone, `any`: the cheapest over every
    level > 0; and the saving of each, E* of the level 0 over E* of the level (or of `any`).

    `frame`: one row per network (point) with `score`, `cost`, `axis`, `network`, `inputs` and the
    `configuration` columns. Only the replicate cells that hold every (level, configuration) count, so
    that each mean is over the same cells. Intervals: the pigeonhole bootstrap (network seeds and input
    realisations resampled with replacement), `resamples` times with a seeded generator, 95%
    percentile intervals over the resamples in which the quantity exists; `defined` is that share (a
    level that reaches a bin in some resamples only has an interval of those). Returns a dict with
    bins, levels (the level values, then "any"), estar, estar_ci, saving, saving_ci, defined (each
    keyed by level, a list over the bins), configurations, cells."""
    import pandas as pd

    frame = pd.DataFrame(frame)
    config = list(configuration)
    frame = frame.assign(_config=frame[config].astype(str).agg(",".join, axis=1) if config else "")
    levels = sorted(set(frame[axis].astype(float)))
    if 0.0 not in levels:
        raise ValueError(f"cheapest per bin: no {axis} = 0 networks to save against")
    configs = sorted(set(frame["_config"]))
    keys = [network, inputs]
    wide = {c: frame.pivot_table(index=keys, columns=[axis, "_config"], values=c, aggfunc="mean")
            for c in (score, cost)}
    # The (level, configuration) pairs the store holds; a cell counts when it holds all of them.
    present = [(lv, k) for lv in levels for k in configs if ((frame[axis] == lv) & (frame["_config"] == k)).any()]
    complete = wide[score].reindex(columns=pd.MultiIndex.from_tuples(present)).dropna().index
    if len(complete) < 1:
        raise ValueError("cheapest per bin: no replicate cell holds every configuration")
    nets = sorted(set(complete.get_level_values(0)))
    ins = sorted(set(complete.get_level_values(1)))

    def cube(c):
        out = np.full((len(nets), len(ins), len(present)), np.nan)
        table = wide[c].reindex(columns=pd.MultiIndex.from_tuples(present))
        for (a, b) in complete:
            out[nets.index(a), ins.index(b)] = table.loc[(a, b)].to_numpy(dtype=float)
        return out

    s_cube, c_cube = cube(score), cube(cost)
    level_of = np.array([lv for lv, _ in present])
    names = [*levels, "any"]

    def estimate(rows, cols):
        pick = np.ix_(rows, cols)
        s = np.nanmean(s_cube[pick].reshape(-1, len(present)), axis=0)
        c = np.nanmean(c_cube[pick].reshape(-1, len(present)), axis=0)
        out = {}
        for name in names:
            member = level_of > 0 if name == "any" else level_of == name
            out[name] = [float(np.min(c[member & (s >= b)])) if np.any(member & (s >= b)) else math.nan
                         for b in bins]
        return out

    point = estimate(np.arange(len(nets)), np.arange(len(ins)))
    draws = pigeonhole_resamples(estimate, len(nets), len(ins), resamples, seed)

    def saving_of(e, name, k):
        return e[0.0][k] / e[name][k]

    def interval(values):  # over the resamples in which the quantity exists
        return percentile_interval([v for v in values if v == v])

    out = {"bins": list(bins), "levels": names, "cells": len(complete), "networks": len(nets), "inputs": len(ins),
           "configurations": configs, "resamples": resamples, "estar": point, "estar_ci": {}, "saving": {},
           "saving_ci": {}, "defined": {}}
    for name in names:
        savings = [[saving_of(d, name, k) for d in draws] for k in range(len(bins))]
        out["estar_ci"][name] = [interval([d[name][k] for d in draws]) for k in range(len(bins))]
        out["saving"][name] = [saving_of(point, name, k) for k in range(len(bins))]
        out["saving_ci"][name] = [interval(per_bin) for per_bin in savings]
        out["defined"][name] = [float(np.mean([v == v for v in per_bin])) for per_bin in savings]
    return out
