#!/usr/bin/env bash
# The lists of the order study (examples/order-study.toml; docs/results,
# "Does the order of a list matter?"): seeds by k-means over the SNLI-train
# premises, leaving out every seed docs/results used before; then directional
# lists by Qwen2.5-Coder-1.5B, 16 steps, resumable, at low priority so the
# machine stays usable. Rerun the same command to go on after a stop; commit
# docs/results/order-study/directional.jsonl as it grows (each line is one
# finished list).
#   scripts/study/order_study_lists.sh [SEEDS]     (SEEDS: clusters, one seed each; default 600)
# ORDER_STUDY_THREADS=1 keeps generation on one core beside other work (one
# thread never waits at ggml's thread barrier, so it degrades gracefully).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
n="${1:-600}"
out="$root/docs/results/order-study"
rs="${RANKSENT_BIN:-$root/build/ranksent}"
data="${RANKSENT_DATA:-$root/../shared/data}"
mkdir -p "$out"
log() { echo "[order-study $(date +%T)] $*" >&2; }
if [[ ! -f "$out/seeds.jsonl" ]]; then
  log "seeds: k-means (K = $n, one seed a cluster) over SNLI-train premises"
  "$rs" select --input "$data/SNLI-train/cat/train.csv" --column 3 \
    --exclude "$root/docs/results/study-qwen/seeds.txt" "$root/docs/results/study-smollm2/seeds.txt" \
    "$root/docs/results/escape/seeds.txt" --clusters "$n" --per-cluster 1 --seed 0 --output "$out/seeds.jsonl"
fi
log "directional lists (resumable): $out/directional.jsonl"
nice -n 19 "$rs" generate --model qwen2.5-coder-1.5b --seeds "$out/seeds.jsonl" --steps 16 --parallel 16 --threads "${ORDER_STUDY_THREADS:-0}" \
  --output "$out/directional.jsonl" --stats "$out/directional.stats.json"
