#!/usr/bin/env bash
# k-means of `ranksent select` against scikit-learn's KMeans (lloyd) on the
# same embeddings, the same K and the same iteration count (tol 0, so both
# run to the cap unless labels stop changing), 2 threads each, whole process
# timed; the embedding time of the first `select` run is reported apart.
#   bench/kmeans_vs_sklearn.sh [K] [ITERATIONS] [POOL_LINES]
# Defaults: K = 1000, 20 iterations, the whole Flickr30k caption pool.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/pins.env"; source "$root/scripts/env.sh"
data="${RANKSENT_DATA:-$root/../shared/data}"
rs="${RANKSENT_BUILD_DIR:-$root/build}/ranksent"
k="${1:-1000}" iters="${2:-20}" lines="${3:-0}" threads="${THREADS:-2}"
work="${WORK:-$(mktemp -d)}"
pool="$data/SNLI-train/flickr30k-premise-pool"
if [[ "$lines" -gt 0 ]]; then cat "$pool"/train.?.en | head -n "$lines" > "$work/pool.txt"; else cat "$pool"/*.en > "$work/pool.txt"; fi
select=("$rs" select --input "$work/pool.txt" --clusters "$k" --max-iterations "$iters" --tol 0 --threads "$threads"
        --quiet --output "$work/seeds.jsonl")
echo "pool: $(wc -l < "$work/pool.txt") lines; K = $k, $iters iterations, $threads threads"
"${select[@]}" | tee "$work/first.txt" | grep -E "premises|embeddings"   # fills the embedding cache
npy=$(ls "$work"/seeds.jsonl.cache/embeddings-*.npy)
ours=() ref=()
for round in $(seq "${ROUNDS:-2}"); do
  t0=$(date +%s.%N); "${select[@]}" > "$work/ours.txt"; t1=$(date +%s.%N)
  ours+=("$(echo "$t1 - $t0" | bc)")
  t0=$(date +%s.%N)
  OMP_NUM_THREADS="$threads" OPENBLAS_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads" \
    "$RANKSENT_VENV/bin/python" - "$npy" "$k" "$iters" > "$work/ref.txt" <<'PY'
import sys
import numpy as np
from sklearn.cluster import KMeans
x = np.load(sys.argv[1]).astype(np.float32)
km = KMeans(n_clusters=int(sys.argv[2]), init="k-means++", n_init=1, algorithm="lloyd", max_iter=int(sys.argv[3]),
            tol=0.0, random_state=0).fit(x)
print(f"sklearn: {km.n_iter_} iterations, inertia {km.inertia_:.6g}")
PY
  t1=$(date +%s.%N); ref+=("$(echo "$t1 - $t0" | bc)")
done
grep -h "k-means:" "$work/ours.txt"; cat "$work/ref.txt"
best() { printf '%s\n' "$@" | sort -g | head -n1; }
o=$(best "${ours[@]}") r=$(best "${ref[@]}")
echo "whole process, best of ${ROUNDS:-2}: ranksent select ${o} s, scikit-learn ${r} s; ratio (sklearn / ours) $(echo "scale=2; $r / $o" | bc)"
