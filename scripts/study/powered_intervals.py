#!/usr/bin/env python3
"""The powered order study's numbers, from its committed files alone (docs/results/powered-study).

  powered_intervals.py --power              the seed count that detects 0.2 STS points (PLAN.md)
  powered_intervals.py --pack WORK OUT      one run's eval-*.json (ranksent eval) -> OUT: per-task
                                            cosines as float16 (CHECKPOINT.npz), summaries (CHECKPOINT.json)
  powered_intervals.py [--replicates N]     the tables of docs/results/powered-study/README.md

Every interval says what it resamples (docs/method.md section 4, docs/evaluation.md):
  - t over seeds: the per-seed differences of the STS average, mean +- t_{0.975,n-1} sd/sqrt(n);
  - two-level bootstrap: each replicate draws training seeds with replacement (a run of a and
    of b stay paired), then the test pairs of every STS task (one draw for both arms), and
    takes the mean over the drawn seeds of the STS-average difference; percentile interval;
  - pairs only: the test pairs redrawn, the seeds as they are (these trained models).
STS average = mean over the 7 tasks of Spearman x 100, recomputed here from the stored
cosines and the gold scores (gold.npz, written once from the first run).
"""
import argparse
import json
import sys
from pathlib import Path

import numpy as np
from scipy import stats

sys.path.insert(0, str(Path(__file__).resolve().parent))
from order_study_intervals import verdict  # noqa: E402  the same wording for every study

STUDY = Path(__file__).resolve().parents[2] / "docs" / "results" / "powered-study"
RUNS = STUDY / "runs"
GOLD = STUDY / "gold.npz"
TASKS = ["STS12", "STS13", "STS14", "STS15", "STS16", "STSBenchmark", "SICKRelatedness"]
CHECKPOINTS = ["saved", "best-stsb", "last"]  # the saved rule is the primary one (PLAN.md)
PRIMARY = [("directional-mpnet", "shuffled-mpnet"), ("directional-mpnet", "semantic-only-mpnet")]
SECONDARY = [("mpnet-student-directional", "mpnet-student-shuffled"),
             ("mpnet-student-directional", "mpnet-student-semantic-only")]
# The order study's per-seed differences (saved checkpoints, seeds 42, 1, 2;
# docs/results/order-study/per-seed-sts.csv) that size the study.
PILOT = {"directional - shuffled, MPNet": [-0.13, 0.36, 0.29],
         "directional - semantic-only, MPNet": [0.16, 0.25, -0.24]}


def seeds_needed(sd, delta=0.2, alpha=0.05, power=0.8):
    """Smallest n whose paired two-sided t test detects `delta` (noncentral t)."""
    for n in range(3, 200):
        df, nc = n - 1, delta / (sd / np.sqrt(n))
        crit = stats.t.ppf(1 - alpha / 2, df)
        if stats.nct.sf(crit, df, nc) + stats.nct.cdf(-crit, df, nc) >= power:
            return n
    return None


def power():
    for name, d in PILOT.items():
        sd = float(np.std(d, ddof=1))
        print(f"{name}: per-seed differences {d}, sd {sd:.3f} -> {seeds_needed(sd)} seeds "
              f"(0.2 points, 80% power, 5% two-sided); at the sd's 80% upper bound "
              f"{sd * np.sqrt(2 / stats.chi2.ppf(0.2, 2)):.3f}: {seeds_needed(sd * np.sqrt(2 / stats.chi2.ppf(0.2, 2)))}")


def pack(work, out):
    out.mkdir(parents=True, exist_ok=True)
    gold = {}
    for cp in CHECKPOINTS:
        e = json.loads((work / f"eval-{cp}.json").read_text())
        cos = {t: np.asarray(e["sts"][t]["pairs"]["cos"], dtype=np.float16) for t in TASKS}
        gold = {t: np.asarray(e["sts"][t]["pairs"]["gold"], dtype=np.float32) for t in TASKS}
        np.savez_compressed(out / f"{cp}.npz", **cos)
        summary = {k: e.get(k) for k in ("label", "model", "dtype", "device", "cpu")}
        summary["sts"] = {t: e["sts"][t]["spearman"] for t in TASKS}
        summary["sts"]["avg"] = e["sts"]["avg"]
        (out / f"{cp}.json").write_text(json.dumps(summary, indent=1) + "\n")
    if GOLD.exists():
        old = np.load(GOLD)
        for t in TASKS:
            if not np.array_equal(old[t], gold[t]):
                sys.exit(f"powered_intervals.py: {work}: gold scores of {t} differ from {GOLD}")
    else:
        STUDY.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(GOLD, **gold)


