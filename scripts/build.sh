#!/usr/bin/env bash
# Configures and builds ranksent into build/ (Ninja, ccache, precompiled
# LibTorch header). Run scripts/bootstrap.sh first. Arguments are CMake
# options (-DRANKSENT_WERROR=ON, -DRANKSENT_SANITIZE=address,undefined, ...)
# and are applied on every call, not only the first configure.
# RANKSENT_BUILD_TARGETS (space-separated) builds only those targets and what
# they need: the main job builds `ranksent` alone, the tests build everything.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/pins.env"
source "$root/scripts/env.sh"
export CCACHE_BASEDIR="$root"
build="${RANKSENT_BUILD_DIR:-$root/build}"
# A build folder configured before the Python package joined the build is configured again.
if [[ ! -f "$build/build.ninja" || $# -gt 0 ]] || ! grep -q '^RANKSENT_BUILD_PYTHON:BOOL=ON' "$build/CMakeCache.txt"; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_PREFIX_PATH="$RANKSENT_LLAMA_PREFIX" -DRANKSENT_BUILD_PYTHON=ON "$@"
fi
targets=()
for t in ${RANKSENT_BUILD_TARGETS:-}; do targets+=(--target "$t"); done
cmake --build "$build" -j "${RANKSENT_JOBS:-$(nproc)}" ${targets[@]+"${targets[@]}"}
