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
table "rate network: heterogeneity level, skewed profiles (clipped, then raw)" $out/rate_levels.h5 --by profile,cv
table "rate network: lognormal and uniform where uniform exists" $out/rate_uniform.h5 --by profile,cv
table "rate network: four profiles at small cv" $out/rate_profiles.h5 --by profile,cv
table "rate network: by complexity tier" $out/rate_levels.h5 --by cv,tier --where profile=lognormal
table "LIF network, defaults (i_bias = 1)" $out/lif_levels.h5 --by cv
table "LIF network, mean-driven (i_bias = 2)" $out/lif_levels_bias2.h5 --by cv
echo "== mean task alignment and participation ratio (rate, lognormal; LIF defaults)"
build/hetsweep query $out/rate_levels.h5 --by cv --where profile=lognormal --per-task alignment --stat mean | grep -v '^#'
build/hetsweep query $out/rate_levels.h5 --by cv --where profile=lognormal --value participation_ratio --stat mean | grep -v '^#'
build/hetsweep query $out/lif_levels.h5 --by cv --per-task alignment --stat mean | grep -v '^#'
build/hetsweep query $out/lif_levels.h5 --by cv --value participation_ratio --stat mean | grep -v '^#'
