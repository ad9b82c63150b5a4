#!/usr/bin/python3
"""Do two sweep stores hold the same results, bit for bit?

Compares /status, every per-task matrix (/scores, /alignment, ...) and every per-point metric
by name, except the timings (metrics named time_*, which measure the machine; a unit test keeps
that naming rule). Stores of schema 1 and 2 may be compared with each other.

usage: scripts/compare-stores.py A.h5 B.h5     (exit 0: identical, 1: they differ)
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "analysis"))
import hetsweep  # noqa: E402

METRICS = "metrics/"  # prefix of the metric columns in Store.results()


def same_bits(x, y):
    return x.shape == y.shape and np.ascontiguousarray(x).tobytes() == np.ascontiguousarray(y).tobytes()


def compare(a, b):
    """The names (as in Store.results) whose values differ, after printing the identical matrices."""
    ra, rb = a.results(), b.results()
    differ = [name for name in ra if name not in rb or not same_bits(ra[name], rb[name])]
    for name in ra:
        if not name.startswith(METRICS) and name not in differ:
            print(f"{name} {ra[name].shape}: bit-identical")
    if not any(d.startswith(METRICS) for d in differ):
        compared = sum(1 for name in ra if name.startswith(METRICS))
        print(f"metrics: {compared} of {len(a.metric_names)} bit-identical (timings left out)")
    return differ


def main(argv):
    if len(argv) != 3 or argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if len(argv) == 2 else 2
    with hetsweep.open(argv[1]) as a, hetsweep.open(argv[2]) as b:
        differ = compare(a, b)
    for d in differ:
        print(f"{d}: DIFFERENT")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
