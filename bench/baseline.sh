#!/usr/bin/env bash
# One default point as a whole process, hetsweep against the plain NumPy baseline
# (bench/numpy_point.py: the same model, sizes and readout algorithm), in the same run, each
# repeated and the median taken. Both run on one core with the same OpenBLAS kernel: the one
# hetsweep reports (NumPy loads Debian's OpenBLAS too, and is given that kernel by
# OPENBLAS_CORETYPE), so the race is between implementations, not kernels.
# Usage: bench/baseline.sh [build-dir] [repeats=5] [N=200]
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}" repeats="${2:-5}" n="${3:-200}"
kernel=$("$build/hetsweep" version | sed -n 's/^BLAS: .*kernel \([^ ]*\) .*/\1/p')
export OPENBLAS_NUM_THREADS=1
echo "baseline on $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); OpenBLAS kernel $kernel for both"

# median_seconds CMD...: the median wall time of `repeats` runs of CMD (which must succeed).
median_seconds() {
  local times=() t0 t1
  for _ in $(seq "$repeats"); do
    t0=$(date +%s.%N)
    "$@" >/tmp/hetsweep-baseline.out 2>&1 || { cat /tmp/hetsweep-baseline.out >&2; exit 1; }
    t1=$(date +%s.%N)
    times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

ours=$(median_seconds "$build/hetsweep" point jobs/point.toml "network.N=$n" tau.cv=1)
grep -m1 "all tasks" /tmp/hetsweep-baseline.out | sed 's/^ */  hetsweep: /'
theirs=$(OPENBLAS_CORETYPE="$kernel" median_seconds /usr/bin/python3 bench/numpy_point.py --N "$n" --cv 1)
sed 's/^/  /' /tmp/hetsweep-baseline.out
printf 'one point, N = %s, whole process, median of %s: hetsweep %.3f s, NumPy %.3f s, ratio %.1f\n' \
  "$n" "$repeats" "$ours" "$theirs" "$(awk -v a="$ours" -v b="$theirs" 'BEGIN { print b / a }')"
