#!/usr/bin/env python3
"""Reference metric values from scipy / scikit-learn, for the C++ metric tests.

  metrics_reference.py INPUT.json OUTPUT.json

INPUT: {"correlation": [{"x": [...], "y": [...]}, ...],
        "ranking": [{"relevant": [0/1...], "scores": [...]}, ...],
        "classification": [{"truth": [...], "predicted": [...]}, ...]}
OUTPUT: the same lists with spearman/pearson, ap/mrr10, accuracy/f1.
"""
import json
import sys

import numpy as np
from scipy.stats import pearsonr, spearmanr
from sklearn.metrics import accuracy_score, average_precision_score, f1_score


def mrr_at(relevant, scores, k):
    # MTEB ranks by score descending; a stable sort keeps ties in input order.
    order = np.argsort(-np.asarray(scores), kind="stable")[:k]
    for rank, i in enumerate(order):
        if relevant[i]:
            return 1.0 / (rank + 1)
    return 0.0


def main():
    spec = json.load(open(sys.argv[1]))
    out = {"correlation": [], "ranking": [], "classification": []}
    for c in spec.get("correlation", []):
        x, y = np.asarray(c["x"], dtype=np.float64), np.asarray(c["y"], dtype=np.float64)
        out["correlation"].append({"spearman": float(spearmanr(x, y)[0]), "pearson": float(pearsonr(x, y)[0])})
    for r in spec.get("ranking", []):
        rel = np.asarray(r["relevant"], dtype=bool)
        scores = np.asarray(r["scores"], dtype=np.float64)
        out["ranking"].append({"ap": float(average_precision_score(rel, scores)), "mrr10": mrr_at(rel, scores, 10)})
    for c in spec.get("classification", []):
        out["classification"].append({"accuracy": float(accuracy_score(c["truth"], c["predicted"])),
                                       "f1": float(f1_score(c["truth"], c["predicted"]))})
    json.dump(out, open(sys.argv[2], "w"))


if __name__ == "__main__":
    main()
