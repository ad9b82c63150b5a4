#!/usr/bin/env bash
# The sweep engine's own cost and its parallel efficiency:
#  1. master throughput with the science switched off (--trivial): points/s
#     through the master and the store (creation included), on 2 and 4 ranks;
#  2. wall time of 16 real N = 200 points on 1 and 2 ranks, and the
#     parallel efficiency T1 / (2 T2).
# Usage: bench/engine.sh [build-dir]   (default build)
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
source scripts/mpi-env.sh
dir=$(mktemp -d /tmp/hetsweep-bench.XXXXXX)
trap 'rm -rf "$dir"' EXIT
echo "engine benchmark on $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores"

# seconds CMD...: wall time of CMD, which must succeed.
seconds() {
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >"$dir/out.txt" 2>&1 || { cat "$dir/out.txt" >&2; exit 1; }
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}
ratio() { awk -v a="$1" -v b="$2" -v s="${3:-1}" 'BEGIN { printf "%.2f", s * a / b }'; }

# 25 sizes x 20 levels x 20 seeds = 10000 points.
{
  echo '[sweep]'
  echo 'name = "trivial"'
  echo '[network]'
  echo "N = [$(seq -s, 100 10 340)]"
  echo "seed = [$(seq -s, 1 20)]"
  echo '[tau]'
  echo "cv = [$(seq -s, 0 0.1 1.9)]"
} >"$dir/trivial.toml"
points=$("$build/hetsweep" plan "$dir/trivial.toml" | sed -n '2p' | cut -d' ' -f1)
for ranks in 2 4; do
  rm -f "$dir/t.h5"
  t=$(seconds mpirun -n "$ranks" "$build/hetsweep" run "$dir/trivial.toml" --trivial --store "$dir/t.h5")
  echo "trivial points: $points on $ranks ranks in $t s (store creation included): $(ratio "$points" "$t") points/s"
done

cat >"$dir/real.toml" <<'SPEC'
[sweep]
name = "efficiency"
[network]
N = 200
seed = [1, 2, 3, 4, 5, 6, 7, 8]
[tau]
cv = [0.5, 1.0]
SPEC
t1=$(seconds mpirun -n 1 "$build/hetsweep" run "$dir/real.toml" --store "$dir/r1.h5")
t2=$(seconds mpirun -n 2 "$build/hetsweep" run "$dir/real.toml" --store "$dir/r2.h5")
echo "16 points of N = 200: 1 rank $t1 s, 2 ranks $t2 s: speed-up $(ratio "$t1" "$t2"), parallel efficiency $(ratio "$t1" "$t2" 50)%"
