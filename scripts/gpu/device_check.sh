#!/usr/bin/env bash
# shellcheck disable=SC2317  # the step_* functions run through `device_check.sh __step NAME`
# The GPU figures of docs/scaling.md in ONE command on a lent GPU machine that has no network, no model files and
# none of our Debian packages, only a CUDA toolkit, CMake, Ninja and a CUDA PyTorch (issue #25):
#
#   scripts/gpu/device_check.sh [--bundle DIR] [--out DIR] [--work DIR] [--jobs N] [--deadline SECONDS]
#   scripts/gpu/device_check.sh --dry-run [--build DIR] [--out DIR]     here: every step but the CUDA ones, CPU build
#
# --bundle (scripts/gpu/pack_device_check.sh makes it) holds llama.cpp.tar.xz (the pinned source, trimmed),
# prefix.tar.xz (Debian 12's -dev packages of our dependencies, unpacked), encoder/ (all-MiniLM-L6-v2's config and
# tokenizer files) and inputs/ (STS-B sentences, one 33-sentence SNLI list, SNLI-train seeds, SNLI lists, STS-B
# and SICK-R dev for `train`). In this order, each step timed and allowed to fail without stopping the next ones:
#   1. build ranksent against this machine's CUDA LibTorch, llama.cpp's CUDA backend (sm_90 only) and the NCCL
#      process group, into --work (outside the repository, so that a rerun on the same machine rebuilds nothing);
#      meanwhile make the models (scripts/gpu/make_models.py): a random-weight encoder of all-MiniLM-L6-v2's
#      configuration and random-weight Q4_K_M-like GGUFs of the Qwen2.5-1.5B and Llama-3-8B shapes;
#   2. `generate` at --parallel 32, 64, 128, 256 with every layer offloaded (--gpu-layers -1): generated tokens/s,
#      and the engine's own time on the host (per step, split into its parts) apart from llama_decode's, on random
#      models whose end-of-generation rows are scaled (make_models.py --eog-scale) so that sentences end and lists
#      reach the two-context steps of Eq. 4 (how many steps were two-context is reported); llama.cpp is built with
#      1,024 sequence ids (LLAMA_MAX_SEQ, 256 as released) so that 256 lists (513 sequences) fit;
#   3. encoder: GPU vs CPU max |diff| (same weights), encode sentences/s on the GPU (float32, bfloat16), the
#      post-training step time (float32, bfloat16); a 2-rank NCCL step where the machine has two GPUs;
#   4. the whole trainer on the GPU (one rank, then two ranks over Gloo sharing the GPU).
# Results: OUT/device_check.txt (the figures), OUT/log.txt (everything, set -x style), OUT/build_errors.txt.
# Speed does not depend on weight values, so random weights give the real models' speed; only where a sentence
# ends depends on them, which the scaled end-of-generation rows stand in for (tokens/s is per token).
# --deadline (default 540 s) bounds the whole run: a step that would pass it is skipped, and said so. Measured on
# the H200 machine: configure 16 s, build 296 s (-j16), the figures about 250 s (a rerun on the same machine
# rebuilds nothing).
set -euo pipefail

self="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
root="$(cd "$(dirname "$self")/../.." && pwd)"

# ---------------------------------------------------------------------------------------------------------------
# Steps. Each runs as `device_check.sh __step NAME` under `timeout`, in a process of its own, with the settings
# exported by the main part below; results go to $RESULTS, everything else to $LOG.
res() { printf '%s\n' "$*" | tee -a "$RESULTS" >&2; }
# Our binaries see the carried Debian libraries; Python and CMake keep the machine's own.
rs() {
  if [[ -n "$RS_LIBS" ]]; then
    LD_LIBRARY_PATH="$RS_LIBS${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$@"
  else
    "$@"
  fi
}

