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

data="${RANKSENT_DATA:-$root/../shared/data}"
mkdir -p "$root/out"
if [[ -d "$data" ]]; then
  say "evaluation: the default encoder on STS12-16, STS-B, SICK-R (the paper's Table 1)"
  "$rs" eval --data "$data" --tasks sts --output "$root/out/eval-default-sts.json" \
    --markdown "$root/out/eval-default-sts.md"
else
  say "evaluation skipped: no data folder at $data (set RANKSENT_DATA)"
fi
