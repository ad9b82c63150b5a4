#!/usr/bin/env bash
# Sets everything up, builds with warnings as errors, checks the formatting,
# and runs the whole test suite (unit, MPI and integration tests).
set -euo pipefail
cd "$(dirname "$0")/.."
HETSWEEP_CMAKE_ARGS="-DHETSWEEP_WERROR=ON ${HETSWEEP_CMAKE_ARGS:-}" bash scripts/setup.sh
source scripts/mpi-env.sh
bash scripts/check-format.sh
cd "${HETSWEEP_BUILD_DIR:-build}"
ctest --output-on-failure --timeout 600 -j 2
