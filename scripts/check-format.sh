#!/usr/bin/env bash
# Fails if any C++ source differs from .clang-format's layout; `--fix` rewrites them.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.cpp' '*.hpp' 2>/dev/null || find src include tests bench -name '*.[ch]pp')
if [ "${1:-}" = "--fix" ]; then
  clang-format -i "${files[@]}"
else
  clang-format --dry-run --Werror "${files[@]}" || { echo "format: run scripts/check-format.sh --fix" >&2; exit 1; }
fi
echo "format: ${#files[@]} files follow .clang-format"
