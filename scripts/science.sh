#!/usr/bin/env bash
# Runs the science sweeps of docs/results.md on local MPI ranks into runs/science/ and
# prints their tables with `hetsweep query` (mean over tasks per point, then
# mean and sd over the 3 network seeds). Resumable: run it again to finish
# or just reprint.
#   bash scripts/science.sh            (HETSWEEP_RANKS=2 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >/dev/null
source scripts/mpi-env.sh
ranks="${HETSWEEP_RANKS:-2}"
out=runs/science
mkdir -p "$out"
run() {  # NAME SPEC [overrides...]
  local name=$1 spec=$2
  shift 2
  mpirun -n "$ranks" build/hetsweep run "$spec" --store "$out/$name.h5" "$@" >/dev/null 2>"$out/$name.log" || {
    cat "$out/$name.log" >&2
    exit 1
  }
}
table() {  # TITLE STORE [query options...]
  local title=$1 store=$2
  shift 2
  echo "== $title"
  for score in "" --raw; do
    # shellcheck disable=SC2086
    build/hetsweep query "$store" --stat mean,sd $score "$@" | grep -v '^#'
    echo
  done
}
run rate_levels jobs/rate_levels.toml
run rate_uniform jobs/rate_uniform.toml
run rate_profiles jobs/rate_profiles.toml
run lif_levels jobs/lif_science.toml
run lif_scan jobs/lif_scan.toml
run lif_regimes jobs/lif_regimes.toml
run rate_sizes jobs/rate_sizes.toml
run rate_claim3 jobs/rate_claim3.toml
run convergence jobs/convergence.toml
run lif_sizes jobs/lif_sizes.toml
paired() {  # TITLE STORE KEY=VALUE [query options...]
  local title=$1 store=$2 pair=$3
  shift 3
  echo "== $title"
  build/hetsweep query "$store" --paired "$pair" "$@" | grep -v '^#'
  echo
}
table "rate network: heterogeneity level, skewed profiles (clipped, then raw)" $out/rate_levels.h5 --by profile,cv
paired "rate network: each level against the homogeneous network of the same seed" $out/rate_levels.h5 cv=0 --by profile,cv
table "rate network: lognormal and uniform where uniform exists" $out/rate_uniform.h5 --by profile,cv
table "rate network: four profiles at small cv" $out/rate_profiles.h5 --by profile,cv
paired "rate network: four profiles at small cv, paired" $out/rate_profiles.h5 cv=0 --by profile,cv
table "rate network: by complexity tier" $out/rate_levels.h5 --by cv,tier --where profile=lognormal
table "LIF network, defaults" $out/lif_levels.h5 --by cv
paired "LIF network, defaults, paired" $out/lif_levels.h5 cv=0 --by cv
echo "== LIF network: the operating-point scan, homogeneous networks (rate_mean, isi_cv, silent_fraction, score)"
for value in rate_mean isi_cv silent_fraction r2_clipped_mean; do
  build/hetsweep query $out/lif_scan.h5 --by i_bias --value $value --stat mean | grep -v '^#'
done
echo
paired "LIF network: the scan's drives against the chosen i_bias = 0.7, same seed" $out/lif_scan.h5 i_bias=0.7 --by i_bias
paired "LIF network: four operating points (lif.i_bias), paired" $out/lif_regimes.h5 cv=0 --by i_bias,cv
paired "rate network, claim 3: four profiles, truncated matching, 10 seeds, against cv = 0" $out/rate_claim3.h5 cv=0 --by profile,cv
paired "rate network, claim 3: each profile against lognormal at the same cv and seed" $out/rate_claim3.h5 profile=lognormal --by profile,cv
echo "== rate network, claim 3: fraction of time constants at tau.floor"
build/hetsweep query $out/rate_claim3.h5 --by profile,cv --value tau_floor_fraction --stat mean | grep -v '^#'
echo
echo "== convergence of the gain (jobs/convergence.toml): its hypotheses, then the gain per dt, N and training length"
build/hetsweep query $out/convergence.h5 --hypotheses | grep -v '^#'
paired "gain per dt (shared noise path)" $out/convergence.h5 cv=0 --by model,dt --where N=200 --where train=100
paired "gain per N" $out/convergence.h5 cv=0 --by model,N --where dt=0.01 --where train=100
paired "gain per training length" $out/convergence.h5 cv=0 --by model,train --where dt=0.01 --where N=200
echo "== LIF network: cheapest Loihi 2 energy per score bin over N = 100 .. 800"
build/hetsweep query $out/lif_sizes.h5 --cost energy_loihi2_j --bins 0.3,0.34,0.38,0.4 | grep -v '^#'
build/hetsweep query $out/lif_sizes.h5 --by N,cv --value energy_loihi2_static_j --stat mean | grep -v '^#'
build/hetsweep query $out/lif_sizes.h5 --by N,cv --value energy_loihi2_dynamic_j --stat mean | grep -v '^#'
echo
table "rate network: size (N), homogeneous and lognormal cv = 1" $out/rate_sizes.h5 --by cv,N
paired "rate network: size, cv = 1 against cv = 0" $out/rate_sizes.h5 cv=0 --by N
echo "== mean task alignment and participation ratio (rate, lognormal; LIF defaults)"
build/hetsweep query $out/rate_levels.h5 --by cv --where profile=lognormal --per-task alignment --stat mean | grep -v '^#'
build/hetsweep query $out/rate_levels.h5 --by cv --where profile=lognormal --value participation_ratio --stat mean | grep -v '^#'
build/hetsweep query $out/lif_levels.h5 --by cv --per-task alignment --stat mean | grep -v '^#'
build/hetsweep query $out/lif_levels.h5 --by cv --value participation_ratio --stat mean | grep -v '^#'
echo "== mean alignment on 10 components (mechanisms.components) and the partial correlation of score and it given PR"
build/hetsweep query $out/rate_levels.h5 --by cv --where profile=lognormal --value alignment_fixed_mean --stat mean | grep -v '^#'
build/hetsweep query $out/lif_levels.h5 --by cv --value alignment_fixed_mean --stat mean | grep -v '^#'
for store in rate_levels lif_levels; do
  /usr/bin/python3 analysis/report.py $out/$store.h5 --out $out/report_$store | grep '^mechanisms' | sed "s/^/$store: /"
done
