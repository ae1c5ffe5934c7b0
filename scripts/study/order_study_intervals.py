#!/usr/bin/env python3
"""Intervals over training seeds for the order study (docs/results/order-study).

The runs' per-pair cosines were not kept, so the two-level bootstrap of
`ranksent eval --bootstrap` cannot be computed for them; what the committed
files do hold is each run's STS average (Spearman x 100, mean of 7 tasks) to
two decimals. From those this script computes, for each comparison, the
per-seed differences and the t interval over seeds (mean +- t_{0.975, n-1}
sd / sqrt(n); docs/method.md section 4, docs/evaluation.md).

  order_study_intervals.py --extract   rebuild per-seed-sts.csv from full-study/report.md
  order_study_intervals.py             the Markdown tables of docs/results/order-study/README.md
  order_study_intervals.py --check     also compare each per-seed difference with the one the
                                       report's paired bootstrap printed (full precision, rounded)

Standard library only; it reads committed files and nothing else.
"""
import argparse
import csv
import math
import re
import sys
from pathlib import Path

STUDY = Path(__file__).resolve().parents[2] / "docs" / "results" / "order-study"
REPORT = STUDY / "full-study" / "report.md"
CSV = STUDY / "per-seed-sts.csv"
SEEDS = ["42", "1", "2"]  # examples/order-study.toml, the order of the report's cells
# The report's checkpoint columns: the checkpoint each run's rule saved (mean of
# STS-B and SICK-R dev, the start not competing), the best trained step on
# STS-B dev, the last step.
CHECKPOINTS = {"model": "saved", "best-stsb": "best STS-B dev", "last": "last step"}


def extract():
    """The 'Checkpoint rules' table of the report: one row per arm, cells 'a, b, c: mean ± std'."""
    text = REPORT.read_text(encoding="utf-8")
    section = text.split("## Checkpoint rules")[1].split("\n## ")[0]
    header = next(line for line in section.splitlines() if line.startswith("| arm |"))
    columns = [c.strip() for c in header.strip("|").split("|")][1:]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if not line.startswith("| ") or cells[0] in ("arm", "---"):
            continue
        for column, cell in zip(columns, cells[1:]):
            values = cell.split(":")[0].split(", ")
            assert len(values) == len(SEEDS), (cells[0], cell)
            rows += [[cells[0], seed, column, v] for seed, v in zip(SEEDS, values)]
    start = re.search(r"^\| all-MiniLM-L6-v2 \|.* \| ([0-9.]+) \|$", text, re.M).group(1)
    with CSV.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["arm", "seed", "checkpoint", "sts_avg"])
        w.writerow(["start", "", "", start])
        w.writerows(rows)
    print(f"wrote {CSV} ({len(rows)} runs and the start)")


def read_csv():
    runs, start = {}, None
    with CSV.open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["arm"] == "start":
                start = float(r["sts_avg"])
            else:
                runs.setdefault((r["arm"], r["checkpoint"]), {})[r["seed"]] = float(r["sts_avg"])
    return runs, start


def incomplete_beta(a, b, x):
    """I_x(a, b) by its continued fraction (Numerical Recipes 6.4), modified Lentz."""
    if x <= 0 or x >= 1:
        return max(0.0, min(1.0, x))
    if x > (a + 1) / (a + b + 2):
        return 1 - incomplete_beta(b, a, 1 - x)
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x))
    tiny = 1e-300
    c, d = 1.0, 1 - (a + b) * x / (a + 1)
    d = 1 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 10000):
        for coef in (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
                     -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))):
            d = 1 + coef * d
            d = 1 / (d if abs(d) > tiny else tiny)
            c = 1 + coef / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1) < 1e-15:
            break
    return front * h / a


def t_quantile(p, df):
    """t with P(T <= t) = p, p > 0.5, by bisection on the two-sided tail I_{df/(df+t^2)}(df/2, 1/2)."""
    tail = 2 * (1 - p)
    lo, hi = 0.0, 1.0
    while incomplete_beta(df / 2, 0.5, df / (df + hi * hi)) > tail:
        lo, hi = hi, 2 * hi
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if incomplete_beta(df / 2, 0.5, df / (df + mid * mid)) > tail else (lo, mid)
    return (lo + hi) / 2


def t_interval(values, level=0.95):
    n = len(values)
    mean = sum(values) / n
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    half = t_quantile(0.5 + level / 2, n - 1) * sd / math.sqrt(n)
    return mean, mean - half, mean + half, sd


def verdict(low, high, n):
    if low > 0:
        return f"shown > 0 (ruled out above {high:+.2f})"
    if high < 0:
        return f"shown < 0 (ruled out below {low:+.2f})"
    return f"undecided at {n} seeds (ruled out above {high:+.2f}, below {low:+.2f})"


