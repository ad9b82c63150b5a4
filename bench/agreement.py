#!/usr/bin/python3
"""How far one readout setting moves the scores from another, network by network.

    /usr/bin/python3 bench/agreement.py STORE.h5 --reference KEY=VALUE[,KEY=VALUE] --candidate KEY=VALUE[,...]

Pairs every done point of the candidate setting with the point of the reference setting that is
equal in every other grid column (the same network, as `hetsweep query --paired` pairs), and prints
per model, network size and profile: the largest change of any task's raw R^2, the largest change
of a point's mean clipped R^2, how many tasks chose another ridge factor, and the largest change of
the test R^2 among those tasks. Examples: jobs/precision.toml (--reference precision=double
--candidate precision=single) and jobs/search.toml. Reads the store through the hetsweep package
(analysis/hetsweep).
"""
import argparse
import os
import sys
from collections import defaultdict

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "analysis"))
import hetsweep  # noqa: E402
from hetsweep.store import LEVEL_AXIS  # noqa: E402


def setting(text):
    """'k=v,k2=v2' as a dict; an error names the part that is not KEY=VALUE."""
    out = {}
    for part in text.split(","):
        key, sep, value = part.partition("=")
        if not sep or not key or not value:
            raise argparse.ArgumentTypeError(f"{part!r}: expected KEY=VALUE (several joined by commas)")
        out[key.strip()] = value.strip()
    return out


def matching(store, assignments):
    """Mask of the points whose grid columns take the given values (as the query matches them)."""
    mask = np.ones(store.n_points, dtype=bool)
    for key, value in assignments.items():
        mask &= store._matches(key, value)
    return mask


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("store")
    parser.add_argument("--reference", type=setting, required=True, help="the setting compared against")
    parser.add_argument("--candidate", type=setting, required=True, help="the setting compared")
    args = parser.parse_args()
    if set(args.reference) != set(args.candidate):
        parser.error("--reference and --candidate must name the same keys")
    with hetsweep.open(args.store) as store:
        grid, done = store.grid, store.done()
        keys = set(args.reference)
        others = [name for name in sorted(grid) if name not in keys]
        signature = lambda i: tuple(grid[name][i] for name in others)  # noqa: E731
        reference = {signature(j): j for j in np.flatnonzero(matching(store, args.reference) & done)}
        pairs = [(i, reference[signature(i)]) for i in np.flatnonzero(matching(store, args.candidate) & done)
                 if signature(i) in reference]
        if not pairs:
            sys.exit(f"{args.store}: no done point of the candidate setting has a done reference partner")
        scores, factors = store.per_task("scores"), store.per_task("ridge_factor")
        model = grid["model"] if "model" in grid else np.array(["rate"] * store.n_points, dtype=object)
        rows = defaultdict(lambda: [0.0, 0.0, 0, 0, 0, 0.0])  # |dR2|, |d mean|, re-chosen, pairs, tasks, |dR2| re-chosen
        for i, j in pairs:
            level = grid[LEVEL_AXIS][i] > 0
            w = rows[(model[i], int(grid["N"][i]), grid["profile"][i] if level else f"({LEVEL_AXIS} = 0)")]
            change = np.abs(scores[i] - scores[j])
            chosen = factors[i] != factors[j]
            w[0] = max(w[0], float(change.max()))
            w[1] = max(w[1], abs(float(np.maximum(scores[i], 0).mean() - np.maximum(scores[j], 0).mean())))
            w[2] += int(chosen.sum())
            w[3] += 1
            w[4] += scores.shape[1]
            w[5] = max(w[5], float(change[chosen].max()) if chosen.any() else 0.0)
    print(f"{store.path}: {', '.join(f'{k}={v}' for k, v in args.candidate.items())} against "
          f"{', '.join(f'{k}={v}' for k, v in args.reference.items())}, {len(pairs)} networks")
    print(f"{'model':>6} {'N':>5} {'profile':>10} {'pairs':>6} {'max |dR2| task':>15} {'max |d mean|':>13} "
          f"{'factor changed':>17} {'max |dR2| changed':>18}")
    total = [0.0, 0, 0, 0.0]
    for (m, n, profile), (task, mean, changed, count, tasks, moved) in sorted(rows.items()):
        print(f"{m:>6} {n:>5} {profile:>10} {count:>6} {task:>15.2e} {mean:>13.2e} {changed:>8} of {tasks:<6} "
              f"{moved:>18.2e}")
        total = [max(total[0], task), total[1] + changed, total[2] + tasks, max(total[3], moved)]
    print(f"all: largest change of any task's R^2 {total[0]:.2e}; {total[1]} of {total[2]} tasks "
          f"({100 * total[1] / total[2]:.2f}%) chose another factor, their largest change of R^2 {total[3]:.2e}")


if __name__ == "__main__":
    main()
