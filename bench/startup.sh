#!/usr/bin/env bash
# What a one-point process costs beyond its computation: `hetsweep version` as a whole process (the
# libraries' loading, the BLAS-kernel check, the version text), and `hetsweep point` as a whole
# process against the phases it reports itself (input, tasks, simulation, readout, mechanisms): the
# difference is its start-up (loading, the kernel check, reading the spec) and its exit. Median of
# R runs each, wall seconds.
# Usage: bench/startup.sh [build-dir] [repeats=11]
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}" repeats="${2:-11}"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
now() { date +%s.%N; }
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
echo "startup on $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $("$build/hetsweep" version | sed -n 's/^BLAS: //p')"
for _ in $(seq "$repeats"); do
  t0=$(now); "$build/hetsweep" version >/dev/null; t1=$(now)
  awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }'
done | median | awk '{ printf "hetsweep version, whole process: %.1f ms\n", 1000 * $1 }'
for _ in $(seq "$repeats"); do
  t0=$(now); "$build/hetsweep" point jobs/point.toml tau.cv=1 >"$out" 2>&1; t1=$(now)
  phases=$(sed -n 's/.*time: \(.*\)/\1/p' "$out" | grep -o '[0-9.]* s' | awk '{ s += $1 } END { print s }')
  awk -v a="$t0" -v b="$t1" -v p="$phases" 'BEGIN { print b - a, p, b - a - p }'
done | sort -g -k3 | awk '{ w[NR] = $1; p[NR] = $2; d[NR] = $3 } END { m = int((NR + 1) / 2);
  printf "hetsweep point (N = 200, cv = 1), whole process: %.3f s, its phases %.3f s, start-up and exit %.1f ms (median)\n", w[m], p[m], 1000 * d[m] }'
