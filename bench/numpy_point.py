#!/usr/bin/python3
"""One default point of the rate model in plain NumPy: the baseline hetsweep's speed is judged by.

    /usr/bin/python3 bench/numpy_point.py [--N 200] [--cv 1.0]

The same model, sizes and work as `hetsweep point jobs/point.toml tau.cv=1` (docs/model.md): the
Lorenz input by RK4 at 0.01 TU, z-scored; a sparse random network of N rate neurons with lognormal
time constants matched to mean 0.3 TU and the given cv (floor 0.01); white noise at 10% of each
neuron's drive variance; 20 TU washout, 100 TU training, 50 TU test, 2 TU margins; the 882 targets
u_k(t + Delta)^d, z-scored on the training window; ridge readouts with a bias, the factor chosen
per task from 19 log-spaced values by blocked 3-fold cross-validation with 2 TU gaps (one
eigendecomposition per fold), refitted on the whole window; R^2 on the test window; the
participation ratio and the alignment on 10 principal components. Written the way a NumPy user
would: vectorised, scipy.sparse for the recurrent product, BLAS for the products. The random
numbers are NumPy's, so the scores match hetsweep's in distribution, not digit for digit.
Prints the mean clipped R^2 and the time of each phase.
"""
import argparse
import time

import numpy as np
import scipy.sparse

from lorenz_input import lorenz

