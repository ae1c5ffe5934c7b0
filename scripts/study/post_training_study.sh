#!/usr/bin/env bash
# The post-training study of docs/results/README.md: the default encoder
# post-trained on the kept directional lists of a generation study, on
# shuffled copies of them (ablation c), on its step-by-step lists, and on
# SNLI-label lists of the same count; three training seeds each; STS before
# and after (the checkpoint STS-B dev selected, and the last one) with the
# mean and spread over seeds. Resumable.
#   scripts/study/post_training_study.sh GENERATION_DIR OUT_DIR [SEEDS...]
# ARMS picks and orders the training arms (all four by default); the summary
# covers every arm whose runs are all finished.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
gen="${1:?usage: post_training_study.sh GENERATION_DIR OUT_DIR [SEEDS...]}" out="${2:?}"
shift 2
seeds=("$@"); [[ ${#seeds[@]} -gt 0 ]] || seeds=(42 1 2)
rs="${RANKSENT_BIN:-$root/build/ranksent}"
data="${RANKSENT_DATA:-$root/../shared/data}"
mkdir -p "$out"
log() { echo "[post-training $(date +%T)] $*" >&2; }

kept=$(grep -c '"rejected":null' "$gen/directional.jsonl" || true)
[[ "$kept" -gt 0 ]] || { echo "no kept directional list in $gen" >&2; exit 1; }
# The arms' lists: directional as generated, its shuffled copy, step-by-step,
# SNLI labels of the same count.
[[ -f "$out/shuffled.jsonl" ]] || "$rs" generate --strategy shuffle --lists "$gen/directional.jsonl" \
  --output "$out/shuffled.jsonl" --shuffle-seed 7 --quiet
[[ -f "$out/snli-labels.jsonl" ]] || "$rs" snli-lists --data "$data" --count "$kept" --length \
  "$(( $(grep -m1 -o '"steps":[0-9]*' "$gen/directional.jsonl" | cut -d: -f2) + 1 ))" --output "$out/snli-labels.jsonl"
declare -A lists=([directional]="$gen/directional.jsonl" [shuffled]="$out/shuffled.jsonl"
                  [step-by-step]="$gen/step-by-step.jsonl" [snli-labels]="$out/snli-labels.jsonl")

[[ -f "$out/eval-before.json" ]] || { log "STS before"; "$rs" eval --data "$data" --tasks sts --output "$out/eval-before.json" --quiet; }
for arm in ${ARMS:-directional shuffled step-by-step snli-labels}; do
  for seed in "${seeds[@]}"; do
    model="$out/$arm.seed$seed"
    result="$out/eval-$arm.seed$seed.json"
    [[ -f "$result" ]] && continue
    log "$arm, seed $seed"
    resume=(); [[ -f "$model.train/last/state.json" ]] && resume=(--resume)
    "$rs" train --lists "${lists[$arm]}" --output "$model" --data "$data" --seed "$seed" --eval-every 16 --quiet \
      "${resume[@]}" > "$model.train.log" 2>&1
    "$rs" eval --model "$model" --data "$data" --tasks sts --output "$result" --label "$arm" --quiet
  done
done
# The last checkpoint too: when no STS-B dev evaluation beats the start,
# model selection keeps the starting weights, and only the last checkpoint
# shows what the lists did to the encoder.
for arm in ${ARMS:-directional shuffled step-by-step snli-labels}; do
  for seed in "${seeds[@]}"; do
    last="$out/$arm.seed$seed.train/last/model" result="$out/eval-$arm.seed$seed.last.json"
    [[ -f "$result" || ! -d "$last" ]] && continue
    log "$arm, seed $seed, last checkpoint"
    "$rs" eval --model "$last" --data "$data" --tasks sts --output "$result" --label "$arm (last)" --quiet
  done
done
for kind in best last; do
  for arm in directional shuffled step-by-step snli-labels; do
    suffix=""; if [[ $kind == last ]]; then suffix=.last; fi
    files=(); for seed in "${seeds[@]}"; do files+=("$out/eval-$arm.seed$seed$suffix.json"); done
    for f in "${files[@]}"; do [[ -f "$f" ]] || continue 2; done
    echo "## $arm, $kind checkpoint ($(grep -c '"rejected":null' "${lists[$arm]}") lists, seeds ${seeds[*]})"
    echo
    "$rs" eval --compare "$out/eval-before.json" "${files[@]}"
  done
done > "$out/summary.md"
cat "$out/summary.md"
