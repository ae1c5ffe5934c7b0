#!/usr/bin/env bash
# cmake/Nccl.cmake, configured in a project of its own against the LibTorch
# of this build: RANKSENT_NCCL=OFF adds no source; RANKSENT_NCCL=ON on a CPU
# LibTorch stops the configure step with a message that says what to point
# CMake at (on a CUDA LibTorch it goes on to look for nccl.h).
set -euo pipefail
root="${1:?source dir}" torch_dir="${2:?Torch_DIR}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cat > "$work/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.24)
project(nccl_option LANGUAGES C CXX)
list(APPEND CMAKE_MODULE_PATH "$root/cmake")
find_package(Torch REQUIRED)
include(Nccl)
message(STATUS "nccl sources: [\${RANKSENT_NCCL_SOURCES}]")
CMAKE
configure() { cmake -S "$work" -B "$work/build-$1" -DTorch_DIR="$torch_dir" -DRANKSENT_NCCL="$1" > "$work/$1.log" 2>&1; }

configure OFF || { cat "$work/OFF.log" >&2; fail "RANKSENT_NCCL=OFF did not configure"; }
grep -q 'nccl sources: \[\]' "$work/OFF.log" || fail "RANKSENT_NCCL=OFF added sources"

cuda="$(grep -c 'C10_CUDA_LIBRARY' "$work/build-OFF/CMakeCache.txt" || true)"
if configure ON; then
  [[ "$cuda" != 0 ]] || fail "RANKSENT_NCCL=ON configured on a CPU LibTorch"
  grep -q 'nccl_backend.cpp' "$work/ON.log" || fail "RANKSENT_NCCL=ON did not add the NCCL source"
else
  if [[ "$cuda" == 0 ]]; then
    grep -q 'needs a CUDA LibTorch' "$work/ON.log" || { cat "$work/ON.log" >&2; fail "no clear message"; }
  else
    grep -q 'nccl.h not found' "$work/ON.log" || { cat "$work/ON.log" >&2; fail "CUDA LibTorch but no clear message"; }
  fi
fi
echo "nccl build option: OFF adds nothing; ON $([[ $cuda == 0 ]] && echo 'refuses this CPU LibTorch' || echo 'checked on a CUDA LibTorch')"