step_env() {
  res "machine: $(uname -srm), $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 2^20}' /proc/meminfo) memory"
  if command -v nvidia-smi > /dev/null; then
    res "GPUs: $(nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | paste -sd';')"
  else
    res "GPUs: no nvidia-smi"
  fi
  res "python3: $("$PY" -c 'import sys, torch; print(sys.version.split()[0], "torch", torch.__version__, "cuda", torch.version.cuda, "available", torch.cuda.is_available())' 2>&1 | tail -1)"
  res "compilers: $(c++ --version 2>&1 | head -1); $(nvcc --version 2>/dev/null | tail -1 || echo 'no nvcc'); $(cmake --version | head -1); ninja $(ninja --version 2>/dev/null || echo absent)"
  # What the image has of our Debian dependencies (the carried prefix is used either way).
  (dpkg -l 2>/dev/null | grep -E 'nlohmann|cli11|utf8proc|libfmt|cairo2|gtest|gloo|tomlplusplus|benchmark|zlib1g-dev|pkgconf' || true) | awk '{print "  dpkg:", $2, $3}'
  ls /usr/include | head -50 | paste -sd' ' || true
  grep -E '^(NAME|VERSION)=' /etc/os-release || true
}

# tar, or Python's tarfile where the image lacks xz.
untar() { # archive dir
  mkdir -p "$2"
  tar -xJf "$1" -C "$2" || "$PY" -c 'import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2])' "$1" "$2"
}

step_unpack() {
  set -x
  # A rerun on the same machine keeps the unpacked trees (and the build's timestamps).
  if [[ ! -f "$WORK/llama.cpp/CMakeLists.txt" ]]; then
    rm -rf "$WORK/llama.cpp.new" "$WORK/llama.cpp"
    untar "$BUNDLE/llama.cpp.tar.xz" "$WORK/llama.cpp.new"
    mv "$WORK/llama.cpp.new/llama.cpp" "$WORK/llama.cpp"
  fi
  # 256 lists in flight are 513 sequences (the shared prefix, c1 and c2 of each): more ids than llama.cpp's 256.
  sed -i "s/^#define LLAMA_MAX_SEQ 256\$/#define LLAMA_MAX_SEQ $MAX_SEQ/" "$WORK/llama.cpp/src/llama-cparams.h"
  grep -q "^#define LLAMA_MAX_SEQ $MAX_SEQ\$" "$WORK/llama.cpp/src/llama-cparams.h"
  if [[ ! -d "$PREFIX/usr" ]]; then
    untar "$BUNDLE/prefix.tar.xz" "$PREFIX"
    # pkg-config files say prefix=/usr: point them at the unpacked tree.
    find "$PREFIX" -name '*.pc' -exec sed -i "s|=/usr|=$PREFIX/usr|; s| /usr/| $PREFIX/usr/|g; s|-I/usr/|-I$PREFIX/usr/|g" {} +
  fi
  # pkg-config: the machine's, else the carried pkgconf (which needs its library on the path).
  if ! command -v pkg-config > /dev/null; then
    printf '#!/bin/sh\nLD_LIBRARY_PATH=%s exec %s "$@"\n' "$PREFIX/usr/lib/x86_64-linux-gnu" "$PREFIX/usr/bin/pkgconf" \
      > "$PREFIX/pkg-config"
    chmod +x "$PREFIX/pkg-config"
  fi
  { set +x; } 2> /dev/null
  res "unpacked: llama.cpp $(du -sh "$WORK/llama.cpp" | cut -f1), Debian prefix $(du -sh "$PREFIX" | cut -f1)"
}

step_models() {
  set -x
  export PYTHONPATH="$LLAMA_SRC/gguf-py${PYTHONPATH:+:$PYTHONPATH}"
  mkdir -p "$MODELS"
  [[ -f "$MODELS/encoder/model.safetensors" ]] || "$PY" "$root/scripts/gpu/make_models.py" encoder --like "$ENCODER_LIKE" --output "$MODELS/encoder"
  for shape in $LLM_SHAPES; do
    local vocab="$LLAMA_SRC/models/ggml-vocab-qwen2.gguf"
    [[ "$shape" == *llama* ]] && vocab="$LLAMA_SRC/models/ggml-vocab-llama-bpe.gguf"
    [[ -f "$MODELS/$shape.gguf" ]] || { "$PY" "$root/scripts/gpu/make_models.py" gguf --shape "$shape" --vocab "$vocab" \
      --eog-scale "$EOG_SCALE" --output "$MODELS/$shape.gguf.part" && mv "$MODELS/$shape.gguf.part" "$MODELS/$shape.gguf"; }
  done
  { set +x; } 2> /dev/null
  res "models: random encoder (all-MiniLM-L6-v2 configuration, real tokenizer); $(cd "$MODELS" && ls -s --block-size=M -- *.gguf | paste -sd' ') (end-of-generation output rows x $EOG_SCALE)"
}

