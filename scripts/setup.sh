#!/usr/bin/env bash
# Installs whatever hetsweep needs that is missing (Debian 12 packages), then
# configures and builds it into build/. Idempotent; safe to run again.
# Environment: HETSWEEP_BUILD_DIR (default build), HETSWEEP_CMAKE_ARGS (extra cmake arguments),
# HETSWEEP_BUILD_TARGETS (build only these targets, e.g. hetsweep; default all).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake git pkg-config clang-format help2man bash-completion
  openmpi-bin libopenmpi-dev libhdf5-openmpi-dev hdf5-tools
  libeigen3-dev libopenblas-dev libboost-serialization-dev libtomlplusplus-dev libspectra-dev zlib1g-dev
  libcli11-dev
  libgtest-dev googletest
  python3-numpy python3-scipy python3-h5py python3-matplotlib python3-pandas python3-statsmodels
  slurm-wlm munge
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

build="${HETSWEEP_BUILD_DIR:-build}"
# shellcheck disable=SC2086
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release ${HETSWEEP_CMAKE_ARGS:-} >/dev/null
# The build's own exit status decides (a test binary that fails to compile fails the set-up), not
# whether build/hetsweep exists; the filter only drops the progress lines.
set +o pipefail
cmake --build "$build" -j "$(nproc)" ${HETSWEEP_BUILD_TARGETS:+--target $HETSWEEP_BUILD_TARGETS} 2>&1 |
  { grep -Ev '^\[ *[0-9]+%\]|^(Consolidate|Scanning|Built target)' || true; }
built=${PIPESTATUS[0]}
set -o pipefail
if [ "$built" -ne 0 ] || [ ! -x "$build/hetsweep" ]; then
  echo "setup: the build failed (cmake --build $build exited $built)" >&2
  exit 1
fi
echo "setup: built $build/hetsweep"

# `import hetsweep` for Debian's python3: a .pth file in its directory for local packages names this
# checkout's analysis/ (the checkout set up last is the one Python finds; `cmake --install` copies
# the package instead).
site=$(/usr/bin/python3 -c 'import sys; print(f"/usr/local/lib/python{sys.version_info[0]}.{sys.version_info[1]}/dist-packages")')
line="$(pwd)/analysis"
if [ "$(cat "$site/hetsweep-checkout.pth" 2>/dev/null)" != "$line" ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo mkdir -p "$site" && echo "$line" | $sudo tee "$site/hetsweep-checkout.pth" >/dev/null &&
    echo "setup: import hetsweep finds $line" || echo "setup: could not write $site/hetsweep-checkout.pth" >&2
fi
