#!/usr/bin/env bash
# The generation engine against llama.cpp's own batched-decode ceiling for
# one model, in one script: `ranksent generate` (directional, full-length
# lists) at --parallel 1 and at --parallel W, then bench_llama_batch (bare
# llama_decode steps, one token in each of N sequences) at the same numbers
# of sequences (2 and 2W: c1 and c2 of every list). Prints generated
# tokens/s, the engine's evaluated tokens/s, the ceiling's, and their ratio.
#   bench/generate_vs_ceiling.sh [MODEL] [SEEDS] [STEPS] [W] [THREADS]
# WIDTHS="1 W" (the default) picks the --parallel values run; the ceiling is
# measured at 2x each. KEEP=DIR keeps the lists and their stats there
# (p<W>.jsonl, p<W>.json), e.g. to compare two builds' lists.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
model="${1:-qwen2.5-coder-1.5b}" seeds="${2:-16}" steps="${3:-8}" width="${4:-16}" threads="${5:-2}"
build="${RANKSENT_BUILD_DIR:-$root/build}"
py="${RANKSENT_CACHE:-$HOME/.cache/ranksent}/venv/bin/python"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
[[ -z "${KEEP:-}" ]] || mkdir -p "$KEEP"
path="$("$build/ranksent" models --no-hash | awk -v t="$model" '$1 == "llm" && $2 == t { getline; getline; getline; print $2 }')"
[[ -n "$path" ]] || path="$model"
awk -F'\t' -v n="$seeds" '!seen[$3]++ { print $3; if (++k == n) exit }' "$root/../shared/data/SNLI-train/cat/train.csv" > "$work/seeds.txt"
widths="${WIDTHS:-1 $width}"
for p in $widths; do
  echo "[bench] ranksent generate --parallel $p ($model, $seeds seeds x $steps steps)" >&2
  "$build/ranksent" generate --seeds "$work/seeds.txt" --output "$work/p$p.jsonl" --model "$path" --steps "$steps" \
    --parallel "$p" --threads "$threads" --stats "$work/p$p.json" --quiet --escape none --no-hygiene \
    --allow-consecutive-duplicates --max-new-tokens 48
  [[ -z "${KEEP:-}" ]] || cp "$work/p$p.jsonl" "$work/p$p.json" "$KEEP/"
done
seqs="$(for p in $widths; do printf '%s|' $((2 * p)); done)"
echo "[bench] bench_llama_batch at ${seqs%|} sequences" >&2
RANKSENT_LLM="$path" "$build/bench/bench_llama_batch" --benchmark_format=json \
  --benchmark_filter="BM_DecodeStep/sequences:(${seqs%|})/threads:$threads/" > "$work/ceiling.json"
"$py" - "$work" $widths <<'PY'
import json, sys, os
work, widths = sys.argv[1], [int(w) for w in sys.argv[2:]]
ceiling = {}
for b in json.load(open(os.path.join(work, "ceiling.json")))["benchmarks"]:
    n = int(b["name"].split("sequences:")[1].split("/")[0])
    ceiling[n] = b["tokens/s"]
print("| --parallel | sequences | generated tokens/s | evaluated tokens/s | llama.cpp ceiling tokens/s | ratio | time in llama_decode | llama_decode calls | forward passes a call | one-token rows a pass | prompt tokens a call |")
print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for p in widths:
    s = json.load(open(os.path.join(work, f"p{p}.json")))
    gen = s["generated_tokens"] / s["engine_seconds"]
    ev = s["evaluated_tokens"] / s["engine_seconds"]
    c = ceiling[2 * p]
    calls, passes = s["decode_calls"], s.get("ubatches", 0)
    rows = s["evaluated_tokens"] - s["prompt_tokens"]  # one token a context a step; the ceiling's rows
    per_pass = f"{rows / passes:.1f}" if passes else "-"
    print(f"| {p} | {2 * p} | {gen:.1f} | {ev:.1f} | {c:.1f} | {ev / c:.2f} | {s['decode_seconds'] / s['engine_seconds']:.1%} "
          f"| {calls} | {passes / calls:.2f} | {per_pass} | {s['prompt_tokens'] / calls:.1f} |")
PY
