#!/usr/bin/env bash
# Data-parallel post-training on one machine (docs/scaling.md, "Scale
# figures"): seconds per optimisation step of 2 lists, by one process with one
# thread, by 2 ranks with one thread each (`train --nproc 2`, Gloo over
# loopback, one list per rank), and by one process with two threads. Each is
# timed twice, to step A and to step B, and the step time is the difference
# over B - A, so that loading, the dev evaluations and the saves cancel out.
# Also one process with 2 threads in bfloat16 mixed precision (--dtype).
#   bench/scale_train.sh [LISTS.jsonl] [A] [B]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
lists="${1:-$root/docs/results/study-smollm2/directional.jsonl}" a="${2:-2}" b="${3:-8}"
build="${RANKSENT_BUILD_DIR:-$root/build}"
data="${RANKSENT_DATA:-$root/../shared/data}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The dev evaluations cancel out; 100 STS-B and 100 SICK-R dev pairs keep them short.
mkdir -p "$work/data/STSBenchmark" "$work/data/SICK"
head -100 "$data/STSBenchmark/sts-dev.csv" > "$work/data/STSBenchmark/sts-dev.csv"
head -101 "$data/SICK/SICK_trial.txt" > "$work/data/SICK/SICK_trial.txt"
data="$work/data"
calc() { python3 -c "print(round($1, 4))"; }
run() { # name steps options...
  local name="$1" steps="$2"; shift 2
  local t0; t0="$(date +%s.%N)"
  "$build/ranksent" train --lists "$lists" --output "$work/$name-$steps" --data "$data" --max-steps "$steps" \
    --eval-every 0 --lists-per-step 2 --quiet "$@" > "$work/$name-$steps.log" 2>&1 ||
    { cat "$work/$name-$steps.log" >&2; exit 1; }
  calc "$(date +%s.%N) - $t0"
}
declare -A per
names=("1 process, 1 thread" "2 ranks, 1 thread each" "1 process, 2 threads" "1 process, 2 threads, bfloat16")
opts=("--threads 1" "--threads 1 --nproc 2" "--threads 2" "--threads 2 --dtype bfloat16")
for i in "${!names[@]}"; do
  echo "[bench] ${names[$i]}: to step $a, to step $b" >&2
  # shellcheck disable=SC2086
  ta="$(run "r$i" "$a" ${opts[$i]})"; tb="$(run "r$i" "$b" ${opts[$i]})"
  per[$i]="$(calc "($tb - $ta) / ($b - $a)")"
done
sentences="$(head -1 "$lists" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["sentences"]))')"
echo "$(nproc) cores here; lists of $sentences sentences, 2 lists a step"
echo "| run | seconds per step | speed-up over 1 thread |"
echo "| --- | ---: | ---: |"
for i in "${!names[@]}"; do
  echo "| ${names[$i]} | ${per[$i]} | $(calc "${per[0]} / ${per[$i]}") |"
done
