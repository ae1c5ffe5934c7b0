#!/usr/bin/env bash
# The Python package's encode against the program's, on the same 10,000 STS
# sentences, model, batch size, dtype and thread count, in this one run:
# `ranksent encode` (its encode phase, from --profile) against
# `ranksent.Encoder(...).encode(...)` timed inside Python (the model loaded
# beforehand, as in a notebook). Target: Python within 5% of the program.
# Also checks that the two embeddings are equal bit for bit.
#
#   bench/python_encode_vs_cli.sh [MODEL]     (default all-minilm-l6-v2)
#
# COUNT, BATCH, THREADS, DTYPE and ROUNDS override the settings.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/pins.env"; source "$root/scripts/env.sh"
data="${RANKSENT_DATA:-$root/../shared/data}"
build="${RANKSENT_BUILD_DIR:-$root/build}"
model="${1:-all-minilm-l6-v2}"
threads="${THREADS:-2}" batch="${BATCH:-64}" count="${COUNT:-10000}" dtype="${DTYPE:-float32}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
cat "$data"/STS1[2-6]/STS.input.*.txt "$data"/STSBenchmark/sts-*.csv 2>/dev/null \
  | awk -F'\t' -v max="$count" 'function out(s) { if (n < max) { print s; n++ } }
                                  NF==2 {out($1); out($2)} NF>=7 {out($6); out($7)}' > "$work/sentences.txt"
echo "model=$model sentences=$(wc -l < "$work/sentences.txt") batch=$batch threads=$threads dtype=$dtype"
"$build/ranksent" version 2>/dev/null | grep '^CPU' || true
cli=() py=()
for round in $(seq "${ROUNDS:-3}"); do
  # --profile's table: the total less reading, loading and writing = the encode call.
  prof="$("$build/ranksent" encode --model "$model" --input "$work/sentences.txt" --output "$work/cli.npy" \
    --batch-size "$batch" --threads "$threads" --dtype "$dtype" --profile 2>&1)"
  cli+=("$(awk -F'|' '/^\| total / {t = $3} /^\| (read input|load model|write output) / {o += $3} END {print t - o}' <<< "$prof")")
  py+=("$(PYTHONPATH="$build/python" "$RANKSENT_VENV/bin/python" - "$model" "$work/sentences.txt" "$batch" "$threads" \
    "$dtype" "$work/py.npy" <<'PY'
import sys, time
import numpy as np
import torch
import ranksent
model, path, batch, threads, dtype, out = sys.argv[1:]
torch.set_num_threads(int(threads))  # the same LibTorch pool the C++ core uses
sentences = open(path, encoding="utf-8").read().split("\n")[:-1]
enc = ranksent.Encoder(model, dtype=dtype)
t = time.perf_counter()
e = enc.encode(sentences, batch_size=int(batch))
print(f"{time.perf_counter() - t:.3f}")
np.save(out, e)
PY
)")
  echo "round $round: program encode ${cli[-1]} s | python encode ${py[-1]} s"
done
"$RANKSENT_VENV/bin/python" - "$work" "${#cli[@]}" "${cli[@]}" "${py[@]}" <<'PY'
import sys
import numpy as np
work, n = sys.argv[1], int(sys.argv[2])
same = "equal bit for bit" if np.array_equal(np.load(f"{work}/cli.npy"), np.load(f"{work}/py.npy")) else "DIFFERENT"
cli = min(float(x) for x in sys.argv[3:3 + n])
py = min(float(x) for x in sys.argv[3 + n:])
print(f"best of {n}: program {cli:.2f} s, python {py:.2f} s: python / program = {py / cli:.3f} (target <= 1.05); embeddings {same}")
PY
