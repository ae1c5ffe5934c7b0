#!/usr/bin/env bash
# CI as CI runs it, from a fresh clone of this checkout's HEAD in a temporary
# folder with the shared data beside it (../shared, a link to this checkout's
# ../shared or to $RANKSENT_DATA/..), so the data tests run instead of
# skipping: `CI=true bash .ci/run` there, its log kept beside the clone.
#
#   scripts/ci_from_clone.sh [DIR]     DIR: where to clone (default: a new mktemp -d)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${RANKSENT_DATA:-$root/../shared/data}"
[[ -d "$data/STSBenchmark" ]] || { echo "ci_from_clone.sh: no shared data at $data (set RANKSENT_DATA)" >&2; exit 2; }
dir="${1:-$(mktemp -d)}"
mkdir -p "$dir"
git clone -q "$root" "$dir/ranksent"
ln -sfn "$(cd "$data/.." && pwd)" "$dir/shared"
echo "clone: $dir/ranksent at $(git -C "$dir/ranksent" rev-parse --short HEAD), shared data: $dir/shared/data" >&2
cd "$dir/ranksent"
start=$(date +%s)
rc=0
CI=true bash .ci/run 2>&1 | tee "$dir/ci.log" || rc=$?
echo "ci_from_clone.sh: rc=$rc in $(( $(date +%s) - start )) s; log $dir/ci.log" >&2
exit "$rc"
