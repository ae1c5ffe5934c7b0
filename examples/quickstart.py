"""ranksent from Python, end to end in about two minutes on 2 cores:
generate a few ranking lists, post-train an encoder for a few steps, evaluate
it before and after, and embed with the result.

    ~/.cache/ranksent/venv/bin/python examples/quickstart.py [OUT]

The lists written here show generation working (the 135M model, 8 steps);
training reads the 514 kept lists shipped in docs/results/order-study, which
`ranksent generate` wrote with Qwen2.5-Coder-1.5B (docs/results/README.md):
a handful of fresh lists moves a student by a hundredth of a point.
"""
import pathlib
import sys

import ranksent

root = pathlib.Path(__file__).resolve().parents[1]
out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else root / "out" / "quickstart")
out.mkdir(parents=True, exist_ok=True)

seeds = [
    "A man is playing a guitar on a crowded street.",
    "Two children are building a sandcastle on the beach.",
    "A woman slices vegetables in a small kitchen.",
    "A dog catches a frisbee in the park.",
]
lists = ranksent.generate(seeds, model="smollm2-135m", steps=8, output=str(out / "lists.jsonl"))
kept = [r for r in lists if r["rejected"] is None]
print(f"{len(kept)} of {len(lists)} lists kept; the first:")
for i, sentence in enumerate(lists[0]["sentences"]):
    print(f"  {i:2d}. {sentence}")

model = ranksent.train(str(root / "docs/results/order-study/directional.jsonl"), str(out / "model"),
                       student="all-minilm-l6-v2", max_steps=8, eval_every=0)
before = ranksent.evaluate("all-minilm-l6-v2", tasks="STSBenchmark")["sts"]["STSBenchmark"]["spearman"]
after = ranksent.evaluate(model, tasks="STSBenchmark")["sts"]["STSBenchmark"]["spearman"]
print(f"STS-B test Spearman x 100: {before:.2f} before, {after:.2f} after 8 steps ({model})")

emb = ranksent.Encoder(model).encode(["A man plays guitar.", "Someone is playing an instrument.", "A cat sleeps."])
print("cosines to the first:", [round(float(emb[0] @ e), 3) for e in emb[1:]])
