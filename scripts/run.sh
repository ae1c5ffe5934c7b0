#!/usr/bin/env bash
# README's main job: set up, build, then the pipeline end to end on the
# default models and the shipped sample data, writing to out/ (git-ignored):
# seeds -> ranking lists (directional decoding) -> list analysis -> STS
# before -> post-training on the kept lists -> STS after. One line per
# phase on the console; set-up and build logs go to out/logs/ (named when a
# step fails). A rerun resumes: finished lists and training are kept.
#
# Settings (environment): RANKSENT_LLM (tier or GGUF path; default
# qwen2.5-coder-1.5b), SEEDS (16), STEPS (8), THREADS (all), RANKSENT_DATA.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/out" logs="$root/out/logs"
mkdir -p "$logs"
llm="${RANKSENT_LLM:-qwen2.5-coder-1.5b}" seeds_n="${SEEDS:-16}" steps="${STEPS:-8}" threads="${THREADS:-0}"
data="${RANKSENT_DATA:-$root/../shared/data}"
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

tier_args=()
[[ "$llm" == */* || "$llm" == *.gguf ]] || [[ "$llm" == smollm2-135m ]] || tier_args=(--llm "$llm")
phase "set-up: dependencies and models into ${RANKSENT_CACHE:-~/.cache/ranksent} (log: out/logs/bootstrap.log)"
logged bootstrap bash "$root/scripts/bootstrap.sh" "${tier_args[@]}"
phase "build (log: out/logs/build.log)"
logged build bash "$root/scripts/build.sh"
rs="${RANKSENT_BUILD_DIR:-$root/build}/ranksent"
setup_s=$(( $(date +%s) - start ))
echo "set-up and build: ${setup_s} s"

phase "models: tiers, paths, sizes, sha256 checked"
"$rs" models | grep -E '^(llm|encoder)|\[(ok|MISMATCH)\]|not installed'

phase "seeds: the first $seeds_n distinct SNLI-train premises"
# Column 3 of the SNLI-train sample is the premise (awk alone: no pipe to break under pipefail).
awk -F'\t' -v n="$seeds_n" '!seen[$3]++ { print $3; if (++k == n) exit }' "$data/SNLI-train/cat/train.csv" > "$out/seeds.txt"
head -n 3 "$out/seeds.txt" | sed 's/^/  /'

phase "ranking lists: directional decoding (Eq. 3-4), $steps steps, $llm"
"$rs" generate --seeds "$out/seeds.txt" --output "$out/lists.jsonl" --model "$llm" --steps "$steps" \
  --parallel "$seeds_n" --threads "$threads" --stats "$out/generate.stats.json"
kept=$(grep -c '"rejected":null' "$out/lists.jsonl" || true)
echo "$kept of $(wc -l < "$out/lists.jsonl") lists kept by verification"
# The id of the first kept list, for the case study below.
first_kept=$(grep -m1 '"rejected":null' "$out/lists.jsonl" | grep -o '"id":[^,]*' | head -n1 | cut -d: -f2- || true)

phase "list analysis: monotonicity with the default encoder (Fig. 1), the first kept list (Table 5)"
case_study=(); [[ -n "$first_kept" ]] && case_study=(--case-study "$first_kept")
"$rs" analyze "$out/lists.jsonl" --output "$out/analysis" --heatmap-positions "$(( steps + 1 < 16 ? steps + 1 : 16 ))" \
  --quiet "${case_study[@]}"

phase "evaluation: the default encoder on STS12-16, STS-B, SICK-R (Table 1)"
"$rs" eval --data "$data" --tasks sts --output "$out/eval-before.json" --markdown "$out/eval-before.md" --quiet \
  > /dev/null
echo "STS avg before: $(grep -o '"avg": *[0-9.]*' "$out/eval-before.json" | head -n1 | grep -o '[0-9.]*$') (tables: out/eval-before.md)"

lists="$out/lists.jsonl" source="the $kept kept lists of $llm"
if [[ "$kept" -eq 0 ]]; then
  phase "verification kept none of the lists: training on 200 lists from SNLI's labels instead"
  lists="$out/snli-label-lists.jsonl" source="200 SNLI-label lists"
  "$rs" snli-lists --data "$data" --count 200 --output "$lists"
fi
phase "post-training the default encoder on $source (refined targets + ListMLE)"
resume=(); [[ -f "$out/model.train/last/state.json" ]] && resume=(--resume)
"$rs" train --lists "$lists" --output "$out/model" --data "$data" --eval-every 5 --quiet "${resume[@]}"
"$rs" eval --model "$out/model" --data "$data" --tasks sts --output "$out/eval-after.json" \
  --label "post-trained ($source)" --quiet

phase "before / after (Table 4)"
"$rs" eval --compare "$out/eval-before.json" "$out/eval-after.json"
echo
echo "lists: out/lists.jsonl; analysis: out/analysis/analysis.md; model: out/model"
echo "main job: $(( $(date +%s) - start - setup_s )) s after set-up and build"
