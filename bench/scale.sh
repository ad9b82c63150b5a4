#!/usr/bin/env bash
# How many ranks one master keeps busy: the engine with synthetic points (each sleeps a given
# time instead of computing, through the real master, messages and store writes), on R ranks of
# this machine. For each R and point time t: 8 R points (8 rounds), the master loop's wall time,
# the parallel efficiency (ideal 8 t over the measured loop time; every rank computes, rank 0 in
# a thread beside the master) and the master's busy fraction (the share of its loop spent
# handling messages, assigning and writing rather than waiting).
# Usage: bench/scale.sh [build-dir] [ranks...]   (default: build, 64 128 256)
# On a machine with fewer cores than ranks the ranks share cores, which a cluster does not:
# read the busy fraction and the time per message, not the efficiency, as the master's cost.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
shift || true
ranks_list=("${@:-64 128 256}")
read -r -a ranks_list <<<"${ranks_list[*]}"
source scripts/mpi-env.sh
dir=$(mktemp -d /tmp/hetsweep-scale.XXXXXX)
trap 'rm -rf "$dir"' EXIT
echo "scale benchmark on $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores"
printf '%6s %8s %7s %10s %10s %11s %9s %12s\n' ranks "t [s]" points "loop [s]" "ideal [s]" efficiency "busy" "us/message"
for ranks in "${ranks_list[@]}"; do
  for t in 0.05 0.3; do
    points=$((8 * ranks))
    {
      echo '[sweep]'; echo 'name = "scale"'; echo '[network]'; echo 'N = 50'
      printf 'seed = [%s]\n' "$(seq -s ', ' 1 "$points")"
    } >"$dir/scale.toml"
    rm -f "$dir/scale.h5"
    out=$(mpirun -n "$ranks" "$build/hetsweep" run "$dir/scale.toml" --store "$dir/scale.h5" --synthetic "$t" 2>/dev/null |
          grep '^master:')
    # "master: busy 0.2% of 0.41 s, 15 messages (56.2 us of busy time each)"
    busy=$(sed -E 's/master: busy ([0-9.]+)%.*/\1/' <<<"$out")
    loop=$(sed -E 's/.* of ([0-9.]+) s,.*/\1/' <<<"$out")
    per=$(sed -E 's/.*\(([0-9.]+) us.*/\1/' <<<"$out")
    ideal=$(awk -v t="$t" 'BEGIN { printf "%.2f", 8 * t }')
    eff=$(awk -v i="$ideal" -v l="$loop" 'BEGIN { printf "%.1f%%", 100 * i / l }')
    printf '%6s %8s %7s %10s %10s %11s %8s%% %12s\n' "$ranks" "$t" "$points" "$loop" "$ideal" "$eff" "$busy" "$per"
  done
done
