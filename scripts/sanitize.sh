#!/usr/bin/env bash
# The test suite under AddressSanitizer + UndefinedBehaviorSanitizer: our
# code and tests built with -fsanitize=address,undefined into build-asan/
# (LibTorch and llama.cpp are not instrumented), then ctest there.
#   scripts/sanitize.sh [CTEST ARGS...]     e.g. -L unit, -R Trainer
# A sanitizer report fails the test that triggered it (halt_on_error).
# Leak checking is off: LibTorch and llama.cpp keep process-lifetime
# allocations that LeakSanitizer would report at exit.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export RANKSENT_BUILD_DIR="${RANKSENT_BUILD_DIR:-$root/build-asan}"
bash "$root/scripts/bootstrap.sh" --test
bash "$root/scripts/build.sh" -DRANKSENT_SANITIZE=address,undefined -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DRANKSENT_BUILD_BENCH=OFF
export ASAN_OPTIONS="detect_leaks=0:halt_on_error=1:abort_on_error=0:detect_odr_violation=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
cd "$RANKSENT_BUILD_DIR"
ctest --output-on-failure --timeout 3600 "$@"
