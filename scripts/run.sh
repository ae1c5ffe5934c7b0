#!/usr/bin/env bash
# README's main job: set up, build, then run the pipeline end to end on the
# default models and the shipped sample data. What runs today is listed in
# README.md; outputs go to out/ (git-ignored).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/bootstrap.sh"
bash "$root/scripts/build.sh"
rs="${RANKSENT_BUILD_DIR:-$root/build}/ranksent"
say() { printf '\n== %s\n' "$*"; }

say "default models (paths, sizes, sha256 checked)"
"$rs" models
say "the LLM: one greedy completion through its chat template"
"$rs" complete --max-new-tokens 32 \
  --prompt "Write a sentence that is entailment with: A man is playing a guitar on stage."
say "the encoder's tokenizer on a sentence"
"$rs" tokenize --text "A man is playing a guitar on stage."
say "ranking lists: directional decoding (Eq. 3-4) for 4 SNLI-train premises"
mkdir -p "$root/out"
seeds="$root/out/seeds-sample.txt"
# Column 3 of the SNLI-train sample is the premise (awk alone: no pipe to break under pipefail).
awk -F'\t' '!seen[$3]++ { print $3; if (++n == 4) exit }' "$root/../shared/data/SNLI-train/cat/train.csv" > "$seeds"
"$rs" generate --seeds "$seeds" --output "$root/out/lists.jsonl" --steps 32 --parallel 4 --threads 1 --quiet
kept=$(grep -c '"rejected":null' "$root/out/lists.jsonl" || true)
echo "$(wc -l < "$root/out/lists.jsonl") lists in out/lists.jsonl, $kept kept by verification; first record:"
head -n 1 "$root/out/lists.jsonl"

data="${RANKSENT_DATA:-$root/../shared/data}"
mkdir -p "$root/out"
if [[ -d "$data" ]]; then
  say "evaluation: the default encoder on STS12-16, STS-B, SICK-R (the paper's Table 1)"
  "$rs" eval --data "$data" --tasks sts --output "$root/out/eval-default-sts.json" \
    --markdown "$root/out/eval-default-sts.md"
else
  say "evaluation skipped: no data folder at $data (set RANKSENT_DATA)"
fi
