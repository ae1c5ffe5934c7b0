#!/usr/bin/env python3
"""One line of scripts/gpu/device_check.sh's figures from a `generate --stats` file: generated and evaluated tokens/s
over the engine's time, how many steps were two-context (Eq. 4 from c1 and c2), and per engine step the engine's time,
llama_decode's and the rest (the host's own work), split into the stats' phase_seconds. On a GPU llama_decode returns
before the GPU is done: the wait lands in the first read of logits ("logits").

  generate_figures.py STATS.json SHAPE PARALLEL GPU_LAYERS RC
"""
import json
import sys


def main():
    path, shape, p, layers, rc = sys.argv[1:6]
    s = json.load(open(path))
    engine, decode, steps, tokens = s["engine_seconds"], s["decode_seconds"], s["decode_calls"], s["generated_tokens"]
    host = engine - decode
    note = "" if rc == "0" else f" (rc={rc}, {'interrupted, ' if s.get('interrupted') else ''}partial)"
    ms = lambda x: f"{1e3 * x / max(steps, 1):.2f}"
    phases = s.get("phase_seconds", {})
    parts = ", ".join(f"{k} {ms(v)}" for k, v in sorted(phases.items(), key=lambda kv: -kv[1]))
    print(f"generate {shape} --parallel {p} --gpu-layers {layers}{note}: "
          f"{tokens / engine:.1f} generated tokens/s ({tokens} in {engine:.2f} s of the engine, {s['lists']} lists, "
          f"{s.get('two_context_steps', 0)} of the steps two-context), {s['evaluated_tokens'] / engine:.1f} evaluated "
          f"tokens/s; per engine step ({steps}): engine {ms(engine)} ms = llama_decode {ms(decode)} ms + host "
          f"{ms(host)} ms (engine / llama_decode {engine / max(decode, 1e-9):.2f}); host parts, ms a step: {parts}; "
          f"host us per generated token {1e6 * host / max(tokens, 1):.1f}")


if __name__ == "__main__":
    main()
