#!/usr/bin/env bash
# Ranking lists from SNLI's human labels instead of an LLM, in the format of
# `ranksent generate` (strategy "snli-labels"): premise, its entailment,
# neutral and contradiction hypotheses, then other premises; an order of
# decreasing similarity to the premise. For exercising `ranksent train`
# where no LLM at hand writes usable lists (docs/results/README.md).
#
#   scripts/snli_label_lists.sh COUNT OUT.jsonl [LENGTH]   (LENGTH default 8)
#
# Reads SNLI dev (../shared/data/SNLI/{s1,s2,labels}.dev, or $RANKSENT_DATA);
# premises (consecutive lines) with exactly the three labels, in file order,
# the first hypothesis of each label; the other premises of list i are those
# of lists i+7, i+14, ... (mod the number of such premises).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${RANKSENT_DATA:-$root/../shared/data}/SNLI"
[[ $# -ge 2 ]] || { echo "usage: $0 COUNT OUT.jsonl [LENGTH]" >&2; exit 2; }
count="$1" out="$2" length="${3:-8}"
for f in s1.dev s2.dev labels.dev; do
  [[ -f "$data/$f" ]] || { echo "$0: $data/$f: not found" >&2; exit 2; }
done
tmp="$(mktemp "$out.XXXXXX")"
trap 'rm -f "$tmp"' EXIT
paste -d '\t' "$data/labels.dev" "$data/s1.dev" "$data/s2.dev" | awk -F'\t' -v count="$count" -v length_="$length" '
  function clean(s) { sub(/[ \r]+$/, "", s); return s }
  function esc(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); return "\"" s "\"" }
  {
    p = clean($2); lab = clean($1)
    if (p != last) { n++; prem[n] = p; last = p }
    if (!((n, lab) in hyp)) { hyp[n, lab] = clean($3); labels[n]++ }  # the first hypothesis of each label
  }
  END {
    for (i = 1; i <= n; i++)  # exactly the three labels
      if (labels[i] == 3 && (i, "entailment") in hyp && (i, "neutral") in hyp && (i, "contradiction") in hyp) full[++m] = i
    for (k = 1; k <= m && k <= count; k++) {
      g = full[k]
      s = esc(prem[g]) "," esc(hyp[g, "entailment"]) "," esc(hyp[g, "neutral"]) "," esc(hyp[g, "contradiction"])
      for (j = 1; 4 + j <= length_; j++) s = s "," esc(prem[full[(k - 1 + 7 * j) % m + 1]])
      printf "{\"id\":%d,\"seed\":%s,\"sentences\":[%s],\"strategy\":\"snli-labels\",\"steps\":%d,\"rejected\":null}\n", \
        k - 1, esc(prem[g]), s, length_ - 1
    }
  }' > "$tmp"
mv "$tmp" "$out"
trap - EXIT
echo "$out: $(wc -l < "$out") lists of $length sentences" >&2
