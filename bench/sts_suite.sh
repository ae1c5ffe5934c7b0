#!/usr/bin/env bash
# Wall time of the full STS suite (STS12-16, STS-B, SICK-R) for an encoder
# (default: the default encoder): `ranksent eval --tasks sts` against the reference stack
# (sentence-transformers + scipy, tests/reference/sts_reference.py), run one
# after the other in the same invocation with the same thread count; prints
# both times, the ratio, and the largest Spearman difference.
#   bench/sts_suite.sh [DATA_DIR] [THREADS] [MODEL]   (defaults: ../shared/data, all cores, all-MiniLM-L6-v2)
# MODEL: a model directory or the folder name of an installed model in
# $RANKSENT_CACHE/models (all-mpnet-base-v2). KEEP=DIR keeps both results
# files there (ranksent.json, reference.json). DTYPE=bfloat16|auto runs
# ranksent in that dtype (the reference stays in float32, as a user runs it).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${1:-$root/../shared/data}"
threads="${2:-0}"
cache="${RANKSENT_CACHE:-$HOME/.cache/ranksent}"
py="$cache/venv/bin/python"
model="${3:-all-MiniLM-L6-v2}"
[[ -d "$model" ]] || model="$cache/models/$model"
[[ -f "$model/model.safetensors" ]] || { echo "no model.safetensors in $model" >&2; exit 2; }
rs="${RANKSENT_BUILD_DIR:-$root/build}/ranksent"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

now() { date +%s.%N; }
t0=$(now)
"$rs" eval --quiet --model "$model" --data "$data" --tasks sts --threads "$threads" --dtype "${DTYPE:-float32}" \
  --output "$out/ours.json" >/dev/null
t1=$(now)
"$py" "$root/tests/reference/sts_reference.py" --model "$model" --data "$data" --threads "$threads" \
  --output "$out/ref.json" >/dev/null
t2=$(now)
if [[ -n "${KEEP:-}" ]]; then
  mkdir -p "$KEEP"
  cp "$out/ours.json" "$KEEP/ranksent.json"
  cp "$out/ref.json" "$KEEP/reference.json"
fi
"$py" - "$out/ours.json" "$out/ref.json" "$t0" "$t1" "$t2" "$(basename "$model")" "${DTYPE:-float32}" <<'PY'
import json, sys
ours, ref = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
t0, t1, t2 = map(float, sys.argv[3:6])
tasks = ["STS12", "STS13", "STS14", "STS15", "STS16", "STSBenchmark", "SICKRelatedness"]
worst = max(abs(ours["sts"][t]["spearman"] - ref[t]["spearman"]) for t in tasks)
a, b = t1 - t0, t2 - t1
print(f"STS suite, {ours['timing']['sentences_embedded']} sentences, {sys.argv[6]}")
print(f"  ranksent eval (C++/LibTorch, {sys.argv[7]}): {a:7.1f} s   avg {ours['sts']['avg']:.4f}")
print(f"  sentence-transformers + scipy (Python): {b:7.1f} s   avg {ref['avg']:.4f}")
print(f"  ratio reference / ranksent: {b / a:.2f}x   largest |Spearman diff| {worst:.2e}")
PY
