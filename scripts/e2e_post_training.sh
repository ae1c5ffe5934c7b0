#!/usr/bin/env bash
# End to end on real data with the default models: seeds from SNLI-train
# premises, ranking lists from the default LLM (directional decoding),
# post-training of the default encoder, STS before and after.
#
#   scripts/e2e_post_training.sh [OUT_DIR]     (default out/e2e)
#
# Knobs (environment): SEEDS (200), STEPS (32), PARALLEL (16), THREADS (2),
# EVAL_EVERY (25), SEED (42), LLM (a GGUF instruct model; default: the
# default LLM). Every stage resumes where it stopped.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/out/e2e}"
data="${RANKSENT_DATA:-$root/../shared/data}"
rs="${RANKSENT_BUILD_DIR:-$root/build}/ranksent"
seeds="${SEEDS:-200}" steps="${STEPS:-32}" parallel="${PARALLEL:-16}" threads="${THREADS:-2}"
mkdir -p "$out"
say() { printf '\n== %s\n' "$*" >&2; }

say "seeds: the first $seeds distinct SNLI-train premises"
awk -F'\t' 'NF >= 3 && !seen[$3]++ {print $3}' "$data/SNLI-train/cat/train.csv" | head -n "$seeds" > "$out/seeds.txt" || true

say "ranking lists (directional, steps $steps)"
llm=(); [[ -n "${LLM:-}" ]] && llm=(--model "$LLM")
"$rs" generate --seeds "$out/seeds.txt" --output "$out/lists.jsonl" --steps "$steps" \
  --parallel "$parallel" --threads "$threads" --stats "$out/generate_stats.json" "${llm[@]}"

say "STS before"
[[ -f "$out/before.json" ]] || "$rs" eval --tasks sts --data "$data" --threads "$threads" \
  --output "$out/before.json" --label all-MiniLM-L6-v2 --quiet

say "post-training"
resume=(); [[ -f "$out/model.train/last/state.json" ]] && resume=(--resume)
"$rs" train --lists "$out/lists.jsonl" --output "$out/model" --data "$data" --threads "$threads" \
  --eval-every "${EVAL_EVERY:-25}" --seed "${SEED:-42}" "${resume[@]}"

say "STS after"
"$rs" eval --model "$out/model" --tasks sts --data "$data" --threads "$threads" \
  --output "$out/after.json" --label post-trained --quiet
"$rs" eval --compare "$out/before.json" "$out/after.json" | tee "$out/compare.md"
