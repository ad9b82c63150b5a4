#!/usr/bin/env bash
# Recomputes every number the docs quote under this build's numerics, from nothing: the science
# stores (runs/science/), the paper's figures (runs/paper/, paper/, copied to docs/figures/), every
# kept answer (docs/data/, scripts/kept.py refresh), the reproducibility table
# (scripts/reproducibility.py), then every quoted output (scripts/docs.sh). Resumable: run it again
# after an interruption; a store of this numerics is resumed, one of other numerics is moved aside
# (NAME.h5.numerics-V) and made again. Prints each step's time.
#
#   bash scripts/recompute.sh [--ranks R]      (default: HETSWEEP_RANKS or 2)
set -euo pipefail
cd "$(dirname "$0")/.."
ranks="${HETSWEEP_RANKS:-2}"
case "${1:-}" in
  -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  --ranks) ranks="${2:?--ranks needs a number}" ;;
  "") ;;
  *) echo "recompute.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
esac
bash scripts/setup.sh >/dev/null
source scripts/mpi-env.sh
export HETSWEEP_RANKS="$ranks"
numerics=$(build/hetsweep version | sed -n 's/.*numerics version \([0-9]*\).*/\1/p')
start=$SECONDS
step() { echo "== $1 ($((SECONDS - start)) s so far)"; }

# A store computed under other numerics cannot be resumed: it goes aside, kept for comparison.
fresh() {
  local store="$1" have
  [ -f "$store" ] || return 0
  have=$(build/hetsweep status "$store" 2>/dev/null | sed -n 's/.*numerics version \([0-9]*\).*/\1/p')
  if [ "$have" != "$numerics" ]; then
    echo "   $store is of numerics ${have:-unknown}: moved to $store.numerics-${have:-unknown}"
    mv "$store" "$store.numerics-${have:-unknown}"
  fi
}

mkdir -p runs/science runs/paper
for name in variance_components tuned_baseline lif_input_form claim3_skew convergence; do
  step "science: jobs/$name.toml -> runs/science/$name.h5"
  fresh "runs/science/$name.h5"
  mpirun -n "$ranks" build/hetsweep run "jobs/$name.toml" --store "runs/science/$name.h5" \
    >"runs/science/$name.out" 2>"runs/science/$name.log" || {
    tail -5 "runs/science/$name.log" >&2
    echo "recompute.sh: jobs/$name.toml did not finish; run this again to resume" >&2
    exit 1
  }
done
for figure in fig2 fig3 fig4 fig5 mech robust; do
  step "paper: $figure"
  fresh "runs/paper/$figure.h5"
  HETSWEEP=build/hetsweep bash scripts/paper.sh "$figure" --ranks "$ranks" | tail -n +2
done
mkdir -p docs/figures
cp paper/*.png docs/figures/
step "kept answers"
/usr/bin/python3 scripts/kept.py refresh
step "reproducibility across kernels and builds"
/usr/bin/python3 scripts/reproducibility.py
step "quoted outputs"
bash scripts/docs.sh
step "done"