DT, TAU_MEAN, FLOOR = 0.01, 0.3, 0.01
WASHOUT, TRAIN, TEST, MARGIN, TRANSIENT = 20.0, 100.0, 50.0, 2.0, 50.0
FACTORS = np.logspace(-8, 1, 19)
FOLDS, GAP = 3, 2.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--N", type=int, default=200)
    ap.add_argument("--cv", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    n = args.N
    clock = {"start": time.perf_counter()}

    steps = {k: int(round(v / DT)) for k, v in
             dict(washout=WASHOUT, train=TRAIN, test=TEST, margin=MARGIN, gap=GAP).items()}
    total = steps["washout"] + steps["margin"] + steps["train"] + steps["test"] + steps["margin"]
    u = lorenz(total, rng, DT, TRANSIENT)
    clock["input"] = time.perf_counter()

    # Targets: u_k(t + Delta)^d over the train and test windows, z-scored on the training window.
    first = steps["washout"] + steps["margin"]
    window = np.arange(first, first + steps["train"] + steps["test"])
    shifts = np.rint(np.linspace(-2, 2, 49) / DT).astype(int)
    y = np.empty((len(window), 3 * 6 * 49))
    col = 0
    for k in range(3):
        for d in range(1, 7):
            for s in shifts:
                y[:, col] = u[window + s, k] ** d
                col += 1
    train_y = y[:steps["train"]]
    y = (y - train_y.mean(0)) / train_y.std(0)
    clock["tasks"] = time.perf_counter()

    # Network: lognormal time constants matched to the mean and std, clipped at the floor.
    if args.cv > 0:
        s2 = np.log(1 + args.cv ** 2)
        tau = rng.lognormal(np.log(TAU_MEAN) - s2 / 2, np.sqrt(s2), n)
        tau = TAU_MEAN + (tau - tau.mean()) * (args.cv * TAU_MEAN / tau.std())
        tau = np.maximum(tau, FLOOR)
    else:
        tau = np.full(n, TAU_MEAN)
    mask = rng.random((n, n)) < 0.1
    np.fill_diagonal(mask, False)
    w = scipy.sparse.csr_matrix(np.where(mask, rng.normal(0, 1 / np.sqrt(0.1 * n), (n, n)), 0.0))
    w_in = rng.normal(0, np.sqrt(1 / 3), (n, 3))
    drive = u @ w_in.T
    noise_sd = np.sqrt(0.1 * drive.var(0))
    a = DT / tau
    x = rng.uniform(-0.1, 0.1, n)
    states = np.empty((len(window), n))
    for t in range(first + len(window)):
        r = np.tanh(x)
        x = (1 - a) * x + a * (0.9 * (w @ r) + drive[t] + noise_sd * rng.standard_normal(n))
        if t >= first:
            states[t - first] = np.tanh(x)
    clock["simulation"] = time.perf_counter()

    # Readout: blocked 3-fold validation of the factor per task, then the refit.
    xtr, xte = states[:steps["train"]], states[steps["train"]:]
    ytr, yte = y[:steps["train"]], y[steps["train"]:]
    T = steps["train"]
    bounds = np.linspace(0, T, FOLDS + 1).astype(int)
    val = np.zeros((len(FACTORS), y.shape[1]))
    for f in range(FOLDS):
        lo, hi = bounds[f], bounds[f + 1]
        keep = np.ones(T, bool)
        keep[max(0, lo - steps["gap"]):min(T, hi + steps["gap"])] = False
        xt, yt, xv, yv = xtr[keep], ytr[keep], xtr[lo:hi], ytr[lo:hi]
        xm, ym = xt.mean(0), yt.mean(0)
        xc = xt - xm
        mu, v = np.linalg.eigh(xc.T @ xc)
        mu = np.maximum(mu, 0)
        scale = np.trace(xt.T @ xt) / n
        # The held-out error of every factor from the eigenbasis, as hetsweep computes it (the same
        # algorithm, so that the race is between implementations): with W = V'X'y, Z = V'Xv'yv and
        # H = V'Xv'Xv V, all around the training means, SSE = yv'yv - 2 sum_i d_i W_i Z_i + (D W)' H (D W),
        # its double sum split by partial fractions, d_i d_j = (d_i - d_j) / (mu_j - mu_i), into one
        # product C = G W for every factor; eigenvalues within a relative 1e-9 form a cluster, whose
        # pairs take the cluster's mean eigenvalue.
        xvc, yvc = (xv - xm) @ v, yv - ym
        wq, z, h = v.T @ (xc.T @ (yt - ym)), xvc.T @ yvc, xvc.T @ xvc
        syy = (yvc ** 2).sum(0)
        ss = ((yv - yv.mean(0)) ** 2).sum(0)
        penalties = FACTORS * scale
        cluster = np.concatenate([[0], np.cumsum(np.diff(mu) > 1e-9 * (mu[1:] + penalties.min()))])
        same = cluster[:, None] == cluster[None, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            g = np.where(same, 0.0, h / (mu[None, :] - mu[:, None]))
        cross = g @ wq
        within = np.zeros((cluster[-1] + 1, wq.shape[1]))
        np.add.at(within, cluster, wq * (scipy.sparse.csr_matrix(np.where(same, h, 0.0)) @ wq))
        center = np.bincount(cluster, mu) / np.bincount(cluster)
        d = 1 / (mu[:, None] + penalties[None, :])
        sse = syy + 2 * d.T @ (wq * (cross - z)) + (1 / (center[:, None] + penalties[None, :]) ** 2).T @ within
        val += (1 - sse / ss) / FOLDS
    # Ties go to the stronger penalty.
    chosen = FACTORS[len(FACTORS) - 1 - np.argmax(val[::-1], axis=0)]
    xm, ym = xtr.mean(0), ytr.mean(0)
    xc = xtr - xm
    mu, v = np.linalg.eigh(xc.T @ xc)
    mu = np.maximum(mu, 0)
    scale = np.trace(xtr.T @ xtr) / n
    proj = v.T @ (xc.T @ (ytr - ym))
    weights = v @ (proj / (mu[:, None] + chosen[None, :] * scale))
    pred = (xte - xm) @ weights + ym
    r2 = 1 - ((yte - pred) ** 2).sum(0) / ((yte - yte.mean(0)) ** 2).sum(0)
    clock["readout"] = time.perf_counter()

    # Mechanisms: participation ratio and alignment of the targets with 10 principal components.
    lam = np.clip(mu[::-1], 0, None)
    pr = lam.sum() ** 2 / (lam ** 2).sum()
    top = v[:, ::-1][:, :10]
    yc = yte - yte.mean(0)
    captured = ((((xte - xte.mean(0)) @ top).T @ yc) ** 2).sum(0)
    alignment = captured / (np.linalg.norm((xte - xte.mean(0)) @ top, axis=0) ** 2).sum() / (yc ** 2).sum(0)
    clock["mechanisms"] = time.perf_counter()

    print(f"numpy point: N = {n}, cv = {args.cv}: mean R^2 clipped {np.maximum(r2, 0).mean():.4f}, raw "
          f"{r2.mean():.4f}; participation ratio {pr:.2f}; alignment {alignment.mean():.4f}")
    names = list(clock)
    print("  " + ", ".join(f"{b} {clock[b] - clock[a]:.3f} s" for a, b in zip(names, names[1:])))


if __name__ == "__main__":
    main()
