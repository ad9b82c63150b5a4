#!/usr/bin/env bash
# Sets everything up, then runs the main job (jobs/demo.toml) on 2 local MPI
# ranks into runs/demo.h5 and prints its aggregated result, then the paired
# comparison with the homogeneous network. Running it again
# resumes (or, when complete, only prints) the same store.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/mpi-env.sh
mkdir -p runs
ranks="${HETSWEEP_RANKS:-2}"
status=0
mpirun -n "$ranks" build/hetsweep run jobs/demo.toml --store runs/demo.h5 || status=$?
if [ "$status" -eq 0 ]; then
  echo
  echo "each heterogeneous network against the homogeneous network (cv = 0) of the same seed:"
  build/hetsweep query runs/demo.h5 --by profile,cv --paired cv=0 | grep -v '^#'
fi
exit "$status"
