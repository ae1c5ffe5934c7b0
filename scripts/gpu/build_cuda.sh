#!/usr/bin/env bash
# Compiles and links every CUDA path of ranksent on a machine WITHOUT a GPU (issue #25; not run by CI: it takes
# an hour or more on two cores), from the package registries only:
#   - a CUDA 13 compiler and runtime from PyPI's nvidia-* wheels (nvcc, crt, nvvm, cccl, cudart, cublas, ...);
#   - the CUDA build of torch $CUDA_TORCH_VERSION (its LibTorch, with ProcessGroupNCCL) and the nvidia libraries it
#     links, into $RANKSENT_CACHE/cuda13/site (pip --target, no venv: nothing of it is imported);
#   - llama.cpp's CUDA backend for sm_90 (Hopper) only, static, into $RANKSENT_CACHE/cuda13/llama-cuda;
#   - ranksent against both, with the NCCL process group (-DRANKSENT_NCCL=ON), into build-cuda/;
# then the tests that need no GPU: every --device cuda / --gpu-layers path must say "no CUDA device" (exit 2).
#
#   scripts/gpu/build_cuda.sh [--no-tests] [CMAKE OPTIONS]      (RANKSENT_JOBS=N, default: all cores)
#
# The llama.cpp CUDA backend is built without its virtual-memory pool (GGML_CUDA_NO_VMM=ON): with it, every
# program would need the driver's libcuda.so.1 to start, which a machine without a GPU does not have. On a GPU
# machine, scripts/gpu/device_check.sh builds it with the pool.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$root/scripts/pins.env"
source "$root/scripts/env.sh"
export CCACHE_BASEDIR="$root"
tests=1
[[ "${1:-}" == --no-tests ]] && { tests=0; shift; }
jobs="${RANKSENT_JOBS:-$(nproc)}"
step() { printf '[build_cuda %s] %s\n' "$(date +%T)" "$*" >&2; }
py="$RANKSENT_VENV/bin/python"
[[ -x "$py" ]] || { echo "build_cuda.sh: run scripts/bootstrap.sh first (its venv runs pip)" >&2; exit 2; }

cuda_dir="$RANKSENT_CACHE/cuda13"
site="$cuda_dir/site"
# --- 1. wheels ------------------------------------------------------------------------------------------------
# The set torch $CUDA_TORCH_VERSION links (readelf -d libtorch_cuda.so), each at the version torch's metadata
# asks for: its `cuda-toolkit[...]==13.0.3` (whose extras pin every component; nvcc, crt, nvvm and cccl from
# the same release: a CCCL newer than nvcc stops the build with "CUDA compiler and CUDA toolkit headers are
# incompatible") and its cudnn, cusparselt, nccl and nvshmem pins. --no-deps keeps pip from adding triton and
# the Python-only packages.
wheels=("torch==$CUDA_TORCH_VERSION" "nvidia-cuda-nvcc==13.0.88.*" "nvidia-cuda-crt==13.0.88.*" "nvidia-nvvm==13.0.88.*"
  "nvidia-cuda-cccl==13.0.85.*" "nvidia-cuda-runtime==13.0.96.*" "nvidia-cublas==13.1.1.3.*"
  "nvidia-cuda-nvrtc==13.0.88.*" "nvidia-cufft==12.0.0.61.*" "nvidia-curand==10.4.0.35.*"
  "nvidia-cusolver==12.0.4.66.*" "nvidia-cusparse==12.6.3.3.*" "nvidia-cusparselt-cu13==0.8.1"
  "nvidia-nccl-cu13==2.30.7" "nvidia-nvtx==13.0.85.*" "nvidia-nvjitlink==13.0.88.*" "nvidia-cuda-cupti==13.0.85.*"
  "nvidia-nvshmem-cu13==3.4.5" "nvidia-cufile==1.15.1.6.*" "nvidia-cudnn-cu13==9.24.0.43")
if [[ ! -f "$site/.complete" ]]; then
  step "pip install --target $site: ${wheels[*]}"
  rm -rf "$site"
  "$py" -m pip install -q --no-deps --no-compile --target "$site" "${wheels[@]}"
  touch "$site/.complete"
