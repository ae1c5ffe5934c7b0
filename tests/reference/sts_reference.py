#!/usr/bin/env python3
"""STS numbers with sentence-transformers + scipy, as SimCSE's SentEval computes them.

  sts_reference.py --model DIR --data DIR --output results.json [--tasks STS12,...] [--batch-size 64]

Independent of the C++ code: SentEval's loaders (sts.py of SimCSE's copy):
lines of STS.input / STS.gs via splitlines(), pairs with an empty gold score
dropped, sentences tokenised as ' '.join(s.split()); cosine similarity;
Spearman and Pearson x 100 per sub-dataset and over all sub-datasets of a
year pooled ("all"); STS-B and SICK-R on their test split. Prints the timing.
"""
import argparse
import io
import json
import os
import time

import numpy as np
from scipy.stats import pearsonr, spearmanr

YEARS = {
    "STS12": ["MSRpar", "MSRvid", "SMTeuroparl", "surprise.OnWN", "surprise.SMTnews"],
    "STS13": ["FNWN", "headlines", "OnWN"],
    "STS14": ["deft-forum", "deft-news", "headlines", "images", "OnWN", "tweet-news"],
    "STS15": ["answers-forums", "answers-students", "belief", "headlines", "images"],
    "STS16": ["answer-answer", "headlines", "plagiarism", "postediting", "question-question"],
}
ALL = list(YEARS) + ["STSBenchmark", "SICKRelatedness"]


def tok(s):
    return " ".join(s.split())


def load_year(data, year):
    subsets = []
    for name in YEARS[year]:
        lines = io.open(os.path.join(data, year, "STS.input.%s.txt" % name), encoding="utf8").read().splitlines()
        gs = io.open(os.path.join(data, year, "STS.gs.%s.txt" % name), encoding="utf8").read().splitlines()
        a, b, g = [], [], []
        for line, score in zip(lines, gs):
            if score == "":
                continue
            s1, s2 = line.split("\t")
            a.append(tok(s1)), b.append(tok(s2)), g.append(float(score))
        subsets.append((name, a, b, g))
    return subsets


def load_stsb(data):
    a, b, g = [], [], []
    with io.open(os.path.join(data, "STSBenchmark", "sts-test.csv"), encoding="utf-8") as f:
        for line in f:
            t = line.strip().split("\t")
            a.append(tok(t[5])), b.append(tok(t[6])), g.append(float(t[4]))
    return [("test", a, b, g)]


def load_sick(data):
    a, b, g = [], [], []
    with io.open(os.path.join(data, "SICK", "SICK_test_annotated.txt"), encoding="utf-8") as f:
        next(f)
        for line in f:
            t = line.strip().split("\t")
            a.append(tok(t[1])), b.append(tok(t[2])), g.append(float(t[3]))
    return [("test", a, b, g)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--output", required=True)
    ap.add_argument("--tasks", default=",".join(ALL))
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--threads", type=int, default=0)
    args = ap.parse_args()
    start = time.time()
    import torch
    from sentence_transformers import SentenceTransformer

    if args.threads > 0:
        torch.set_num_threads(args.threads)
    model = SentenceTransformer(args.model, device="cpu")
    tasks = [t for t in args.tasks.split(",") if t]
    loaded = {}
    for t in tasks:
        loaded[t] = load_year(args.data, t) if t in YEARS else load_stsb(args.data) if t == "STSBenchmark" else load_sick(args.data)
    sentences = sorted({s for subs in loaded.values() for (_, a, b, _) in subs for s in a + b})
    emb = model.encode(sentences, batch_size=args.batch_size, convert_to_numpy=True)
    row = {s: i for i, s in enumerate(sentences)}
    emb = emb.astype(np.float64)
    norms = np.maximum(np.linalg.norm(emb, axis=1), 1e-8)

    def cos(a, b):
        ia, ib = [row[s] for s in a], [row[s] for s in b]
        c = np.sum(emb[ia] * emb[ib], axis=1) / (norms[ia] * norms[ib])
        # The same sentence on both sides is exactly 1, so rounding does not
        # decide how identical pairs tie (the C++ side does the same).
        c[np.asarray(ia) == np.asarray(ib)] = 1.0
        return c

    out = {}
    for t, subs in loaded.items():
        entry, sys_all, gs_all = {"subsets": {}}, [], []
        for name, a, b, g in subs:
            s = cos(a, b)
            entry["subsets"][name] = {"spearman": 100 * spearmanr(s, g)[0], "pearson": 100 * pearsonr(s, g)[0], "n": len(g)}
            sys_all.extend(s), gs_all.extend(g)
        entry.update({"spearman": 100 * spearmanr(sys_all, gs_all)[0], "pearson": 100 * pearsonr(sys_all, gs_all)[0],
                      "n": len(gs_all)})
        out[t] = entry
    present = [t for t in ALL if t in out]
    out["avg"] = float(np.mean([out[t]["spearman"] for t in present]))
    out["seconds"] = time.time() - start
    out["sentences"] = len(sentences)
    json.dump(out, open(args.output, "w"), indent=1)
    print("reference STS: %s avg %.2f in %.1f s" % (" ".join("%s %.2f" % (t, out[t]["spearman"]) for t in present),
                                                    out["avg"], out["seconds"]))


if __name__ == "__main__":
    main()
