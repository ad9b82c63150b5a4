#!/usr/bin/python3
"""Do two sweep stores hold the same results, bit for bit?

Compares /status, every per-task matrix (/scores, /alignment, ...) and every per-point metric
by name, except the timings (metrics named time_*, which measure the machine; a unit test keeps
that naming rule). Stores of schema 1 and 2 may be compared with each other.

usage: scripts/compare-stores.py A.h5 B.h5     (exit 0: identical, 1: they differ)
"""
import sys

import h5py
import numpy as np


def names(f, dataset):
    return [n.decode() if isinstance(n, bytes) else str(n) for n in f[dataset][()]]


def same_bits(x, y):
    return x.shape == y.shape and np.ascontiguousarray(x).tobytes() == np.ascontiguousarray(y).tobytes()


def main(argv):
    if len(argv) != 3 or argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if len(argv) == 2 else 2
    a, b = h5py.File(argv[1], "r"), h5py.File(argv[2], "r")
    differ = []
    for name in ["status"] + names(a, "per_task_names"):
        if name not in b or not same_bits(a[name][()], b[name][()]):
            differ.append(name)
        else:
            print(f"{name} {a[name].shape}: bit-identical")
    ma, mb = names(a, "metric_names"), names(b, "metric_names")
    compared = [m for m in ma if not m.startswith("time_")]
    for m in compared:
        if m not in mb or not same_bits(a["metrics"][:, ma.index(m)], b["metrics"][:, mb.index(m)]):
            differ.append("metrics/" + m)
    if not any(d.startswith("metrics/") for d in differ):
        print(f"metrics: {len(compared)} of {len(ma)} bit-identical (timings left out)")
    for d in differ:
        print(f"{d}: DIFFERENT")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
