#!/usr/bin/env bash
# The GPU figures of docs/scaling.md, in one run on a CUDA machine:
#  1. builds ranksent into build-cuda/ against this machine's CUDA PyTorch
#     (its LibTorch), with llama.cpp's CUDA backend and the NCCL process group;
#  2. prints the encoder's GPU parity against the CPU (max |diff| of the
#     embeddings of 1,000 STS-B sentences), encode sentences/s (batch 128,
#     float32 and bfloat16), the post-training step time (one 33-sentence
#     list, float32 and bfloat16), and `generate` tokens/s by --parallel with
#     every layer offloaded, for each LLM given.
# Works offline: the models and the llama.cpp source are paths.
#   ENCODER=DIR LLMS="a.gguf b.gguf" [LLAMA_SOURCE=DIR] [DATA=DIR] scripts/gpu/check.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$root/scripts/pins.env"; source "$root/scripts/env.sh"
py="${PYTHON:-python3}"
data="${DATA:-$root/../shared/data}"
encoder="${ENCODER:-$RANKSENT_CACHE/models/all-MiniLM-L6-v2}"
llms="${LLMS:-$RANKSENT_CACHE/models/SmolLM2-135M-Instruct.Q4_1.gguf}"
llama_src="${LLAMA_SOURCE:-$RANKSENT_CACHE/src/llama.cpp-$LLAMA_CPP_COMMIT}"
build="$root/build-cuda" work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
say() { printf '[gpu %s] %s\n' "$(date +%T)" "$*" >&2; }

"$py" -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' ||
  { echo "no CUDA PyTorch here (python3 -c 'import torch; torch.cuda.is_available()')" >&2; exit 2; }
[[ -f "$llama_src/include/llama.h" ]] || { echo "llama.cpp source not found at $llama_src (LLAMA_SOURCE=...)" >&2; exit 2; }
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true

say "build (CUDA LibTorch, llama.cpp CUDA, NCCL)"
torch_prefix="$("$py" -c 'import torch.utils; print(torch.utils.cmake_prefix_path)')"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$torch_prefix" \
  -DRANKSENT_LLAMA_SOURCE="$llama_src" -DGGML_CUDA=ON -DRANKSENT_NCCL=ON -DRANKSENT_BUILD_TESTS=OFF > "$work/cmake.log" ||
  { tail -30 "$work/cmake.log" >&2; exit 1; }
cmake --build "$build" -j "$(nproc)" > "$work/build.log" || { tail -30 "$work/build.log" >&2; exit 1; }
R="$build/ranksent"

say "encoder parity and speed"
cut -f6 "$data/STSBenchmark/sts-test.csv" | head -1000 > "$work/sentences.txt"
"$R" encode --model "$encoder" --input "$work/sentences.txt" --output "$work/cpu.npy" --quiet
"$R" encode --model "$encoder" --input "$work/sentences.txt" --output "$work/gpu.npy" --device cuda --quiet
"$py" -c "import numpy as n,sys; a,b=n.load(sys.argv[1]),n.load(sys.argv[2]); print(f'encoder GPU vs CPU: max |diff| {abs(a-b).max():.2e} over {a.shape}')" \
  "$work/cpu.npy" "$work/gpu.npy"
for dtype in float32 bfloat16; do
  echo "encode, batch 128, $dtype: $("$build/bench/bench_encode" --model "$encoder" --input "$work/sentences.txt" \
    --batch-size 128 --device cuda --dtype "$dtype" --repeat 3)"
done

say "post-training step"
"$py" - "$data/SNLI" "$work/list.json" <<'PY'
import json, sys
d = sys.argv[1]
s1 = [l.strip() for l in open(f"{d}/s1.dev")]
json.dump(list(dict.fromkeys(s1))[:33], open(sys.argv[2], "w"))
PY
for dtype in float32 bfloat16; do
  echo "train step: $("$build/bench/bench_train_step" --model "$encoder" --list "$work/list.json" --device cuda \
    --dtype "$dtype" --steps 20)"
done

say "generation, every layer offloaded"
awk -F'\t' '!seen[$3]++ { print $3; if (++k == 64) exit }' "$data/SNLI-train/cat/train.csv" > "$work/seeds.txt"
for llm in $llms; do
  for p in 1 8 32; do
    "$R" generate --seeds "$work/seeds.txt" --model "$llm" --steps 8 --parallel "$p" --gpu-layers -1 \
      --output "$work/g$p.jsonl" --stats "$work/g$p.json" --quiet
    "$py" -c "import json,sys; s=json.load(open(sys.argv[1])); print(f'generate {sys.argv[2]} --parallel {sys.argv[3]}: ' \
      f'{s[\"generated_tokens\"]/s[\"seconds\"]:.1f} generated tokens/s, {s[\"evaluated_tokens\"]/s[\"seconds\"]:.1f} evaluated, ' \
      f'{s[\"kept\"]}/{s[\"lists\"]} kept')" "$work/g$p.json" "$(basename "$llm")" "$p"
    rm -f "$work/g$p.jsonl"
  done
done
