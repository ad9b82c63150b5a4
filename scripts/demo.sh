#!/usr/bin/env bash
# Sets everything up, then runs the main job (jobs/demo.toml) on 2 local MPI
# ranks into runs/demo.h5 and prints its aggregated result, the paired comparison with the
# homogeneous network, and the verdicts of the hypotheses the spec states. Running it again
# resumes (or, when complete, only prints) the same store.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/mpi-env.sh
mkdir -p runs
# A store of other numerics (made by an older hetsweep) is refused for resuming: keep it beside the
# new one, named by its numerics version, and compute afresh.
if [ -e runs/demo.h5 ]; then
  stored=$(build/hetsweep status runs/demo.h5 2>/dev/null | sed -n 's/.*numerics version \([0-9]*\).*/\1/p')
  current=$(build/hetsweep version | sed -n 's/.*numerics version \([0-9]*\).*/\1/p')
  if [ -n "$stored" ] && [ "$stored" != "$current" ]; then
    mv runs/demo.h5 "runs/demo-numerics-$stored.h5"
    echo "demo: runs/demo.h5 holds numerics version $stored, this build computes $current:" \
      "kept as runs/demo-numerics-$stored.h5"
  fi
fi
ranks="${HETSWEEP_RANKS:-2}"
status=0
mpirun -n "$ranks" build/hetsweep run jobs/demo.toml --store runs/demo.h5 || status=$?
if [ "$status" -eq 0 ]; then
  echo
  echo "each heterogeneous network against the homogeneous network (cv = 0) of the same seed:"
  build/hetsweep query runs/demo.h5 --by profile,cv --paired cv=0 | grep -v '^#'
  echo
  echo "the hypotheses jobs/demo.toml states, each decided by its rule (Holm within the family):"
  build/hetsweep query runs/demo.h5 --hypotheses | grep -v '^# \(store\|points\|tasks\|score\|read\)'
fi
exit "$status"
