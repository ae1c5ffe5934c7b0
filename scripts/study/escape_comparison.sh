#!/usr/bin/env bash
# The fixed-point escapes side by side (docs/results/README.md, "Fixed-point
# escape"): the same SNLI-train seeds, the same model and steps, directional
# decoding with the paper's rules, with (a) the step-by-step instruction as
# its prompt, (b) resample and (c) avoid. Resumable: rerun to go on.
#   scripts/study/escape_comparison.sh OUT_DIR [MODEL] [SEEDS] [STEPS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:?usage: escape_comparison.sh OUT_DIR [MODEL] [SEEDS] [STEPS]}"
model="${2:-qwen2.5-coder-1.5b}" n="${3:-16}" steps="${4:-8}"
rs="${RANKSENT_BIN:-$root/build/ranksent}"
data="${RANKSENT_DATA:-$root/../shared/data}"
mkdir -p "$out"
# The first distinct SNLI-train premises (column 3).
awk -F'\t' -v n="$n" '!seen[$3]++ { print $3; if (++k == n) exit }' "$data/SNLI-train/cat/train.csv" > "$out/seeds.txt"
common=(--seeds "$out/seeds.txt" --model "$model" --steps "$steps" --parallel "${PARALLEL:-16}" --threads "${THREADS:-2}" --quiet)
arm() { # name, extra options
  local name="$1"; shift
  echo "[escape] $name" >&2
  "$rs" generate "${common[@]}" --output "$out/$name.jsonl" --stats "$out/$name.stats.json" "$@"
}
arm paper-exact --paper-exact
arm a-step-prompt --escape none --prompt step-by-step
arm b-resample --escape resample
arm c-avoid --escape avoid
