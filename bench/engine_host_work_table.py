#!/usr/bin/env python3
"""The table of bench/engine_host_work.sh: per run (build, --threads, --parallel; the fastest of its repeats) the
engine's time outside llama_decode per generated token, per engine step and per sequence (a context whose logits
were scored: c1, and c2 from sentence 3 on), split into the parts of the stats' phase_seconds, beside llama_decode's
time; then this build against the baseline, and whether both wrote the same lists.

  engine_host_work_table.py WORK "PARALLELS" "THREADS" REPEAT
"""
import json
import os
import sys

PARTS = ["logits", "scoring", "rules", "batch", "kv", "prompts", "output"]


def load(work, label, p, t, repeat):
    """The fastest repeat's stats (by host time), or None."""
    best = None
    for r in range(1, repeat + 1):
        path = os.path.join(work, f"{label}-p{p}-t{t}-r{r}.json")
        if not os.path.exists(path):
            continue
        s = json.load(open(path))
        s["host_seconds"] = s["engine_seconds"] - s["decode_seconds"]
        s["lists_file"] = path[:-5] + ".jsonl"
        if best is None or s["host_seconds"] < best["host_seconds"]:
            best = s
    return best


def lists(path):
    return [(r["id"], r["sentences"], r["rejected"]) for r in map(json.loads, open(path))]


def row(label, p, t, s, sequences):
    tokens, steps = s["generated_tokens"], s["decode_calls"]
    host = s["host_seconds"]
    us = lambda x: f"{1e6 * x / tokens:.1f}"
    phases = s.get("phase_seconds")
    parts = [us(phases[k]) for k in PARTS] + [us(host - sum(phases[k] for k in PARTS))] if phases else ["-"] * 8
    return (f"| {label} | {t} | {p} | {tokens} | {s.get('two_context_steps', '-')} | {steps} | "
            f"{s['decode_seconds']:.2f} | {host:.2f} | **{1e6 * host / tokens:.1f}** | {1e3 * host / steps:.2f} | "
            f"{1e6 * host / sequences:.1f} | " + " | ".join(parts) + " |")


def main():
    work, parallels, threads, repeat = sys.argv[1], sys.argv[2].split(), sys.argv[3].split(), int(sys.argv[4])
    print("| build | --threads | --parallel | generated tokens | two-context steps | engine steps | llama_decode s | "
          "host s | host us/token | host ms/step | host us/sequence | " + " | ".join(PARTS) + " | other |")
    print("| --- " + "| ---: " * 18 + "|")
    pairs = []
    for t in threads:
        for p in parallels:
            new, base = load(work, "new", p, t, repeat), load(work, "baseline", p, t, repeat)
            sequences = new["generated_tokens"] + new["two_context_steps"]
            print(row("this build", p, t, new, sequences))
            if base:
                print(row("baseline", p, t, base, sequences))
                pairs.append((t, p, new, base))
    print("\n(parts: us per generated token; a sequence is one context's logits scored in one step)")
    if not pairs:
        return
    print("\n| --threads | --parallel | baseline host us/token | this build host us/token | ratio | same lists |")
    print("| ---: | ---: | ---: | ---: | ---: | --- |")
    for t, p, new, base in pairs:
        a = 1e6 * base["host_seconds"] / base["generated_tokens"]
        b = 1e6 * new["host_seconds"] / new["generated_tokens"]
        same = "yes" if lists(new["lists_file"]) == lists(base["lists_file"]) else "NO"
        print(f"| {t} | {p} | {a:.1f} | {b:.1f} | **{a / b:.1f}x** | {same} |")


if __name__ == "__main__":
    main()
