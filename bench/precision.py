#!/usr/bin/python3
"""How much single precision moves the scores: the table for readout.precision.

    /usr/bin/python3 bench/precision.py STORE.h5     (a store of jobs/precision.toml)

Pairs every point computed with readout.precision = "single" with the same network in double
precision (equal in every other grid column) and prints, per network size and profile, the largest
change of any task's raw R^2, the largest change of a point's mean clipped R^2, and how many tasks
chose another ridge factor. Reads the store with h5py alone.
"""
import sys
from collections import defaultdict

import h5py
import numpy as np


def text(values):
    return np.array([v.decode() if isinstance(v, bytes) else v for v in values], dtype=object)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__.split("\n\n")[1])
    with h5py.File(sys.argv[1], "r") as f:
        grid = {k: (text(f["grid"][k][...]) if f["grid"][k].dtype.kind == "S" else f["grid"][k][...])
                for k in f["grid"]}
        scores, factors, status = f["scores"][...], f["ridge_factor"][...], f["status"][...]
    others = [k for k in grid if k != "precision"]
    index = {}
    for i in range(len(status)):
        if status[i] == 1:
            index[(grid["precision"][i],) + tuple(grid[k][i] for k in others)] = i
    worst = defaultdict(lambda: [0.0, 0.0, 0, 0, 0])  # task |dR2|, point |d mean|, tasks re-chosen, pairs, tasks
    for key, i in index.items():
        if key[0] != "single":
            continue
        j = index.get(("double",) + key[1:])
        if j is None:
            continue
        row = (int(grid["N"][i]), grid["profile"][i] if grid["cv"][i] > 0 else "(cv = 0)")
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
