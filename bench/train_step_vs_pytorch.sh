#!/usr/bin/env bash
# Time per post-training step (one 33-sentence list, default encoder, dropout
# on, same threads): ranksent against the same step in PyTorch Python
# (tests/reference/train_reference.py, vectorised ListMLE), in this one run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/pins.env"; source "$root/scripts/env.sh"
data="${RANKSENT_DATA:-$root/../shared/data}"
build="${RANKSENT_BUILD_DIR:-$root/build}"
model="$RANKSENT_CACHE/models/all-MiniLM-L6-v2"
threads="${THREADS:-2}" steps="${STEPS:-10}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
"$RANKSENT_VENV/bin/python" "$root/bench/snli_list.py" "$data/SNLI" "$work/list.json"
echo "list of $(python3 -c "import json,sys; print(len(json.load(open('$work/list.json'))))" ) sentences, threads=$threads, steps=$steps"
ours=() ref=()
for round in $(seq "${ROUNDS:-2}"); do
  ours+=("$("$build/bench/bench_train_step" --model "$model" --list "$work/list.json" --steps "$steps" --threads "$threads" | python3 -c 'import json,sys; print(json.load(sys.stdin)["seconds_per_step"])')")
  RANKSENT_THREADS="$threads" "$RANKSENT_VENV/bin/python" "$root/tests/reference/train_reference.py" step --model "$model" \
    --list "$work/list.json" --output-dir "$work/ref" --pooling mean --train-mode --vectorized --time-steps "$steps" 2>/dev/null
  ref+=("$(python3 -c "import json; print(json.load(open('$work/ref/result.json'))['seconds_per_step'])")")
  echo "round $round: ranksent ${ours[-1]} s/step | PyTorch ${ref[-1]} s/step"
done
python3 - "${#ours[@]}" "${ours[@]}" "${ref[@]}" <<'PY'
import sys
n = int(sys.argv[1]); ours = min(map(float, sys.argv[2:2 + n])); ref = min(map(float, sys.argv[2 + n:]))
print(f"best: ranksent {ours * 1000:.1f} ms/step, PyTorch {ref * 1000:.1f} ms/step")
print(f"ratio (PyTorch time / ranksent time): {ref / ours:.2f}x")
PY
