#!/usr/bin/env bash
# How far ranksent stands from the floor the hardware sets (docs/results,
# "Against the floor"), on the machine it runs on, in this one run:
#
#   floor of a run = FLOPs of the encoder's linear layers over the real tokens
#                    / the GEMM throughput PyTorch reaches here at THREADS
#                      threads on an encoder-like shape (2048x384 by 384x1536)
#
# per dtype (float32; bfloat16 where the CPU has AVX512-BF16 or AMX-BF16).
# all-MiniLM-L6-v2: 2 x 6 x (4 x 384^2 + 2 x 384 x 1536) = 21.2 MFLOP a token.
# Attention's two batched products and the elementwise work are not in the
# floor: they are what the distance to it is made of.
#
# Prints time / floor for `ranksent encode` (whole process, load and writing
# included; and steady state, load excluded) in float32 and bfloat16, with
# the per-phase profile of the fastest whole-process run of each, and for
# one post-training step (teacher forward + student forward + backward = 4
# forward passes of FLOPs; Adam's memory-bound update is not in it).
#
#   bench/floor.sh [MODEL]      THREADS=2 BATCH=64 ROUNDS=2 DTYPES="float32 bfloat16"
#
# The sentences are those of MR, CR and SUBJ (SentEval), as in issue-era
# figures of docs/results.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/pins.env"; source "$root/scripts/env.sh"
data="${RANKSENT_DATA:-$root/../shared/data}"
build="${RANKSENT_BUILD_DIR:-$root/build}"
py="$RANKSENT_VENV/bin/python"
model="${1:-all-MiniLM-L6-v2}"
[[ -d "$model" ]] || model="$RANKSENT_CACHE/models/$model"
[[ -f "$model/config.json" ]] || { echo "floor.sh: no config.json in $model" >&2; exit 2; }
threads="${THREADS:-2}" batch="${BATCH:-64}" rounds="${ROUNDS:-2}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT

cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
flags="$(grep -m1 '^flags' /proc/cpuinfo)"
has() { [[ " $flags " == *" $1 "* ]]; }
bf16_hw=none
has avx512_bf16 && bf16_hw=AVX512-BF16
has amx_bf16 && bf16_hw="AMX-BF16 + AVX512-BF16"
echo "CPU: $cpu (bfloat16 in hardware: $bf16_hw), threads=$threads, batch=$batch"
# bfloat16 has a floor only where the CPU computes in it (AVX512-BF16 or
# AMX-BF16); elsewhere LibTorch emulates it and `--dtype auto` takes float32,
# so the default leaves it out and says so.
default_dtypes="float32 bfloat16"
if [[ $bf16_hw == none ]]; then
  default_dtypes="float32"
  echo "bfloat16 skipped: needs AVX512-BF16 or AMX-BF16 (this CPU has neither; DTYPES=\"float32 bfloat16\" forces it)"
fi
dtypes="${DTYPES:-$default_dtypes}"

cat "$data"/MR/rt-polarity.* "$data"/CR/custrev.* "$data"/SUBJ/subj.* | iconv -f utf-8 -t utf-8 -c \
  | awk 'NF' > "$work/sentences.txt"

# 1. GEMM throughput and FLOPs a token, from PyTorch and the model's config.
"$py" - "$model/config.json" "$threads" "$dtypes" > "$work/gemm.json" <<'PY'
import json, sys, time, torch
cfg = json.load(open(sys.argv[1])); torch.set_num_threads(int(sys.argv[2]))
h, inter, layers = cfg["hidden_size"], cfg["intermediate_size"], cfg["num_hidden_layers"]
out = {"flop_per_token": 2 * layers * (4 * h * h + 2 * h * inter)}
for name in sys.argv[3].split():
    dt = getattr(torch, name)
    x, w = torch.randn(2048, h).to(dt), torch.randn(inter, h).to(dt)
    with torch.inference_mode():
        for _ in range(5): torch.nn.functional.linear(x, w)
        best = 1e30
        for _ in range(5):
            t = time.perf_counter()
            for _ in range(20): torch.nn.functional.linear(x, w)
            best = min(best, (time.perf_counter() - t) / 20)
    out[name] = 2 * 2048 * h * inter / best
print(json.dumps(out))
PY

