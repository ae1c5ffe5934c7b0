# Shared paths of the scripts; sourced, never run. Everything lives in one
# cache outside the repository, overridable with RANKSENT_CACHE.
: "${RANKSENT_CACHE:=$HOME/.cache/ranksent}"
export RANKSENT_CACHE
export RANKSENT_VENV="$RANKSENT_CACHE/venv"
# llama.cpp's AMX kernels crash in containers and VMs (tile-data permission is
# requested on the main thread only): off unless RANKSENT_LLAMA_AMX=1, and the
# two builds live apart in the cache, named so that a build made before this
# rule (with AMX, on a Xeon) is not taken for either (docs/cpus.md).
: "${RANKSENT_LLAMA_AMX:=0}"
export RANKSENT_LLAMA_AMX
export RANKSENT_LLAMA_PREFIX="$RANKSENT_CACHE/llama.cpp-${LLAMA_CPP_COMMIT:?pins.env first}-$([[ $RANKSENT_LLAMA_AMX == 1 ]] && echo amx || echo noamx)"
# ccache keyed on paths relative to the checkout, so a fresh clone elsewhere hits.
export CCACHE_DIR="${CCACHE_DIR:-$RANKSENT_CACHE/ccache}"
export CCACHE_SLOPPINESS="pch_defines,time_macros,include_file_mtime,include_file_ctime"
export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-5G}"
