#!/usr/bin/env bash
# Wall time of `ranksent train` with and without the teacher cache
# (docs/training.md, "Teacher cache"): the same run (the same lists, steps,
# seed and dev evaluations) with the student as its own teacher and no cache
# (every step runs the teacher), with a separate teacher (the default
# encoder's weights under CLS-token pooling, its own model directory) on a
# cold cache and then on a warm one (a second seed, as a study would), and
# with the self teacher on a cold and then a warm cache. Prints one line per configuration:
# wall and CPU seconds of the whole run (loading and two dev evaluations included).
#   bench/teacher_cache_wall_time.sh [LISTS.jsonl] [STEPS] [THREADS]
# TEACHER=DIR|TIER (e.g. all-mpnet-base-v2) makes that model the separate teacher.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
lists="${1:-$root/docs/results/study-smollm2/directional.jsonl}" steps="${2:-40}" threads="${3:-2}"
build="${RANKSENT_BUILD_DIR:-$root/build}"
data="${RANKSENT_DATA:-$root/../shared/data}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Two dev evaluations (before and after) in every run; 100 pairs each keep them short.
# One epoch over STEPS kept lists: every seed meets every list, so a second seed's run is all hits.
python3 -c 'import json, sys
kept = [l for l in open(sys.argv[1]) if not json.loads(l).get("rejected")]
sys.stdout.write("".join(kept[: int(sys.argv[2])]))' "$lists" "$steps" > "$work/lists.jsonl"
lists="$work/lists.jsonl"
mkdir -p "$work/data/STSBenchmark" "$work/data/SICK"
head -100 "$data/STSBenchmark/sts-dev.csv" > "$work/data/STSBenchmark/sts-dev.csv"
head -101 "$data/SICK/SICK_trial.txt" > "$work/data/SICK/SICK_trial.txt"
enc="$("$build/ranksent" models --no-hash 2>/dev/null | awk '$1 == "encoder" && / \(default\)/ { getline; getline; getline; print $2 }')"
# The separate teacher: links to the encoder's files, 1_Pooling declaring CLS-token pooling.
mkdir -p "$work/teacher/1_Pooling"
for f in "$enc"/*; do [[ -f "$f" ]] && ln -s "$f" "$work/teacher/$(basename "$f")"; done
echo '{"word_embedding_dimension": 384, "pooling_mode_cls_token": true, "pooling_mode_mean_tokens": false}' \
  > "$work/teacher/1_Pooling/config.json"
teacher="${TEACHER:-$work/teacher}"
run() { # name seed options...: wall seconds, CPU seconds (user + system: steadier on a shared machine)
  local name="$1" seed="$2"; shift 2
  local t0; t0="$(date +%s.%N)"
  /usr/bin/time -f '%U %S' -o "$work/$name.cpu" "$build/ranksent" train --lists "$lists" --output "$work/$name" --data "$work/data" \
    --eval-every 0 --threads "$threads" --seed "$seed" --quiet --teacher-cache "$work/sims" "$@" > "$work/$name.log" 2>&1 ||
    { cat "$work/$name.log" >&2; exit 1; }
  local t; t="$(python3 -c "print(f'{$(date +%s.%N) - $t0:.1f}')")"
  local cpu; cpu="$(awk '{ printf "%.1f", $1 + $2 }' "$work/$name.cpu")"
  echo "wall $t s, CPU $cpu s;  $(grep -o 'teacher similarities: .*' "$work/$name.log")"
}
echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(nproc) cores; $threads threads; $steps steps of one list; separate teacher: ${TEACHER:-the default encoder, CLS pooling}"
echo "self teacher, no cache:         $(run self-nocache 1 --no-teacher-cache)"
echo "separate teacher, cold cache:   $(run sep-cold 1 --teacher "$teacher")"
echo "separate teacher, warm cache:   $(run sep-warm 2 --teacher "$teacher")"
echo "self teacher, cold cache:       $(run self-cold 1)"
echo "self teacher, warm cache:       $(run self-warm 2)"
