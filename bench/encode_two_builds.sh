#!/usr/bin/env bash
# Two builds of ranksent (say, before and after a change) encoding the same
# sentences, alternating, so that both see the same machine: `ranksent encode`
# whole process and `bench_encode --repeat 1` (load excluded), per dtype and
# round; then how far each build's embeddings are from the first build's
# float32 ones.
#
#   bench/encode_two_builds.sh BUILD_A BUILD_B [SENTENCES]
#       THREADS=2 BATCH=64 ROUNDS=2 DTYPES="float32 bfloat16" MODEL=all-MiniLM-L6-v2
#
# SENTENCES defaults to the first 8,000 lines of MR (SentEval).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/pins.env"; source "$root/scripts/env.sh"
[[ $# -ge 2 ]] || { echo "usage: bench/encode_two_builds.sh BUILD_A BUILD_B [SENTENCES]" >&2; exit 2; }
builds=("$1" "$2")
for b in "${builds[@]}"; do
  [[ -x "$b/ranksent" && -x "$b/bench/bench_encode" ]] || { echo "encode_two_builds.sh: no ranksent build in $b" >&2; exit 2; }
done
model="${MODEL:-all-MiniLM-L6-v2}"
[[ -d "$model" ]] || model="$RANKSENT_CACHE/models/$model"
threads="${THREADS:-2}" batch="${BATCH:-64}" rounds="${ROUNDS:-2}" dtypes="${DTYPES:-float32 bfloat16}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
input="${3:-}"
if [[ -z "$input" ]]; then
  input="$work/sentences.txt"
  cat "${RANKSENT_DATA:-$root/../shared/data}"/MR/rt-polarity.* | iconv -f utf-8 -t utf-8 -c | awk 'NF' | head -n 8000 > "$input"
fi
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), threads=$threads, batch=$batch, $(wc -l < "$input") sentences"
echo "| round | dtype | build | whole process (s) | load excluded (s) |"
echo "| ---: | --- | --- | ---: | ---: |"
for r in $(seq "$rounds"); do
  for dtype in $dtypes; do
    for i in 0 1; do
      b="${builds[$i]}"
      t0=$(date +%s.%N)
      "$b/ranksent" encode --model "$model" --input "$input" --output "$work/$i-$dtype.npy" --batch-size "$batch" \
        --threads "$threads" --dtype "$dtype" 2> /dev/null
      whole=$(python3 -c "print(f'{$(date +%s.%N) - $t0:.2f}')")
      steady=$("$b/bench/bench_encode" --model "$model" --input "$input" --batch-size "$batch" --threads "$threads" \
        --dtype "$dtype" --repeat 1 --max-length 0 | python3 -c 'import json,sys; print("%.2f" % json.load(sys.stdin)["seconds"])')
      echo "| $r | $dtype | $b | $whole | $steady |"
    done
  done
done
"$RANKSENT_VENV/bin/python" - "$work" $dtypes <<'PY'
import sys
import numpy as np
work, dtypes = sys.argv[1], sys.argv[2:]
ref = np.load(f"{work}/0-{dtypes[0]}.npy")
cos = lambda x, y: (x * y).sum(1) / np.linalg.norm(x, axis=1) / np.linalg.norm(y, axis=1)
for d in dtypes:
    for i in (0, 1):
        e = np.load(f"{work}/{i}-{d}.npy")
        print(f"build {'AB'[i]} {d} vs build A {dtypes[0]}: max |diff| {np.abs(e - ref).max():.3g}, "
              f"min cosine {cos(e, ref).min():.6f}")
PY
