#!/usr/bin/env bash
# Runs the README's science sweeps on local MPI ranks into runs/science/ and
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
run lif_levels_bias2 jobs/lif_science.toml lif.i_bias=2.0
run rate_sizes jobs/rate_sizes.toml
paired() {  # TITLE STORE [query options...]
  local title=$1 store=$2
  shift 2
  echo "== $title"
  build/hetsweep query "$store" --paired cv=0 "$@" | grep -v '^#'
  echo
}
table "rate network: heterogeneity level, skewed profiles (clipped, then raw)" $out/rate_levels.h5 --by profile,cv
paired "rate network: each level against the homogeneous network of the same seed" $out/rate_levels.h5 --by profile,cv
table "rate network: lognormal and uniform where uniform exists" $out/rate_uniform.h5 --by profile,cv
table "rate network: four profiles at small cv" $out/rate_profiles.h5 --by profile,cv
paired "rate network: four profiles at small cv, paired" $out/rate_profiles.h5 --by profile,cv
table "rate network: by complexity tier" $out/rate_levels.h5 --by cv,tier --where profile=lognormal
table "LIF network, defaults (i_bias = 1)" $out/lif_levels.h5 --by cv
table "LIF network, mean-driven (i_bias = 2)" $out/lif_levels_bias2.h5 --by cv
paired "LIF network, defaults, paired" $out/lif_levels.h5 --by cv
paired "LIF network, mean-driven, paired" $out/lif_levels_bias2.h5 --by cv
table "rate network: size (N), homogeneous and lognormal cv = 1" $out/rate_sizes.h5 --by cv,N
paired "rate network: size, cv = 1 against cv = 0" $out/rate_sizes.h5 --by N
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