# (label, a, b): a minus b; b None is the start (one evaluation, no seed).
COMPARISONS = [
    ("directional - shuffled, MPNet teacher", "directional-mpnet", "shuffled-mpnet"),
    ("directional - SNLI labels, MPNet", "directional-mpnet", "snli-mpnet"),
    ("directional - semantic-only, MPNet", "directional-mpnet", "semantic-only-mpnet"),
    ("directional - shuffled, self", "directional-self", "shuffled-self"),
    ("directional - SNLI labels, self", "directional-self", "snli-self"),
    ("directional - semantic-only, self", "directional-self", "semantic-only-self"),
]
TABLE3 = [
    ("semantic-only - rank-only, MPNet", "semantic-only-mpnet", "rank-only-mpnet"),
    ("directional - rank-only, MPNet", "directional-mpnet", "rank-only-mpnet"),
    ("semantic-only - rank-only, self", "semantic-only-self", "rank-only-self"),
    ("directional - rank-only, self", "directional-self", "rank-only-self"),
]
TEACHERS = [
    ("SNLI labels - shuffled, self", "snli-self", "shuffled-self"),
    ("directional, MPNet - self teacher", "directional-mpnet", "directional-self"),
    ("SNLI labels, self - MPNet teacher", "snli-self", "snli-mpnet"),
    ("SNLI labels, self - directional, MPNet", "snli-self", "directional-mpnet"),
]
ARMS = ["directional-mpnet", "shuffled-mpnet", "snli-mpnet", "rank-only-mpnet", "semantic-only-mpnet",
        "directional-self", "shuffled-self", "snli-self", "semantic-only-self"]


def differences(runs, start, a, b, checkpoint):
    ra = runs[(a, checkpoint)]
    return [ra[s] - (start if b is None else runs[(b, checkpoint)][s]) for s in SEEDS]


def cell(d):
    mean, low, high, _ = t_interval(d)
    return f"{mean:+.2f} [{low:+.2f}, {high:+.2f}]"


def comparison_table(runs, start, rows, title):
    print(f"{title}\n\n| comparison | per seed (42, 1, 2) | saved | best on STS-B dev | last step | verdict (saved) |")
    print("| --- | --- | --- | --- | --- | --- |")
    for label, a, b in rows:
        saved = differences(runs, start, a, b, "model")
        cells = [cell(differences(runs, start, a, b, c)) for c in CHECKPOINTS]
        _, low, high, _ = t_interval(saved)
        per_seed = ", ".join(f"{d:+.2f}" for d in saved)
        print(f"| {label} | {per_seed} | {' | '.join(cells)} | {verdict(low, high, len(SEEDS))} |")
    print()


def tables(runs, start):
    df = len(SEEDS) - 1
    print(f"t intervals over training seeds (95%, t_{{0.975,{df}}} = {t_quantile(0.975, df):.6f}), from the "
          "per-seed STS averages of per-seed-sts.csv (two decimals)\n")
    comparison_table(runs, start, COMPARISONS, "Directional lists against the other lists and targets:")
    comparison_table(runs, start, TABLE3, "Table 3's order (refined, semantic-only, rank-only):")
    comparison_table(runs, start, TEACHERS, "The self teacher's arms, the two teachers, and the best arm:")
    arms = [(a, a, None) for a in ARMS]
    comparison_table(runs, start, arms, f"Each arm minus the start ({start:.2f}; rank-only-self is rank-only-mpnet):")


def check(runs, start):
    """The report's per-seed bootstrap differences (full precision) against the rounded cells' differences."""
    text = REPORT.read_text(encoding="utf-8")
    worst = 0.0
    for m in re.finditer(r"^### (\S+) minus (\S+)\n(.*?)(?=^#)", text, re.M | re.S):
        a, b, body = m.groups()
        reported = [float(x) for x in re.findall(r"^\| seed \d+ \| ([+-][0-9.]+) \|", body, re.M)]
        ours = differences(runs, start, a, b, "model")
        worst = max(worst, max(abs(x - y) for x, y in zip(reported, ours)))
        print(f"{a} - {b}: report {reported}, from the cells {[round(d, 2) for d in ours]}")
    # Two cells rounded to 0.01 and a difference rounded to 0.01: at most 0.015 apart.
    print(f"largest gap {worst:.3f}")
    return worst <= 0.015 + 1e-9


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--extract", action="store_true", help="rebuild per-seed-sts.csv from full-study/report.md")
    p.add_argument("--check", action="store_true", help="compare with the report's per-seed differences")
    args = p.parse_args()
    if args.extract:
        extract()
    runs, start = read_csv()
    tables(runs, start)
    if args.check and not check(runs, start):
        sys.exit(1)


if __name__ == "__main__":
    main()
