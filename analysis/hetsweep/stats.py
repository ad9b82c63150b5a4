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