fi
cuda="$site/nvidia/cu13"
# The wheels are laid out for Python, not as a toolkit: nvcc looks in lib64, CMake and the linker want the
# unversioned names.
ln -sfn lib "$cuda/lib64"
(cd "$cuda/lib" && for f in lib*.so.*; do b="${f%%.so.*}.so"; [[ -e "$b" ]] || ln -s "$f" "$b"; done)
export PATH="$cuda/bin:$PATH" CUDA_HOME="$cuda"
# Torch's CMake configuration compiles for this list (its GPU probe finds none here).
export TORCH_CUDA_ARCH_LIST=9.0
cuda_cmake=(-DCMAKE_CUDA_COMPILER="$cuda/bin/nvcc" -DCUDAToolkit_ROOT="$cuda" -DCUDA_TOOLKIT_ROOT_DIR="$cuda"
  -DCMAKE_CUDA_ARCHITECTURES=90)

# --- 2. llama.cpp with its CUDA backend ----------------------------------------------------------------------
# Its CPU backend is built as scripts/bootstrap.sh builds it (GGML_NATIVE, AMX kernels off): the CPU tests compare
# generated lists token for token against references written with those kernels (tests/generate/
# test_reference_lists.cpp), and a generic x86 build rounds differently. The options are kept beside the install;
# a change rebuilds (ninja recompiles only what they touch: the CPU backend, not the CUDA objects).
llama_src="$RANKSENT_CACHE/src/llama.cpp-$LLAMA_CPP_COMMIT"
llama_prefix="$cuda_dir/llama-cuda"
no_amx="-mno-amx-tile -mno-amx-int8 -mno-amx-bf16"
llama_opts=(-DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF -DCMAKE_POSITION_INDEPENDENT_CODE=ON
  -DLLAMA_BUILD_COMMON=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_EXAMPLES=OFF
  -DLLAMA_BUILD_SERVER=OFF -DLLAMA_BUILD_APP=OFF -DLLAMA_OPENSSL=OFF -DGGML_OPENMP=OFF -DGGML_NATIVE=ON
  -DCMAKE_C_FLAGS="$no_amx" -DCMAKE_CXX_FLAGS="$no_amx"
  -DGGML_CUDA=ON -DGGML_CUDA_NCCL=OFF -DGGML_CUDA_NO_VMM=ON "${cuda_cmake[@]}"
  -DLLAMA_BUILD_NUMBER=0 -DLLAMA_BUILD_COMMIT="$LLAMA_CPP_COMMIT" -DCMAKE_INSTALL_PREFIX="$llama_prefix")
stamp="$llama_prefix/ranksent-options.txt"
if [[ ! -f "$llama_prefix/lib/cmake/llama/llama-config.cmake" || "$(cat "$stamp" 2>/dev/null)" != "${llama_opts[*]}" ]]; then
  [[ -f "$llama_src/include/llama.h" ]] || { echo "build_cuda.sh: no llama.cpp source (scripts/bootstrap.sh)" >&2; exit 2; }
  step "llama.cpp $LLAMA_CPP_COMMIT, CUDA backend for sm_90 (slow: about 150 CUDA files)"
  cmake -S "$llama_src" -B "$cuda_dir/build-llama" -G Ninja "${llama_opts[@]}" > /dev/null
  cmake --build "$cuda_dir/build-llama" -j "$jobs"
  cmake --install "$cuda_dir/build-llama" > /dev/null
  printf '%s' "${llama_opts[*]}" > "$stamp"
fi

# --- 3. ranksent --------------------------------------------------------------------------------------------
build="${RANKSENT_BUILD_DIR:-$root/build-cuda}"
step "ranksent (CUDA LibTorch $CUDA_TORCH_VERSION, llama.cpp CUDA, NCCL) into $build"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$site/torch/share/cmake;$llama_prefix" "${cuda_cmake[@]}" -DRANKSENT_NCCL=ON "$@"
cmake --build "$build" -j "$jobs"

# --- 4. the tests that need no GPU ----------------------------------------------------------------------------
if ((tests)); then
  step "ctest -L 'unit|cli|model' (no GPU here: the CUDA paths must refuse with exit 2)"
  (cd "$build" && ctest -L 'unit|cli|model' -j "$jobs" --output-on-failure)
fi
