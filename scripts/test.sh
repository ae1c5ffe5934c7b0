#!/usr/bin/env bash
# Sets up, builds and runs every test: scripts/bootstrap.sh --test, the
# CMake build, then ctest (and, with CI=true, scripts/fuzz.sh 30). This is
# README's test command and what CI runs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
start=$(date +%s)
bash "$root/scripts/bootstrap.sh" --test
echo "[test] set-up took $(( $(date +%s) - start )) s" >&2
bash "$root/scripts/build.sh"
# The Python package, installed as README says a user installs it; it builds
# in this build folder, where only what is missing is compiled.
build="${RANKSENT_BUILD_DIR:-$root/build}"
source "$root/scripts/pins.env"
source "$root/scripts/env.sh"
"$RANKSENT_VENV/bin/python" -m pip install -q --no-build-isolation --config-settings=build-dir="$build" "$root"
echo "[test] set-up + build took $(( $(date +%s) - start )) s" >&2
cd "$build"
rc=0
ctest --output-on-failure --timeout 1800 "$@" || rc=$?
summary="$(python3 "$root/scripts/ctest_summary.py" . || echo "no summary: see Testing/Temporary/LastTest.log")"
# In CI (CI=true), or when RANKSENT_FUZZ_SECONDS is set, a short fuzzing run
# of the parsers follows: scripts/fuzz.sh, 30 s a target by default (about
# 6 minutes with clang's install and the build; docs/robustness.md, "Fuzzing").
if [[ "${CI:-}" == true || -n "${RANKSENT_FUZZ_SECONDS:-}" ]]; then
  fuzz_start=$(date +%s)
  FUZZ_SEED="${FUZZ_SEED:-1}" bash "$root/scripts/fuzz.sh" "${RANKSENT_FUZZ_SECONDS:-30}" || rc=1
  echo "[test] fuzzing took $(( $(date +%s) - fuzz_start )) s" >&2
fi
# The closing line: how many ran, and which skipped and why (a data test
# skips without ../shared/data beside the checkout or RANKSENT_TEST_DATA).
echo "[test] ctest: $summary; rc=$rc"
exit "$rc"
