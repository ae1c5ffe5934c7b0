"""The benchmarks' 33-sentence list from real SNLI data: a premise, its
entailment, neutral and contradiction hypotheses, then 29 other premises.
    python bench/snli_list.py SNLI_DIR OUT.json"""
import json
import sys

d = sys.argv[1]
s1 = [l.strip() for l in open(f"{d}/s1.dev")]
s2 = [l.strip() for l in open(f"{d}/s2.dev")]
lab = [l.strip() for l in open(f"{d}/labels.dev")]
g = {}
for a, b, l in zip(s1, s2, lab):
    g.setdefault(a, {})[l] = b
full = [(p, h) for p, h in g.items() if len(h) == 3]
p, h = full[0]
lst = [p, h["entailment"], h["neutral"], h["contradiction"]] + [q for q, _ in full[1:30]]
json.dump(lst[:33], open(sys.argv[2], "w"))
