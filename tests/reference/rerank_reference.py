#!/usr/bin/env python3
"""Reranking MAP / MRR@10 with sentence-transformers + scikit-learn, as MTEB's RerankingEvaluator.

  rerank_reference.py --model DIR --input test.jsonl --output results.json

Per record: cosine of the query (the max over queries when a list) with
every positive and negative; average_precision_score; reciprocal rank of the
first positive in the top 10 (stable order for ties); records without a
positive or a negative are skipped. MAP and MRR@10 x 100.
"""
import argparse
import json

import numpy as np
from sklearn.metrics import average_precision_score


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--input", required=True)
    ap.add_argument("--output", required=True)
    args = ap.parse_args()
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(args.model, device="cpu")
    records = [json.loads(l) for l in open(args.input, encoding="utf-8") if l.strip()]
    as_list = lambda v: [v] if isinstance(v, str) else list(v)
    sentences = sorted({s for r in records for k in ("query", "positive", "negative") for s in as_list(r[k])})
    emb = model.encode(sentences, batch_size=64, convert_to_numpy=True).astype(np.float64)
    emb /= np.maximum(np.linalg.norm(emb, axis=1, keepdims=True), 1e-8)
    row = {s: i for i, s in enumerate(sentences)}
    aps, rrs = [], []
    for r in records:
        pos, neg = as_list(r["positive"]), as_list(r["negative"])
        if not pos or not neg:
            continue
        q = emb[[row[s] for s in as_list(r["query"])]]
        d = emb[[row[s] for s in pos + neg]]
        scores = (q @ d.T).max(axis=0)
        rel = np.array([True] * len(pos) + [False] * len(neg))
        aps.append(average_precision_score(rel, scores))
        order = np.argsort(-scores, kind="stable")[:10]
        rrs.append(next((1.0 / (i + 1) for i, j in enumerate(order) if rel[j]), 0.0))
    out = {"map": 100 * float(np.mean(aps)), "mrr@10": 100 * float(np.mean(rrs)), "queries": len(aps)}
    json.dump(out, open(args.output, "w"))
    print("reference rerank: MAP %.2f MRR@10 %.2f over %d queries" % (out["map"], out["mrr@10"], out["queries"]))


if __name__ == "__main__":
    main()
