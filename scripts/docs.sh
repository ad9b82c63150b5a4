#!/usr/bin/env bash
# Regenerates the command outputs the documentation quotes (scripts/docs.py); `--check` only
# reports stale ones. Needs the build (bash scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/mpi-env.sh
exec /usr/bin/python3 scripts/docs.py "$@"
