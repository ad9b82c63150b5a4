#!/usr/bin/python3
"""How much single precision moves the scores: the table for readout.precision.

    /usr/bin/python3 bench/precision.py STORE.h5     (a store of jobs/precision.toml)

Pairs every done point computed with readout.precision = "single" with the same network in
double precision (equal in every other grid column: Store.pairs, as `hetsweep query --paired
precision=double` pairs) and prints, per network size and profile, the largest change of any task's
raw R^2, the largest change of a point's mean clipped R^2, and how many tasks chose another ridge
factor. Reads the store through the hetsweep package (analysis/hetsweep).
"""
import os
import sys
from collections import defaultdict

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "analysis"))
import hetsweep  # noqa: E402
from hetsweep.store import LEVEL_AXIS  # noqa: E402


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__.split("\n\n")[1])
    with hetsweep.open(sys.argv[1]) as store:
        grid = store.grid
        scores, factors = store.per_task("scores"), store.per_task("ridge_factor")
        partnered = [(i, j) for i, j in store.pairs("precision", "double") if grid["precision"][i] == "single"]
    worst = defaultdict(lambda: [0.0, 0.0, 0, 0, 0])  # task |dR2|, point |d mean|, tasks re-chosen, pairs, tasks
    for i, j in partnered:
        row = (int(grid["N"][i]), grid["profile"][i] if grid[LEVEL_AXIS][i] > 0 else f"({LEVEL_AXIS} = 0)")
        w = worst[row]
        w[0] = max(w[0], float(np.max(np.abs(scores[i] - scores[j]))))
        w[1] = max(w[1], abs(float(np.maximum(scores[i], 0).mean() - np.maximum(scores[j], 0).mean())))
        w[2] += int(np.sum(factors[i] != factors[j]))
        w[3] += 1
        w[4] += scores.shape[1]
    print(f"{'N':>5} {'profile':>10} {'pairs':>6} {'max |dR2| task':>15} {'max |d mean|':>13} {'factor changed':>15}")
    overall = 0.0
    for (n, profile), (task, mean, changed, pairs, tasks) in sorted(worst.items()):
        overall = max(overall, task)
        print(f"{n:>5} {profile:>10} {pairs:>6} {task:>15.2e} {mean:>13.2e} {changed:>7} of {tasks:<6}")
    print(f"largest change of any task's R^2: {overall:.2e} (the criterion for the default: below 1e-4)")


if __name__ == "__main__":
    main()
