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
