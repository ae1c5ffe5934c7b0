#!/usr/bin/env bash
# The generation study of docs/results/README.md for one model: on the same
# SNLI-train seeds, directional decoding with the default escape, the paper's
# exact decoder, step-by-step (ablation b) and single-step (ablation a); then
# the list analysis of the four side by side, with heatmaps and a case study.
# Every arm resumes where it stopped: rerun the same command to go on.
#   scripts/study/generation_study.sh OUT_DIR MODEL SEEDS STEPS [CASE_ID]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:?usage: generation_study.sh OUT_DIR MODEL SEEDS STEPS [CASE_ID]}" model="${2:?}" n="${3:?}" steps="${4:?}"
case_id="${5:-1}"
rs="${RANKSENT_BIN:-$root/build/ranksent}"
data="${RANKSENT_DATA:-$root/../shared/data}"
mkdir -p "$out"
awk -F'\t' -v n="$n" '!seen[$3]++ { print $3; if (++k == n) exit }' "$data/SNLI-train/cat/train.csv" > "$out/seeds.txt"
common=(--seeds "$out/seeds.txt" --model "$model" --steps "$steps" --threads "${THREADS:-2}" --quiet)
arm() { # name, options
  local name="$1"; shift
  echo "[study $(date +%T)] $name" >&2
  "$rs" generate "${common[@]}" --output "$out/$name.jsonl" --stats "$out/$name.stats.json" "$@"
}
# ARMS picks and orders the arms (all four by default); the analysis covers
# the arms whose files exist, once over each arm's kept lists and once over
# the seeds every arm kept.
for name in ${ARMS:-directional directional-paper-exact step-by-step single-step}; do
  case "$name" in
    directional) arm directional --parallel "${PARALLEL:-16}" ;;
    directional-paper-exact) arm directional-paper-exact --paper-exact --parallel "${PARALLEL:-16}" ;;
    step-by-step) arm step-by-step --strategy step-by-step --parallel "${PARALLEL:-16}" ;;
    single-step) arm single-step --strategy single-step --parallel "${PARALLEL:-16}" ;;
    *) echo "unknown arm $name" >&2; exit 2 ;;
  esac
done
files=()
for name in directional directional-paper-exact step-by-step single-step; do
  [[ -f "$out/$name.jsonl" ]] && files+=("$out/$name.jsonl")
done
echo "[study $(date +%T)] analysis" >&2
positions="$(( steps + 1 < 16 ? steps + 1 : 16 ))"
"$rs" analyze "${files[@]}" --output "$out/analysis" --case-study "$case_id" --quiet --heatmap-positions "$positions"
# The arms again on the seeds every arm kept (monotonicity on equal ground).
"$rs" analyze "${files[@]}" --output "$out/analysis-same-seeds" --same-seeds --quiet --heatmap-positions "$positions"
