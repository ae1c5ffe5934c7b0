#!/usr/bin/env bash
# The generation engine's own work per generated token, outside llama_decode,
# where a GPU would leave nothing else on the host: directional decoding with
# the Qwen2.5 vocabulary (151,936 entries) on a model whose decoding costs
# little, so that what is measured is the engine's per-step work over the
# vocabulary (reading logits, Eq. 4's argmax, sentence rules, batch and KV
# bookkeeping), split into its parts, beside llama_decode's time on the same
# batches.
#
#   bench/engine_host_work.sh [--baseline BIN] [--seeds N] [--steps S] [--parallel "16 64 127"]
#                             [--threads "1 2"] [--eog-scale K] [--repeat R]
#
# The model: scripts/gpu/make_models.py gguf --shape proxy-qwen2 (one layer,
# 64 wide, float32; Qwen2.5's tokenizer and chat template from llama.cpp's
# models/ggml-vocab-qwen2.gguf), its end-of-generation rows scaled by K
# (default 3) so that random weights end sentences after about a dozen
# tokens and lists reach the two-context steps. Made once into the cache.
# Each run: `generate --strategy directional --paper-exact` of the first N
# distinct SNLI dev premises (default 128), S steps (default 4), --stats; with
# --baseline, the same runs of another build's binary (e.g. one built from
# an earlier commit) right after each run of this one, and the ratio of
# their host time per generated token. R repeats (default 1) keep each
# configuration's fastest run. Prints a Markdown table; KEEP=DIR keeps the
# lists and stats.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/pins.env"
source "$root/scripts/env.sh"
build="${RANKSENT_BUILD_DIR:-$root/build}"
baseline="" seeds=128 steps=4 parallels="16 64 127" threads="1 2" eog=3 repeat=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --baseline) baseline="$2"; shift 2 ;;
    --seeds) seeds="$2"; shift 2 ;;
    --steps) steps="$2"; shift 2 ;;
    --parallel) parallels="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --eog-scale) eog="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    -h | --help) sed -n '2,26p' "$0"; exit 0 ;;
    *) echo "engine_host_work.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
py="$RANKSENT_VENV/bin/python"
src="$RANKSENT_CACHE/src/llama.cpp-$LLAMA_CPP_COMMIT"
model="$RANKSENT_CACHE/models/bench/proxy-qwen2-eog$eog.gguf"
if [[ ! -f "$model" ]]; then
  mkdir -p "$(dirname "$model")"
  PYTHONPATH="$src/gguf-py" "$py" "$root/scripts/gpu/make_models.py" gguf --shape proxy-qwen2 \
    --vocab "$src/models/ggml-vocab-qwen2.gguf" --eog-scale "$eog" --output "$model.part" >&2
  mv "$model.part" "$model"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
awk -v n="$seeds" '{ sub(/[ \t\r]+$/, "") } !seen[$0]++ { print; if (++k == n) exit }' \
  "$root/../shared/data/SNLI/s1.dev" > "$work/seeds.txt"

run() { # label binary parallel threads repeat
  local out="$work/$1-p$3-t$4-r$5"
  rm -f "$out.jsonl" "$out.json"
  "$2" generate --seeds "$work/seeds.txt" --model "$model" --strategy directional --paper-exact --steps "$steps" \
    --parallel "$3" --threads "$4" --output "$out.jsonl" --stats "$out.json" --quiet
  [[ -z "${KEEP:-}" ]] || { mkdir -p "$KEEP"; cp "$out.jsonl" "$out.json" "$KEEP/"; }
}
for r in $(seq 1 "$repeat"); do
  for t in $threads; do
    for p in $parallels; do
      echo "[bench] --parallel $p --threads $t (run $r of $repeat)" >&2
      run new "$build/ranksent" "$p" "$t" "$r"
      [[ -z "$baseline" ]] || run baseline "$baseline" "$p" "$t" "$r"
    done
  done
done
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'); model: $(basename "$model"); $seeds seeds x $steps steps"
"$py" "$root/bench/engine_host_work_table.py" "$work" "$parallels" "$threads" "$repeat"