# 2. Each dtype: whole process (ranksent encode) and steady state (bench_encode).
results="$work/results.jsonl"
for dtype in $dtypes; do
  whole=1e30 steady=1e30 tokens=0
  for _ in $(seq "$rounds"); do
    t0=$(date +%s.%N)
    "$build/ranksent" encode --model "$model" --input "$work/sentences.txt" --output "$work/e.npy" \
      --batch-size "$batch" --threads "$threads" --dtype "$dtype" --profile 2> "$work/encode.log"
    t=$(python3 -c "print($(date +%s.%N) - $t0)")
    # The profile of the fastest whole-process run of each dtype.
    if python3 -c "import sys; sys.exit(0 if $t < $whole else 1)"; then
      sed -n '/^where the time went/,$p' "$work/encode.log" > "$work/profile-$dtype.md"
    fi
    whole=$(python3 -c "print(min($whole, $t))")
    line="$("$build/bench/bench_encode" --model "$model" --input "$work/sentences.txt" --batch-size "$batch" \
      --threads "$threads" --dtype "$dtype" --repeat 1 --max-length 0)"
    steady=$(python3 -c "import json; print(min($steady, json.loads('$line')['seconds']))")
    tokens=$(python3 -c "import json; print(json.loads('$line')['tokens'])")
  done
  echo "{\"what\": \"encode\", \"dtype\": \"$dtype\", \"whole\": $whole, \"steady\": $steady, \"tokens\": $tokens}" >> "$results"
done

# 3. One training step on a 33-sentence SNLI list (bench/train_step_vs_pytorch.sh's list).
"$py" "$root/bench/snli_list.py" "$data/SNLI" "$work/list.json"
tokens=$("$build/bench/bench_train_step" --model "$model" --list "$work/list.json" --steps 2 --threads "$threads" --phases 1 \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["tokens"])')
for dtype in $dtypes; do
  best=1e30
  for _ in $(seq "$rounds"); do
    s=$("$build/bench/bench_train_step" --model "$model" --list "$work/list.json" --steps 10 --threads "$threads" \
      --dtype "$dtype" | python3 -c 'import json,sys; print(json.load(sys.stdin)["seconds_per_step"])')
    best=$(python3 -c "print(min($best, $s))")
  done
  echo "{\"what\": \"train step\", \"dtype\": \"$dtype\", \"steady\": $best, \"tokens\": $tokens, \"passes\": 4}" >> "$results"
done
# The step phase by phase (bench_train_step --phases 1), and its student forward pass by encoder phase.
for dtype in $dtypes; do
  "$build/bench/bench_train_step" --model "$model" --list "$work/list.json" --steps 6 --threads "$threads" \
    --dtype "$dtype" --phases 1 > "$work/step-$dtype.json" 2> "$work/step-$dtype.md"
done

python3 - "$work/gemm.json" "$results" "$(wc -l < "$work/sentences.txt")" <<'PY'
import json, sys
g = json.load(open(sys.argv[1])); fpt = g["flop_per_token"]
print(f"linear-layer FLOPs a token: {fpt / 1e6:.1f} M; sentences: {sys.argv[3]}")
for k in g:
    if k != "flop_per_token": print(f"GEMM throughput, {k}: {g[k] / 1e9:.0f} GFLOP/s")
print("| run | dtype | real tokens | floor (s) | whole process (s) | / floor | steady state (s) | / floor |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for line in open(sys.argv[2]):
    r = json.loads(line)
    floor = r["tokens"] * fpt * r.get("passes", 1) / g[r["dtype"]]
    whole = (f"{r['whole']:.2f} | {r['whole'] / floor:.2f}x" if "whole" in r else "- | -")
    print(f"| {r['what']} | {r['dtype']} | {r['tokens']} | {floor:.3f} | {whole} | {r['steady']:.3f} | {r['steady'] / floor:.2f}x |")
PY

# Where each dtype's fastest whole-process encode spent its time (`ranksent encode --profile`).
for dtype in $dtypes; do
  echo; echo "encode, $dtype: $(cat "$work/profile-$dtype.md")"
done

# One training step, phase by phase (mean seconds per step).
python3 - "$work" $dtypes <<'PY'
import json, sys
work, dtypes = sys.argv[1], sys.argv[2:]
steps = {d: json.load(open(f"{work}/step-{d}.json")) for d in dtypes}
phases = ["teacher", "targets", "tokenize", "student_forward", "loss", "backward", "clip", "adam", "seconds_per_step"]
print("\none training step, mean seconds:\n\n| phase | " + " | ".join(dtypes) + " |")
print("| --- |" + " ---: |" * len(dtypes))
for p in phases:
    print(f"| {p} | " + " | ".join(f"{steps[d][p]:.4f}" for d in dtypes) + " |")
PY
for dtype in $dtypes; do
  echo; echo "training step, $dtype, $(cat "$work/step-$dtype.md")"
done
