#!/usr/bin/env python3
"""sentence-transformers encode throughput on the same file and settings as
bench_encode (best of --repeat runs, model loading excluded); one JSON line."""
import argparse
import json
import time

import torch
from sentence_transformers import SentenceTransformer

p = argparse.ArgumentParser()
p.add_argument("--model", required=True)
p.add_argument("--input", required=True)
p.add_argument("--batch-size", type=int, default=64)
p.add_argument("--max-length", type=int, default=256)
p.add_argument("--threads", type=int, default=2)
p.add_argument("--repeat", type=int, default=3)
a = p.parse_args()
torch.set_num_threads(a.threads)
with open(a.input, encoding="utf-8") as f:
    sentences = [line.rstrip("\n") for line in f]
model = SentenceTransformer(a.model, device="cpu")
model.max_seq_length = a.max_length
best = float("inf")
for _ in range(a.repeat):
    t0 = time.perf_counter()
    model.encode(sentences, batch_size=a.batch_size, convert_to_numpy=True)
    best = min(best, time.perf_counter() - t0)
print(json.dumps({"sentences": len(sentences), "seconds": round(best, 4), "per_second": round(len(sentences) / best, 1)}))
