#!/usr/bin/env bash
# The powered order study and the weaker-teacher arms (docs/results/
# powered-study/PLAN.md, written before the runs): one training run and its
# three evaluations (the saved checkpoint, the best on STS-B dev, the last
# step) per arm and seed, on the 514 kept lists of docs/results/order-study.
# Resumable across machines and sessions: a run is done when its folder
# docs/results/powered-study/runs/ARM-seedS/ exists (written whole, by a
# rename); a killed training resumes from its last checkpoint in the work
# folder. Each run's folder holds what a reader needs to recompute every
# interval (scripts/study/powered_intervals.py): the STS cosines per pair
# (float16 .npy per task and checkpoint), the eval summaries, log.csv, and
# run.json (command, CPU, seconds).
#
#   scripts/study/powered_runs.sh [PHASE...]   primary | weaker-teacher (default: both, in that order)
#
# Environment: RANKSENT_BIN, RANKSENT_DATA, POWERED_WORK (default out/powered),
# POWERED_SEEDS (override the seed list), POWERED_MAX_RUNS (stop after N runs).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rs="${RANKSENT_BIN:-$root/build/ranksent}"
data="${RANKSENT_DATA:-$root/../shared/data}"
work="${POWERED_WORK:-$root/out/powered}"
res="$root/docs/results/powered-study/runs"
lists="$root/docs/results/order-study/directional.jsonl"
py="${RANKSENT_CACHE:-$HOME/.cache/ranksent}/venv/bin/python"
mkdir -p "$res" "$work"
log() { echo "[powered $(date +%T)] $*" >&2; }

# The order study's shuffled arm: the same lists, sentences 2..n permuted (shuffle seed 7).
if [[ ! -s "$work/shuffled.jsonl" ]]; then
  "$rs" generate --output "$work/shuffled.jsonl.part" --strategy shuffle --seeds "$root/docs/results/order-study/seeds.jsonl" \
    --lists "$lists" --shuffle-seed 7 --threads 0 --quiet
  mv "$work/shuffled.jsonl.part" "$work/shuffled.jsonl"
fi

# ARM -> "student|lists|train options". Primary: the student all-MiniLM-L6-v2
# with the all-mpnet-base-v2 teacher (the order study's arms). Weaker
# teacher: the student all-mpnet-base-v2, the teacher all-MiniLM-L6-v2, as
# the paper refines a stronger encoder with a weaker one (section 4.1).
declare -A arm=(
  [directional-mpnet]="all-minilm-l6-v2|$lists|--teacher all-mpnet-base-v2"
  [shuffled-mpnet]="all-minilm-l6-v2|$work/shuffled.jsonl|--teacher all-mpnet-base-v2"
  [semantic-only-mpnet]="all-minilm-l6-v2|$lists|--teacher all-mpnet-base-v2 --targets semantic"
  [mpnet-student-directional]="all-mpnet-base-v2|$lists|--teacher all-minilm-l6-v2"
  [mpnet-student-shuffled]="all-mpnet-base-v2|$work/shuffled.jsonl|--teacher all-minilm-l6-v2"
  [mpnet-student-semantic-only]="all-mpnet-base-v2|$lists|--teacher all-minilm-l6-v2 --targets semantic"
)
primary_seeds=(42 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15)
weaker_seeds=(42 1 2)
phases=("${@:-primary weaker-teacher}")
done_runs=0

# An encoder tier's folder (train's --model takes a folder).
tier_path() { "$rs" models --no-hash | awk -v t="$1" '$1 == "encoder" && $2 == t { getline; getline; getline; print $2 }'; }

one_run() { # arm seed
  local name="$1-seed$2" spec="${arm[$1]}"
  local student="${spec%%|*}" rest="${spec#*|}"
  local l="${rest%%|*}" opts="${rest#*|}"
  [[ -d "$res/$name" ]] && return 0
  local w="$work/$name" start=$SECONDS
  mkdir -p "$w"
  local resume=()
  [[ -f "$w/model.train/last/state.json" ]] && resume=(--resume)
  log "$name: train (student $student; $opts)"
  # shellcheck disable=SC2086
  nice -n 19 "$rs" train --lists "$l" --output "$w/model" --model "$(tier_path "$student")" --data "$data" --seed "$2" --threads 0 \
    --quiet $opts ${resume[@]+"${resume[@]}"} > "$w/train.log" 2>&1 || { tail -5 "$w/train.log" >&2; return 1; }
  local train_s=$((SECONDS - start))
  local out="$w/result"
  rm -rf "$out" && mkdir -p "$out"
  for cp in saved best-stsb last; do
    local m="$w/model"
    [[ $cp == best-stsb ]] && m="$w/model.train/best-stsb"
    [[ $cp == last ]] && m="$w/model.train/last/model"
    # float32 on every CPU: runs made on different machines compare as one sample.
    nice -n 19 "$rs" eval --data "$data" --model "$m" --tasks sts --dtype float32 --threads 0 --quiet \
      --output "$w/eval-$cp.json" --label "$1 ($cp)" > "$w/eval-$cp.log" 2>&1 || { tail -5 "$w/eval-$cp.log" >&2; return 1; }
  done
  "$py" "$root/scripts/study/powered_intervals.py" --pack "$w" "$out"
  cp "$w/model.train/log.csv" "$out/log.csv"
  {
    printf '{"arm": "%s", "seed": %s, "student": "%s", "lists": "%s", "options": "%s",\n' "$1" "$2" "$student" \
      "${l#"$root/"}" "$opts"
    printf ' "train_seconds": %s, "seconds": %s, "cpu": "%s", "ranksent": "%s"}\n' "$train_s" $((SECONDS - start)) \
      "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')" "$(git -C "$root" rev-parse --short HEAD)"
  } > "$out/run.json"
  mv "$out" "$res/$name"
  log "$name: done in $((SECONDS - start)) s"
  done_runs=$((done_runs + 1))
}

for phase in ${phases[*]}; do
  case "$phase" in
    primary) seeds=(${POWERED_SEEDS:-${primary_seeds[*]}}); arms=(directional-mpnet shuffled-mpnet semantic-only-mpnet) ;;
    weaker-teacher) seeds=(${POWERED_SEEDS:-${weaker_seeds[*]}}); arms=(mpnet-student-directional mpnet-student-shuffled mpnet-student-semantic-only) ;;
    *) echo "powered_runs.sh: unknown phase '$phase' (primary, weaker-teacher)" >&2; exit 2 ;;
  esac
  # Seed by seed, every arm of a seed before the next seed: a stopped run
  # leaves paired arms, never one arm ahead.
  for s in "${seeds[@]}"; do
    for a in "${arms[@]}"; do
      one_run "$a" "$s"
      if [[ -n "${POWERED_MAX_RUNS:-}" ]] && (( done_runs >= POWERED_MAX_RUNS )); then exit 0; fi
    done
  done
done
log "all runs done: $(ls "$res" | wc -l) in $res"