def ranks(x):
    return stats.rankdata(x, axis=-1)


def sts_avg(cos, gold, idx=None):
    """Mean over tasks of Spearman x 100; idx: per task, resampled pair indices [R, n]."""
    out = 0.0
    for t in TASKS:
        c, g = cos[t].astype(np.float64), gold[t].astype(np.float64)
        if idx is not None:
            c, g = c[idx[t]], g[idx[t]]
        rc, rg = ranks(c), ranks(g)
        rc -= rc.mean(-1, keepdims=True)
        rg -= rg.mean(-1, keepdims=True)
        out = out + (rc * rg).sum(-1) / np.sqrt((rc * rc).sum(-1) * (rg * rg).sum(-1))
    return 100 * out / len(TASKS)


def load_runs():
    runs = {}
    for d in sorted(RUNS.glob("*-seed*")):
        arm, seed = d.name.rsplit("-seed", 1)
        runs.setdefault(arm, {})[int(seed)] = {cp: dict(np.load(d / f"{cp}.npz")) for cp in CHECKPOINTS}
    return runs


def compare(runs, gold, a, b, cp, replicates, rng):
    seeds = sorted(set(runs.get(a, {})) & set(runs.get(b, {})))
    if len(seeds) < 2:
        return f"| {a} - {b} | {cp} | {len(seeds)} | - | - | - | - | not enough paired seeds |"
    ca = [runs[a][s][cp] for s in seeds]
    cb = [runs[b][s][cp] for s in seeds]
    d = np.array([sts_avg(x, gold) - sts_avg(y, gold) for x, y in zip(ca, cb)])
    n = len(seeds)
    half = stats.t.ppf(0.975, n - 1) * d.std(ddof=1) / np.sqrt(n)
    # Pairs drawn once per replicate for every run (the shared test pairs);
    # seeds drawn per replicate: the mean over the drawn seeds.
    idx = {t: rng.integers(0, len(gold[t]), size=(replicates, len(gold[t]))) for t in TASKS}
    per_seed = np.array([sts_avg(x, gold, idx) - sts_avg(y, gold, idx) for x, y in zip(ca, cb)])  # [n, R]
    draw = rng.integers(0, n, size=(replicates, n))
    two = per_seed[draw, np.arange(replicates)[:, None]].mean(1)
    pairs_only = per_seed.mean(0)
    lo, hi = np.percentile(two, [2.5, 97.5])
    plo, phi = np.percentile(pairs_only, [2.5, 97.5])
    return (f"| {a} - {b} | {cp} | {n} | {d.mean():+.2f} | [{d.mean() - half:+.2f}, {d.mean() + half:+.2f}] | "
            f"[{lo:+.2f}, {hi:+.2f}] | [{plo:+.2f}, {phi:+.2f}] | {verdict(lo, hi, n)} |")


def tables(replicates):
    gold = dict(np.load(GOLD))
    runs = load_runs()
    rng = np.random.default_rng(0)
    print("| comparison | checkpoint | seeds | mean difference | t over seeds (n-1 df) | "
          "over training seeds and test pairs (two-level bootstrap) | test pairs only (these trained models) | verdict |")
    print("| --- | --- | ---: | ---: | --- | --- | --- | --- |")
    for a, b in PRIMARY + SECONDARY:
        for cp in CHECKPOINTS:
            print(compare(runs, gold, a, b, cp, replicates, rng))
    print()
    print("| arm | seed | " + " | ".join(f"STS avg ({cp})" for cp in CHECKPOINTS) + " |")
    print("| --- | ---: | " + " | ".join("---:" for _ in CHECKPOINTS) + " |")
    for arm, by_seed in runs.items():
        for s, c in sorted(by_seed.items()):
            print(f"| {arm} | {s} | " + " | ".join(f"{sts_avg(c[cp], gold):.2f}" for cp in CHECKPOINTS) + " |")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--power", action="store_true")
    ap.add_argument("--pack", nargs=2, type=Path, metavar=("WORK", "OUT"))
    ap.add_argument("--replicates", type=int, default=1000)
    a = ap.parse_args()
    if a.power:
        power()
    elif a.pack:
        pack(*a.pack)
    else:
        tables(a.replicates)


if __name__ == "__main__":
    main()
