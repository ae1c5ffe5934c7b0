"""Generation benchmark (issue: ranking-list generation on llama.cpp).

Runs `ranksent generate` (directional decoding, default model) on the same
seeds at --parallel 1 and at larger --parallel values, then the Python
reference (bench/reference_directional.py: transformers, one list at a time,
two forward passes per token with KV caches) on the first seeds, all in one
run, and prints:
  - lists/minute and generated tokens/s per --parallel, best vs 1 (batching);
  - prompt tokens evaluated vs a naive decoder's (two full prompts per
    sentence), and the prefill tokens KV reuse saved;
  - our tokens/s vs the reference's.
Lists run to full length (--allow-consecutive-duplicates: the tiny default
model often repeats a sentence, which verification would stop at once).

  python bench/bench_generate.py [--seeds 32 --steps 32 --parallel 1,8,16,32 --ref-seeds 2]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CACHE = os.environ.get("RANKSENT_CACHE", os.path.expanduser("~/.cache/ranksent"))


def seeds_file(n, path):
    # SNLI-train premises (../shared/data), the paper's seed corpus.
    src = os.path.join(ROOT, "..", "shared", "data", "SNLI-train", "cat", "train.csv")
    seen = []
    for line in open(src, encoding="utf-8"):
        p = line.rstrip("\n").split("\t")[2].strip().strip('"').replace('""', '"')
        if p and p not in seen:
            seen.append(p)
        if len(seen) == n:
            break
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(seen) + "\n")


def run_ours(a, seeds, parallel, work):
    out, stats = os.path.join(work, f"p{parallel}.jsonl"), os.path.join(work, f"p{parallel}.json")
    cmd = [a.binary, "generate", "--seeds", seeds, "--output", out, "--steps", str(a.steps),
           "--parallel", str(parallel), "--threads", str(a.threads), "--stats", stats, "--quiet",
           "--allow-consecutive-duplicates"]
    subprocess.run(cmd, check=True)
    return json.load(open(stats))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=32)
    ap.add_argument("--steps", type=int, default=32)
    ap.add_argument("--parallel", default="1,8,16,32")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--ref-seeds", type=int, default=2, help="seeds the (slow) Python reference decodes")
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "ranksent"))
    ap.add_argument("--python", default=os.path.join(CACHE, "venv", "bin", "python"))
    ap.add_argument("--model", default=os.path.join(CACHE, "models", "SmolLM2-135M-Instruct.Q4_1.gguf"))
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="ranksent-bench-gen-")
    seeds = os.path.join(work, "seeds.txt")
    seeds_file(a.seeds, seeds)
    print(f"{a.seeds} seeds x {a.steps} steps, {a.threads} thread(s), model {os.path.basename(a.model)}")
    print(f"{'parallel':>8} {'lists/min':>10} {'tokens/s':>9} {'seconds':>8} {'prompt tok':>10} {'naive tok':>10}")
    rows = {}
    for p in [int(x) for x in a.parallel.split(",")]:
        s = run_ours(a, seeds, p, work)
        rows[p] = s
        print(f"{p:>8} {60 * s['lists'] / s['seconds']:>10.2f} {s['generated_tokens'] / s['seconds']:>9.1f} "
              f"{s['seconds']:>8.1f} {s['prompt_tokens']:>10} {s['naive_prompt_tokens']:>10}", flush=True)
    base = rows[min(rows)]
    best_p = max(rows, key=lambda p: rows[p]["generated_tokens"] / rows[p]["seconds"])
    best = rows[best_p]
    rate = lambda s: s["generated_tokens"] / s["seconds"]
    print(f"batching: --parallel {best_p} vs 1: {rate(best) / rate(base):.2f}x tokens/s "
          f"({60 * best['lists'] / best['seconds']:.2f} vs {60 * base['lists'] / base['seconds']:.2f} lists/min)")
    print(f"prompt tokens evaluated: {best['prompt_tokens']} of a naive decoder's {best['naive_prompt_tokens']} "
          f"= {best['prompt_tokens'] / best['naive_prompt_tokens']:.3f}x; prefill saved by KV reuse: "
          f"{best['naive_prompt_tokens'] - best['prompt_tokens']} tokens")
    if a.ref_seeds > 0:
        ref_cmd = [a.python, os.path.join(ROOT, "bench", "reference_directional.py"), "--model", a.model,
                   "--prompt", os.path.join(ROOT, "prompts", "directional.txt"), "--seeds", seeds,
                   "--limit", str(a.ref_seeds), "--steps", str(a.steps), "--threads", str(a.threads)]
        ref = json.loads(subprocess.run(ref_cmd, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1])
        r = ref["generated_tokens"] / ref["seconds"]
        print(f"transformers reference ({ref['lists']} lists, one at a time): {r:.1f} tokens/s, "
              f"{60 * ref['lists'] / ref['seconds']:.2f} lists/min")
        print(f"vs reference: --parallel {best_p} {rate(best) / r:.1f}x, --parallel {min(rows)} {rate(base) / r:.1f}x tokens/s")
    print(f"outputs in {work}")


if __name__ == "__main__":
    sys.exit(main())
