#!/usr/bin/env bash
# Sets up, builds and runs every test: scripts/bootstrap.sh --test, the
# CMake build, then ctest. This is README's test command and what CI runs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
start=$(date +%s)
bash "$root/scripts/bootstrap.sh" --test
echo "[test] set-up took $(( $(date +%s) - start )) s" >&2
bash "$root/scripts/build.sh"
echo "[test] set-up + build took $(( $(date +%s) - start )) s" >&2
cd "${RANKSENT_BUILD_DIR:-$root/build}"
ctest --output-on-failure --timeout 1800 "$@"
