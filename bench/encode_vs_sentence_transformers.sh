#!/usr/bin/env bash
# Sentences per second encoding 10,000 STS sentences with an encoder:
# ranksent (LibTorch) against sentence-transformers `encode`, same sentences,
# batch size, max length and thread count, in this one run. Prints the ratio.
#
#   bench/encode_vs_sentence_transformers.sh [MODEL]
#
# MODEL: a model directory or the folder name of an installed model in
# $RANKSENT_CACHE/models (all-mpnet-base-v2); default all-MiniLM-L6-v2.
# COUNT, BATCH, MAX_LENGTH, THREADS and ROUNDS override the settings.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/pins.env"; source "$root/scripts/env.sh"
data="${RANKSENT_DATA:-$root/../shared/data}"
build="${RANKSENT_BUILD_DIR:-$root/build}"
model="${1:-all-MiniLM-L6-v2}"
[[ -d "$model" ]] || model="$RANKSENT_CACHE/models/$model"
[[ -f "$model/model.safetensors" ]] || { echo "no model.safetensors in $model" >&2; exit 2; }
threads="${THREADS:-2}" batch="${BATCH:-64}" maxlen="${MAX_LENGTH:-256}" count="${COUNT:-10000}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
# Both sentences of every STS12-16 / STS-B pair, first $count lines.
cat "$data"/STS1[2-6]/STS.input.*.txt "$data"/STSBenchmark/sts-*.csv 2>/dev/null \
  | awk -F'\t' -v max="$count" 'function out(s) { if (n < max) { print s; n++ } }
                                  NF==2 {out($1); out($2)} NF>=7 {out($6); out($7)}' > "$work/sentences.txt"
n=$(wc -l < "$work/sentences.txt")
echo "model=$model sentences=$n batch=$batch max_length=$maxlen threads=$threads"
args=(--input "$work/sentences.txt" --batch-size "$batch" --max-length "$maxlen" --threads "$threads" --repeat 1)
# Alternate the two, rounds times, and keep each one's best, so that a load
# change on the machine during the run hits both alike.
ours=() ref=()
for round in $(seq "${ROUNDS:-3}"); do
  ours+=("$("$build/bench/bench_encode" --model "$model" "${args[@]}")")
  ref+=("$("$RANKSENT_VENV/bin/python" "$root/bench/encode_reference.py" --model "$model" "${args[@]}" 2>/dev/null)")
  echo "round $round: ranksent ${ours[-1]} | sentence-transformers ${ref[-1]}"
done
"$RANKSENT_VENV/bin/python" - "${#ours[@]}" "${ours[@]}" "${ref[@]}" <<'PY'
import json, sys
n = int(sys.argv[1])
ours = max(json.loads(x)["per_second"] for x in sys.argv[2:2 + n])
ref = max(json.loads(x)["per_second"] for x in sys.argv[2 + n:])
print(f"best: ranksent {ours:.1f} sentences/s, sentence-transformers {ref:.1f} sentences/s")
print(f"ratio (ranksent / sentence-transformers): {ours / ref:.2f}x")
PY