step_configure() {
  set -x
  local torch_prefix
  torch_prefix="$("$PY" -c 'import torch.utils; print(torch.utils.cmake_prefix_path)')"
  # nccl.h: CUDA 13's wheels put it under nvidia/nccl or nvidia/cu13; cmake/Nccl.cmake takes NCCL_ROOT.
  local site nccl_h extra=() links
  site="$("$PY" -c 'import os, torch; print(os.path.dirname(os.path.dirname(torch.__file__)))')"
  nccl_h="$(find "$site/nvidia" -name nccl.h 2> /dev/null | head -1 || true)"
  if [[ -n "$nccl_h" ]]; then
    NCCL_ROOT="$(dirname "$(dirname "$nccl_h")")"
    export NCCL_ROOT
  fi
  read -ra extra <<< "${CMAKE_EXTRA:-}"
  # The toolkit that nvcc belongs to, for Torch's FindCUDA and CMake's CUDA language alike.
  if ! command -v nvcc > /dev/null && [[ -x /usr/local/cuda/bin/nvcc ]]; then export PATH="/usr/local/cuda/bin:$PATH"; fi
  local nvcc
  nvcc="$(command -v nvcc || true)"
  if [[ -n "$nvcc" ]]; then
    local toolkit
    toolkit="$(dirname "$(dirname "$(readlink -f "$nvcc")")")"
    extra+=(-DCMAKE_CUDA_COMPILER="$nvcc" -DCUDAToolkit_ROOT="$toolkit" -DCUDA_TOOLKIT_ROOT_DIR="$toolkit")
  fi
  # The linker looks for the libraries that torch's own libraries need (cudart, cublas, nccl, cudnn: the wheel's
  # nvidia/*/lib) by their $ORIGIN rpath, which not every linker expands: name the folders.
  links="-Wl,-rpath-link,$PREFIX/usr/lib/x86_64-linux-gnu -Wl,-rpath-link,$PREFIX/lib/x86_64-linux-gnu -Wl,-rpath-link,$site/torch/lib"
  for d in "$site"/nvidia/*/lib; do links+=" -Wl,-rpath-link,$d"; done
  local pc=()
  [[ -x "$PREFIX/pkg-config" ]] && pc=(-DPKG_CONFIG_EXECUTABLE="$PREFIX/pkg-config")
  # Only the carried .pc files: the image's own (if any) would mix two versions.
  export PKG_CONFIG_LIBDIR="$PREFIX/usr/lib/x86_64-linux-gnu/pkgconfig:$PREFIX/usr/share/pkgconfig"
  # TORCH_CUDA_ARCH_LIST: Torch's configuration adds these -gencode flags to every CUDA compile (llama.cpp's too),
  # and without it probes the GPU or takes a long list.
  TORCH_CUDA_ARCH_LIST=9.0 cmake -S "$root" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_PREFIX_PATH="$torch_prefix;$PREFIX/usr;$PREFIX/usr/lib/x86_64-linux-gnu/cmake" \
    -DCMAKE_INCLUDE_PATH="$PREFIX/usr/include" -DCMAKE_LIBRARY_PATH="$PREFIX/usr/lib/x86_64-linux-gnu" \
    -DCMAKE_CXX_FLAGS="-isystem $PREFIX/usr/include" \
    -DCMAKE_EXE_LINKER_FLAGS="$links" \
    -DZLIB_ROOT="$PREFIX/usr" "${pc[@]}" \
    -DRANKSENT_LLAMA_SOURCE="$LLAMA_SRC" -DGGML_CUDA=ON -DCMAKE_CUDA_ARCHITECTURES=90 -DGGML_NATIVE=ON \
    -DGGML_CUDA_NCCL=OFF -DRANKSENT_NCCL=ON -DRANKSENT_BUILD_TESTS=OFF -DRANKSENT_BUILD_BENCH=ON "${extra[@]}"
  { set +x; } 2> /dev/null
  res "configure: $(grep -E 'ranksent: (LibTorch|NCCL)' "$LOG" | tail -2 | sed 's/^-- //' | paste -sd';')"
}

step_build() {
  set -x
  local t0=$SECONDS rc=0
  cmake --build "$BUILD" -j "$JOBS" --target ranksent bench_encode bench_train_step -- -k 0 > "$WORK/build.log" 2>&1 || rc=$?
  { set +x; } 2> /dev/null
  cat "$WORK/build.log"
  # The first compiler errors, whole, for the report.
  grep -E -B2 -A12 'error:|Error [0-9]|undefined reference|FAILED:' "$WORK/build.log" | head -400 > "$OUT/build_errors.txt" || true
  [[ -s "$OUT/build_errors.txt" ]] || rm -f "$OUT/build_errors.txt"
  res "build: rc=$rc in $((SECONDS - t0)) s with -j$JOBS; $(grep -c 'Building' "$WORK/build.log" || true) compile steps, $(grep -c 'FAILED:' "$WORK/build.log" || true) failed"
  # Which machine code the CUDA backend holds (sm_90 expected, not the compiler's default).
  local cuda_lib
  cuda_lib="$(find "$BUILD" -name 'libggml-cuda.so*' -type f -o -name 'libggml-cuda.a' | head -1)"
  [[ -n "$cuda_lib" ]] && command -v cuobjdump > /dev/null &&
    res "ggml-cuda machine code: $(cuobjdump --list-elf "$cuda_lib" 2> /dev/null | grep -o 'sm_[0-9a-z]*' | sort | uniq -c | paste -sd' ')"
  return "$rc"
}

# The models are made in the background while the build runs: a step waits for the file it needs.
wait_for() { # file
  while [[ ! -e "$1" ]]; do
    ((DRY)) && { echo "model $1 not made" >&2; return 1; }
    [[ -f "$WORK/models.rc" ]] && { echo "model $1 not made (models step rc=$(cat "$WORK/models.rc"))" >&2; return 1; }
    sleep 2
  done
}

step_version() {
  rs "$RS" version | tee -a "$RESULTS"
}

step_encoder() {
  set -x
  local enc="$MODELS/encoder" s="$WORK/enc/sentences.txt" w="$WORK/enc"
  wait_for "$enc/model.safetensors"
  mkdir -p "$w"
  head -n "$SENTENCES" "$INPUTS/sentences.txt" > "$s"
  rs "$RS" encode --model "$enc" --input "$s" --output "$w/cpu.npy" --dtype float32
  rs "$RS" encode --model "$enc" --input "$s" --output "$w/dev.npy" --device "$DEVICE" --dtype float32
  rs "$RS" encode --model "$enc" --input "$s" --output "$w/dev-bf16.npy" --device "$DEVICE" --dtype bfloat16
  { set +x; } 2> /dev/null
  res "$("$PY" - "$w" "$DEVICE" << 'PY'
import sys
import numpy as np
w, dev = sys.argv[1], sys.argv[2]
a, b, h = (np.load(f"{w}/{n}.npy") for n in ("cpu", "dev", "dev-bf16"))
cos = lambda x, y: (x * y).sum(1) / np.linalg.norm(x, axis=1) / np.linalg.norm(y, axis=1)
print(f"encoder {dev} vs cpu (random weights, {a.shape[0]} STS-B sentences, dim {a.shape[1]}): float32 max |diff| "
      f"{np.abs(a - b).max():.2e} (embeddings' max |value| {np.abs(a).max():.2f}); bfloat16 min cosine to float32 "
      f"{cos(a, h).min():.5f}")
PY
)"
  # Sentences/s, model loading excluded, best of 3 (tokenisation included: it runs on the CPU).
  local reps="$w/sentences-x$ENCODE_REPEAT.txt"
  for ((i = 0; i < ENCODE_REPEAT; i++)); do cat "$s"; done > "$reps"
  local n
  n="$(wc -l < "$reps")"
  for dtype in float32 bfloat16; do
    res "encode $DEVICE $dtype, batch 128, $n sentences: $(rs "$BENCH_DIR/bench_encode" --model "$enc" --input "$reps" \
      --batch-size 128 --device "$DEVICE" --dtype "$dtype" --threads "$THREADS" --repeat 3)"
  done
  if [[ "$DEVICE" != cpu ]]; then
    res "encode cpu float32 ($THREADS threads), batch 128, $(wc -l < "$s") sentences: $(rs "$BENCH_DIR/bench_encode" \
      --model "$enc" --input "$s" --batch-size 128 --device cpu --threads "$THREADS" --repeat 1)"
  fi
}

step_train_step() {
  local enc="$MODELS/encoder"
  for dtype in float32 bfloat16; do
    res "train step $DEVICE $dtype (one 33-sentence list, random MiniLM weights): $(rs "$BENCH_DIR/bench_train_step" \
      --model "$enc" --list "$INPUTS/list.json" --device "$DEVICE" --dtype "$dtype" --steps "$TRAIN_STEPS" --threads "$THREADS")"
  done
  if [[ "$DEVICE" != cpu ]]; then
    res "train step cpu float32 ($THREADS threads): $(rs "$BENCH_DIR/bench_train_step" --model "$enc" \
      --list "$INPUTS/list.json" --device cpu --steps 2 --threads "$THREADS")"
  fi
}

gpu_count() { { nvidia-smi -L 2> /dev/null || true; } | grep -c '^GPU' || true; }

# The whole trainer: --max-steps steps of SNLI lists, STS-B dev at the end, timed from its log.
train_run() { # label, then extra train options
  local label="$1" dir="$WORK/train-$1"
  shift
  rm -rf "$dir" "$dir.train"
  local t0=$SECONDS rc=0
  rs "$RS" train --model "$MODELS/encoder" --lists "$INPUTS/lists.jsonl" --data "$INPUTS/data" --output "$dir" \
    --max-steps "$TRAIN_RUN_STEPS" --eval-every 0 --quiet "$@" || rc=$?
  res "train $label ($TRAIN_RUN_STEPS steps, STS-B and SICK-R dev at the end): rc=$rc in $((SECONDS - t0)) s"
  return "$rc"
}

step_nccl() {
  local n
  n="$(gpu_count)"
  if ((DRY)); then
    res "2-rank NCCL step: skipped (dry run: a CPU build, no NCCL)"
    return 0
  fi
  if [[ "$n" -lt 2 ]]; then
    res "2-rank NCCL step: skipped, this machine has ${n:-0} GPU(s) and NCCL refuses two ranks on one GPU; the NCCL process group is compiled and linked (configure line above)"
    return 0
  fi
  train_run nccl-2ranks --device cuda --nproc 2 --dist-backend nccl --lists-per-step 2
}

step_train_runs() {
  local rc=0
  train_run "$DEVICE-1rank" --device "$DEVICE" || rc=1
  # (the dry run stops at one rank: two over Gloo on two shared cores take minutes)
  if ((!DRY)); then
    train_run "$DEVICE-2ranks-gloo" --device "$DEVICE" --nproc 2 --dist-backend gloo --lists-per-step 2 || rc=1
  fi
  return "$rc"
}

step_generate() { # shape
  local shape="$1" model="$MODELS/$1.gguf" w="$WORK/gen"
  wait_for "$model"
  mkdir -p "$w"
  for p in $PARALLELS; do
    local n=$((2 * p < 4 ? 4 : 2 * p)) rc=0
    rm -f "$w/$shape-$p.jsonl" "$w/$shape-$p.json"
    # --paper-exact: every step decodes once (no re-decodes), so the work follows from where sentences end.
    rs "$RS" generate --seeds "$INPUTS/seeds.txt" --limit "$n" --model "$model" --steps "$GEN_STEPS" \
      --max-new-tokens "$GEN_TOKENS" --parallel "$p" --gpu-layers "$GPU_LAYERS" --paper-exact \
      --threads "$THREADS" --output "$w/$shape-$p.jsonl" --stats "$w/$shape-$p.json" --quiet || rc=$?
    if [[ ! -f "$w/$shape-$p.json" ]]; then
      res "generate $shape --parallel $p: rc=$rc"
      continue
    fi
    # An interrupted run (the step's time ran out) has written its figures so far: shown, marked.
    res "$("$PY" "$root/scripts/gpu/generate_figures.py" "$w/$shape-$p.json" "$shape" "$p" "$GPU_LAYERS" "$rc")"
  done
}

if [[ "${1:-}" == __step ]]; then
  "step_$2" "${@:3}"
  exit $?
fi

# ---------------------------------------------------------------------------------------------------------------
# Main: settings, then the steps in order.
dry=0 bundle="" out="${OUT:-}" work="" jobs="$(nproc)" deadline=540 build=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dry-run) dry=1; shift ;;
    --bundle) bundle="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --deadline) deadline="$2"; shift 2 ;;
    --build) build="$2"; shift 2 ;;
    -h | --help) sed -n '3,27p' "$self"; exit 0 ;;
    *) echo "device_check.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
[[ "${RANKSENT_DEVICE_CHECK_DRY_RUN:-0}" == 1 ]] && dry=1

source "$root/scripts/pins.env"
source "$root/scripts/env.sh"
export ROOT="$root" DRY="$dry" JOBS="$jobs"
export OUT="${out:-$root/out/device-check}"
mkdir -p "$OUT"
export RESULTS="$OUT/device_check.txt" LOG="$OUT/log.txt"
: > "$RESULTS"
: > "$LOG"
THREADS="$(nproc)"
export THREADS
if ((dry)); then
  # Here: the CPU build, the cache's llama.cpp source and encoder files, small models and runs.
  if [[ -z "$work" ]]; then
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
  fi
  export WORK="$work" BUILD="${build:-$root/build}"
  export BUNDLE="${bundle:-}" PY="${PYTHON:-$RANKSENT_VENV/bin/python}"
  export LLAMA_SRC="$RANKSENT_CACHE/src/llama.cpp-$LLAMA_CPP_COMMIT" ENCODER_LIKE="$RANKSENT_CACHE/models/all-MiniLM-L6-v2"
  export DEVICE=cpu GPU_LAYERS=0 LLM_SHAPES="tiny-llama" PARALLELS="1 4" GEN_STEPS=2 GEN_TOKENS=8 EOG_SCALE=4
  export SENTENCES=64 ENCODE_REPEAT=1 TRAIN_STEPS=1 TRAIN_RUN_STEPS=2 RS_LIBS="" PREFIX="" THREADS=2
  export INPUTS="$WORK/inputs"
  [[ -n "$bundle" && -d "$bundle/inputs" ]] && INPUTS="$bundle/inputs"
  [[ -n "$bundle" && -d "$bundle/encoder" ]] && ENCODER_LIKE="$bundle/encoder"
else
  export WORK="${work:-/tmp/rs-device}" BUNDLE="${bundle:-$root/..}" PY="${PYTHON:-python3}"
  export BUILD="$WORK/build" LLAMA_SRC="$WORK/llama.cpp" ENCODER_LIKE="${bundle:-$root/..}/encoder"
  export DEVICE=cuda GPU_LAYERS=-1 LLM_SHAPES="qwen2.5-1.5b llama3-8b" PARALLELS="32 64 128 256" GEN_STEPS=4
  export GEN_TOKENS=48 EOG_SCALE=3 MAX_SEQ=1024
  export SENTENCES=1000 ENCODE_REPEAT=10 TRAIN_STEPS=20 TRAIN_RUN_STEPS=20 PREFIX="$WORK/prefix"
  export RS_LIBS="$PREFIX/usr/lib/x86_64-linux-gnu:$PREFIX/lib/x86_64-linux-gnu" INPUTS="${bundle:-$root/..}/inputs"
fi
export MODELS="$WORK/models" RS="$BUILD/ranksent" BENCH_DIR="$BUILD/bench"
# On the GPU machine the models go to memory (/dev/shm) where it has room: loading the 8B GGUF from /tmp ran at
# about 150 MB/s there, four times over (once a --parallel level).
if ((!dry)) && [[ -d /dev/shm ]] && (($(df -Pk /dev/shm | awk 'NR == 2 {print $4}') > 10 * 1024 * 1024)); then
  MODELS=/dev/shm/rs-device-models
fi
mkdir -p "$WORK"
start=$SECONDS

# step NAME MAX_SECONDS [ARGS]: runs step_NAME in its own process under timeout, within the deadline; a failure
# is recorded and the next step runs.
status=0
step() {
  local name="$1" max="$2" left rc=0 t0=$SECONDS
  shift 2
  left=$((deadline - (SECONDS - start) - 10))
  if ((left < 15)); then
    res "[$name] skipped: the deadline (${deadline} s) is near"
    status=1
    return 0
  fi
  ((max > left)) && max=$left
  printf '\n===== [%s] %s (limit %d s, %d s since start)\n' "$name" "$*" "$max" "$((SECONDS - start))" >> "$LOG"
  echo "[$(date +%T)] $name $* ..." >&2
  timeout --kill-after=10 "$max" bash "$self" __step "$name" "$@" >> "$LOG" 2>&1 || rc=$?
  res "[$name${1:+ $*}] $([[ $rc == 0 ]] && echo ok || echo "FAILED rc=$rc$([[ $rc == 124 ]] && echo ' (timed out)')") in $((SECONDS - t0)) s"
  ((rc == 0)) || status=1
  return 0
}

res "ranksent device check ($([[ $dry == 1 ]] && echo 'DRY RUN: CPU build, tiny models, no CUDA step' || echo 'GPU')), $(date -u +%FT%TZ), commit $(git -C "$root" rev-parse --short HEAD 2> /dev/null || echo '(no git; a copy)')"
res "models: random weights of the real shapes and quantisation types; speed does not depend on weight values (only where EOS falls: the end-of-generation output rows are scaled x $EOG_SCALE so that sentences end)"
step env 60
if ((dry)); then
  # What the dry run needs here; a test (ctest) skips (77) without it.
  missing=()
  for f in "$RS" "$BENCH_DIR/bench_encode" "$BENCH_DIR/bench_train_step" "$LLAMA_SRC/gguf-py/gguf/__init__.py" \
    "$LLAMA_SRC/models/ggml-vocab-llama-bpe.gguf" "$ENCODER_LIKE/tokenizer.json"; do
    [[ -e "$f" ]] || missing+=("$f")
  done
  "$PY" -c 'import numpy, yaml' 2> /dev/null || missing+=("$PY with numpy and yaml")
  if ((${#missing[@]})); then
    res "skipped: needs ${missing[*]} (scripts/bootstrap.sh, a build with benchmarks)"
    exit 77
  fi
  # The dry run's inputs, from the shared data (the device gets them in the bundle).
  if [[ ! -f "$INPUTS/sentences.txt" ]]; then
    bash "$root/scripts/gpu/pack_device_check.sh" --inputs-only "$INPUTS" --small --build "$BUILD" >> "$LOG" 2>&1 ||
      { res "skipped: the inputs could not be made from the shared data (see $LOG)"; exit 77; }
  fi
  step models 300
else
  step unpack 120
  # The models are made while the build runs (a few CPU cores of 16; 6 GB written).
  echo "[$(date +%T)] models (in the background) ..." >&2
  rm -f "$WORK/models.rc"
  (timeout 400 bash "$self" __step models > "$WORK/models.log" 2>&1; echo $? > "$WORK/models.rc") &
  models_pid=$!
  step configure 150
  step build $((deadline - 120))
fi
step version 30
# Generation first: the engine's speed against llama_decode's is what the GPU is lent for now. Each --parallel
# level loads the model anew (the 8B one took about 30 s from /tmp on the H200 machine).
for shape in $LLM_SHAPES; do step generate 240 "$shape"; done
step encoder 120
step train_step 120
step nccl 120
step train_runs 120
if ((!dry)); then
  kill "$models_pid" 2> /dev/null || true
  cat "$WORK/models.log" >> "$LOG"
  res "[models] rc=$(cat "$WORK/models.rc" 2> /dev/null || echo 'still running, stopped') (in the background, from the build on)"
fi
res "total: $((SECONDS - start)) s$([[ $status == 0 ]] || echo ', with failures (see above and log.txt)')"
echo >&2
cat "$RESULTS"
exit $status
