#!/usr/bin/env bash
# Fuzzes ranksent's parsers with libFuzzer (+ AddressSanitizer and
# UndefinedBehaviorSanitizer): the targets of fuzz/ (docs/robustness.md,
# "Fuzzing"), each for SECONDS (default 60) over a copy of its seed corpus.
#
#   scripts/fuzz.sh [SECONDS]                    every target
#   FUZZ_TARGETS="gguf lists" scripts/fuzz.sh 30 some of them
#   FUZZ_RUNS=10000000 scripts/fuzz.sh 1800      the campaign: each target until
#                                                10 M executions or 30 minutes
#
# Installs clang and its compiler runtime (libFuzzer, the sanitizers) from
# Debian when they are missing, builds the targets into build-fuzz/
# (git-ignored; RANKSENT_FUZZ_BUILD_DIR overrides, RANKSENT_JOBS sets the
# build's jobs) and runs them one at a time. Exit status 0 when no target
# found anything; 1 on any finding (a crash, a sanitizer report, a leak, an
# exception that is not a documented error, a timeout, too much memory),
# with the target, its executions and the path of the input that failed; 2
# on a bad argument.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

seconds="${1:-60}"
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || { echo "fuzz.sh: SECONDS must be a positive integer, got '$seconds'" >&2; exit 2; }
[[ -z "${FUZZ_RUNS:-}" || "$FUZZ_RUNS" =~ ^[1-9][0-9]*$ ]] ||
  { echo "fuzz.sh: FUZZ_RUNS must be a positive integer, got '$FUZZ_RUNS'" >&2; exit 2; }
targets=(${FUZZ_TARGETS:-safetensors gguf tokenizer lists eval_data})
for t in "${targets[@]}"; do
  [[ -f "$root/fuzz/fuzz_$t.cpp" && -d "$root/fuzz/corpus/$t" ]] ||
    { echo "fuzz.sh: unknown target '$t' (fuzz/fuzz_$t.cpp and fuzz/corpus/$t/ are the pair)" >&2; exit 2; }
done
build="${RANKSENT_FUZZ_BUILD_DIR:-$root/build-fuzz}"
step() { printf '[fuzz %s] %s\n' "$(date +%T)" "$*" >&2; }

# --- 1. clang and libFuzzer, from Debian (as scripts/bootstrap.sh installs) ----
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
apt_install() {
  step "apt-get install $*"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
missing=()
for p in clang ninja-build pkg-config nlohmann-json3-dev libfmt-dev libutf8proc-dev zlib1g-dev; do
  installed "$p" || missing+=("$p")
done
((${#missing[@]} == 0)) || apt_install "${missing[@]}"
# libFuzzer and the sanitizer runtimes are in the compiler-rt package of
# clang's own version (libclang-rt-14-dev for Debian 12's clang 14).
clang_major="$(clang++ -dumpversion | cut -d. -f1)"
installed "libclang-rt-$clang_major-dev" || apt_install "libclang-rt-$clang_major-dev"
command -v cmake >/dev/null || { echo "fuzz.sh: cmake not found (the main build needs it too)" >&2; exit 1; }

# --- 2. build ------------------------------------------------------------------
if [[ ! -f "$build/build.ninja" ]]; then
  step "configure $build (clang++ $clang_major)"
  mkdir -p "$build"
  cmake -S "$root/fuzz" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ >"$build/configure.log" 2>&1 ||
    { cat "$build/configure.log" >&2; exit 1; }
fi
step "build ${targets[*]}"
log_build="$build/build.log"
if ! cmake --build "$build" -j "${RANKSENT_JOBS:-$(nproc)}" --target "${targets[@]/#/fuzz_}" >"$log_build" 2>&1; then
  tail -n 40 "$log_build" >&2
  echo "fuzz.sh: build failed (log: $log_build)" >&2
  exit 1
fi

# --- 3. run --------------------------------------------------------------------
runs="$build/runs"
mkdir -p "$runs"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:handle_abort=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
failed=()
for t in "${targets[@]}"; do
  seeds="$root/fuzz/corpus/$t"
  dir="$runs/$t"
  rm -rf "$dir"
  mkdir -p "$dir/corpus" "$dir/artifacts"
  cp "$seeds"/* "$dir/corpus/"
  step "$t: ${seconds} s over $(ls "$dir/corpus" | wc -l) seed inputs"
  rc=0
  started=$SECONDS
  # -rss_limit_mb, -malloc_limit_mb: a parser that asks for hundreds of MB on
  # an input of a few KB is a finding; -timeout: one input taking 10 s is a hang.
  # FUZZ_SEED fixes libFuzzer's random seed (CI sets it, so that a run there
  # mutates the same way each time); unset, every run explores anew.
  "$build/fuzz_$t" -max_total_time="$seconds" -rss_limit_mb=2048 -malloc_limit_mb=256 -timeout=10 \
    -print_final_stats=1 ${FUZZ_SEED:+-seed="$FUZZ_SEED"} ${FUZZ_RUNS:+-runs="$FUZZ_RUNS"} \
    -artifact_prefix="$dir/artifacts/" "$dir/corpus" >"$dir/log" 2>&1 || rc=$?
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -n1)"
  [[ -n "$execs" ]] || execs="$(grep -oE '^#[0-9]+' "$dir/log" | tail -n1 | tr -d '#')"
  found="$(sed -n 's/.*Test unit written to //p' "$dir/log" | tail -n1)"
  if ((rc == 0)) && [[ -z "$found" ]]; then
    step "$t: ok, ${execs:-?} executions in $((SECONDS - started)) s, corpus $(ls "$dir/corpus" | wc -l) inputs"
  else
    failed+=("$t")
    step "$t: FINDING (exit $rc) after ${execs:-?} executions; input: ${found:-none written}; log: $dir/log"
    grep -m1 -E '^==[0-9]+==ERROR|runtime error|terminate called|ERROR: libFuzzer|SUMMARY' "$dir/log" >&2 || tail -n 20 "$dir/log" >&2
  fi
done
if ((${#failed[@]})); then
  step "findings in: ${failed[*]}; reproduce with: $build/fuzz_TARGET INPUT"
  exit 1
fi
step "no findings (${targets[*]}, $seconds s each)"
