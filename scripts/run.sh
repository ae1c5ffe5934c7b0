#!/usr/bin/env bash
# README's main job: set up, build, then the demo study end to end on the
# default models and the shipped sample data: `ranksent run examples/demo.toml`
# (seed selection -> ranking lists with directional decoding -> list analysis
# -> evaluation before -> post-training on the kept lists -> evaluation after
# -> report), writing to out/demo (git-ignored). One line per phase on the
# console; set-up and build logs go to out/logs/ (named when a step fails).
# A rerun skips what is done and resumes what was interrupted.
#
# Settings (environment): STUDY (another study file; docs/study.md),
# RANKSENT_DATA (the data folder), RANKSENT_CACHE.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
logs="$root/out/logs"
mkdir -p "$logs"
study="${STUDY:-$root/examples/demo.toml}"
start=$(date +%s)
phase() { printf '\n[%s] %s\n' "$(date +%T)" "$*"; }
logged() { # name command...: output to out/logs/name.log; on failure its tail and path
  local log="$logs/$1.log"; shift
  if ! "$@" > "$log" 2>&1; then
    tail -n 25 "$log" >&2
    echo "run.sh: failed; the whole log is $log" >&2
    exit 1
  fi
}

# The LLM tiers the study names beyond the default one are installed too.
tier_args=()
for tier in $(sed -n 's/^model *= *"\([a-z0-9.-]*\)".*/\1/p' "$study" | sort -u); do
  [[ "$tier" == smollm2-135m || "$tier" == default ]] || tier_args+=(--llm "$tier")
done
# So are the encoder tiers it names as teachers ("--teacher", "all-mpnet-base-v2").
for tier in $(grep -o '"--teacher", *"[a-z0-9.-]*"' "$study" | sed 's/.*"\([a-z0-9.-]*\)"$/\1/' | sort -u); do
  tier_args+=(--encoder "$tier")
done
phase "set-up: dependencies and models into ${RANKSENT_CACHE:-~/.cache/ranksent} (log: out/logs/bootstrap.log)"
logged bootstrap bash "$root/scripts/bootstrap.sh" "${tier_args[@]}"
phase "build of the program (log: out/logs/build.log; the tests and benchmarks are built by scripts/test.sh)"
RANKSENT_BUILD_TARGETS=ranksent logged build bash "$root/scripts/build.sh"
rs="${RANKSENT_BUILD_DIR:-$root/build}/ranksent"
setup_s=$(( $(date +%s) - start ))
echo "set-up and build: ${setup_s} s"

phase "models: tiers, paths, sizes, sha256 checked"
"$rs" models | grep -E '^(llm|encoder)|\[(ok|MISMATCH)\]|not installed'

phase "study: $("$rs" run "$study" --dry-run | head -n1)"
name="$(sed -n 's/^name *= *"\(.*\)".*/\1/p' "$study" | head -n1)"
# run's stdout is its closing table and the report's path: printed last.
"$rs" run "$study" --output "$root/out/$name" > "$logs/run-summary.txt"
analysis="$root/out/$name/analyze/analysis.md"
lists="$root/out/$name/generate-directional/directional.jsonl"
if [[ -f "$lists" && -f "$analysis" ]]; then
  phase "kept lists: $(grep -c '"rejected":null' "$lists" || true) of $(wc -l < "$lists"); Table 5's case study of the first seed"
  awk '/^Case study/ { p = 1 } p { print } p && /^\|/ { t = 1 } t && /^$/ { exit }' "$analysis"
fi
echo "main job: $(( $(date +%s) - start - setup_s )) s after set-up and build"
cat "$logs/run-summary.txt"
# The shipped-lists arm (examples/demo.toml) and what the order study measured
# for the same recipe, over its training seeds (docs/results/order-study).
shipped="$root/docs/results/order-study/directional.jsonl"
if grep -q 'lists_file = "../docs/results/order-study/directional.jsonl"' "$study"; then
  phase "directional-514: post-trained on the $(grep -c '"rejected":null' "$shipped") kept lists shipped in docs/results/order-study (written by \`ranksent generate\`: Qwen2.5-Coder-1.5B, directional, the default escape, 16 steps; scripts/study/order_study_lists.sh)"
  echo "The order study, the same recipe (all-mpnet-base-v2 teacher, the saved checkpoint) minus the start, STS avg over training seeds 42, 1, 2 (t interval, 2 df):"
  grep -F -m1 '| directional, MPNet |' "$root/docs/results/order-study/README.md" |
    awk -F'|' '{ gsub(/^ +| +$/, "", $3); printf "  %s", $3 }'
  awk -F, '$1 == "start" { s = $4 } $1 == "directional-mpnet" && $2 == 42 && $3 == "model" { d = $4 }
    END { printf "  (seed 42 alone: %+.2f; docs/results/order-study/per-seed-sts.csv)\n", d - s }' \
    "$root/docs/results/order-study/per-seed-sts.csv"
fi
