#!/usr/bin/env bash
# hetsweep beside its peers, in one run on one machine, each figure the median of R runs:
#   rate  one default point (N = 200, cv = 1) as a whole process against bench/numpy_point.py, a plain
#         NumPy implementation of the same model, sizes and validated readout (the same algorithm:
#         blocked 3-fold selection per task by partial fractions), both on one core with the same
#         OpenBLAS kernel (the one hetsweep reports; NumPy loads Debian's OpenBLAS and is given it)
#   LIF   the default spiking point's simulation (jobs/lif.toml) against Brian2's cpp_standalone
#         build of the same network (bench/brian_lif.py; Debian's python3-brian)
# Usage: bench/peers.sh [build-dir] [repeats=5]
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}" repeats="${2:-5}"
if ! /usr/bin/python3 -c "import brian2" 2>/dev/null; then
  echo "peers.sh: Brian2 is missing: apt-get install python3-brian (as root)" >&2
  exit 2
fi
kernel=$("$build/hetsweep" version | sed -n 's/^BLAS: .*kernel \([^ ]*\) .*/\1/p')
export OPENBLAS_NUM_THREADS=1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "peers on $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $("$build/hetsweep" version | sed -n 's/^BLAS: //p'); one core each"

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# wall CMD...: the median wall seconds of `repeats` runs of CMD (which must succeed); its last output in $out/last.
wall() {
  local t0 t1
  for _ in $(seq "$repeats"); do
    t0=$(date +%s.%N)
    "$@" >"$out/last" 2>&1 || { cat "$out/last" >&2; exit 1; }
    t1=$(date +%s.%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }'
  done | median
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b / a }'; }

ours=$(wall "$build/hetsweep" point jobs/point.toml tau.cv=1)
ours_phases=$(grep -m1 "time:" "$out/last" | sed 's/^ *time: //')
theirs=$(OPENBLAS_CORETYPE="$kernel" wall /usr/bin/python3 bench/numpy_point.py --N 200 --cv 1)
printf 'rate point, N = 200, cv = 1, whole process, median of %s: hetsweep %.3f s, NumPy %.3f s, ratio %s\n' \
  "$repeats" "$ours" "$theirs" "$(ratio "$ours" "$theirs")"
echo "  hetsweep: $ours_phases"
sed -n '2p' "$out/last" | sed 's/^ */  NumPy: /'

# The LIF simulation: hetsweep's simulation phase (network construction and the 17,200 steps into
# its state matrix) against Brian2's compiled program (its start-up, construction, the same steps
# and the recording written to disk), each as the program reports it.
for _ in $(seq "$repeats"); do
  "$build/hetsweep" point jobs/lif.toml 2>&1 | sed -n 's/.*simulation \([0-9.]*\) s.*/\1/p'
done | median >"$out/lif"
/usr/bin/python3 bench/brian_lif.py --runs "$repeats" --build-dir "$out/brian" >"$out/brian.txt" 2>&1 ||
  { cat "$out/brian.txt" >&2; exit 1; }
brian=$(sed -n 's/.*simulation \([0-9.]*\) s (median.*/\1/p' "$out/brian.txt")
printf 'LIF point, N = 200 (jobs/lif.toml), simulation, median of %s: hetsweep %.3f s, Brian2 cpp_standalone %.3f s, ratio %s\n' \
  "$repeats" "$(cat "$out/lif")" "$brian" "$(ratio "$(cat "$out/lif")" "$brian")"
sed 's/^/  /' "$out/brian.txt"
