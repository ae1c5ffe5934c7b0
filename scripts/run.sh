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

say "ranking lists: directional decoding (Eq. 3-4) for 4 SNLI-train premises"
seeds="$root/out/seeds-sample.txt"
# Column 3 of the SNLI-train sample is the premise (awk alone: no pipe to break under pipefail).
awk -F'\t' '!seen[$3]++ { print $3; if (++n == 4) exit }' "$data/SNLI-train/cat/train.csv" > "$seeds"
"$rs" generate --seeds "$seeds" --output "$root/out/lists.jsonl" --steps 32 --parallel 4 --threads 1 --quiet
kept=$(grep -c '"rejected":null' "$root/out/lists.jsonl" || true)
echo "$(wc -l < "$root/out/lists.jsonl") lists in out/lists.jsonl, $kept kept by verification; first record:"
head -n 1 "$root/out/lists.jsonl"

say "evaluation: the default encoder on STS12-16, STS-B, SICK-R (the paper's Table 1)"
"$rs" eval --data "$data" --tasks sts --output "$root/out/eval-default-sts.json" \
  --markdown "$root/out/eval-default-sts.md"

lists="$root/out/lists.jsonl" source="the kept lists"
if [[ "$kept" -eq 0 ]]; then
  say "verification kept none of these lists (the 135M default LLM mostly repeats its input;"
  echo "see docs/generation.md; a real instruct model writes usable ones, e.g."
  echo "  ranksent generate --model Llama-3-8B-Instruct.Q4_K_M.gguf --seeds ... --output lists.jsonl)."
  echo "The post-training stage runs on 200 lists from SNLI's human labels instead"
  echo "(scripts/snli_label_lists.sh: premise > entailment > neutral > contradiction > others)."
  lists="$root/out/snli-label-lists.jsonl" source="200 SNLI-label lists"
  RANKSENT_DATA="$data" bash "$root/scripts/snli_label_lists.sh" 200 "$lists"
fi
say "post-training the default encoder on $source (refined targets + ListMLE)"
resume=(); [[ -f "$root/out/model.train/last/state.json" ]] && resume=(--resume)
"$rs" train --lists "$lists" --output "$root/out/model" --data "$data" --eval-every 50 "${resume[@]}"
"$rs" eval --model "$root/out/model" --data "$data" --tasks sts --output "$root/out/eval-trained-sts.json" \
  --label "post-trained ($source)" --quiet
"$rs" eval --compare "$root/out/eval-default-sts.json" "$root/out/eval-trained-sts.json"
