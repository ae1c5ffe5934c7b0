# Every dependency found the standard way. scripts/bootstrap.sh installs them;
# any other install works by pointing CMAKE_PREFIX_PATH at it (for example a
# CUDA LibTorch, or a system-wide llama.cpp).

# LibTorch: the torch wheel's share/cmake/Torch unless the caller gave one.
if(NOT Torch_DIR AND NOT DEFINED ENV{Torch_DIR})
  find_program(RANKSENT_PYTHON NAMES python3
    HINTS $ENV{RANKSENT_VENV}/bin NO_DEFAULT_PATH)
  if(NOT RANKSENT_PYTHON)
    find_program(RANKSENT_PYTHON NAMES python3)
  endif()
  execute_process(
    COMMAND ${RANKSENT_PYTHON} -c "import torch.utils; print(torch.utils.cmake_prefix_path)"
    OUTPUT_VARIABLE _torch_prefix OUTPUT_STRIP_TRAILING_WHITESPACE
    RESULT_VARIABLE _torch_rc ERROR_QUIET)
  if(_torch_rc EQUAL 0)
    list(APPEND CMAKE_PREFIX_PATH ${_torch_prefix})
  endif()
endif()
find_package(Torch REQUIRED)
# A CUDA LibTorch's configuration (Caffe2's public/cuda.cmake) sets CMAKE_CUDA_ARCHITECTURES to OFF in this scope
# (it compiles for TORCH_CUDA_ARCH_LIST instead): llama.cpp's CUDA backend, added below, would then get no
# architecture flag at all and nvcc's default machine code (sm_75 for CUDA 13), not the -DCMAKE_CUDA_ARCHITECTURES
# the caller gave. Dropping the plain variable brings the cache value back.
if(DEFINED CACHE{CMAKE_CUDA_ARCHITECTURES})
  unset(CMAKE_CUDA_ARCHITECTURES)
endif()
# Torch adds its flags globally through TORCH_CXX_FLAGS (the ABI define).
set(CMAKE_CXX_FLAGS "${CMAKE_CXX_FLAGS} ${TORCH_CXX_FLAGS}")
message(STATUS "ranksent: LibTorch ${Torch_VERSION} from ${Torch_DIR}")

# llama.cpp: system-wide or the cache prefix that bootstrap.sh installs;
# otherwise built from a source tree given as RANKSENT_LLAMA_SOURCE.
if(DEFINED ENV{RANKSENT_LLAMA_PREFIX})
  list(APPEND CMAKE_PREFIX_PATH $ENV{RANKSENT_LLAMA_PREFIX})
else()
  # Where scripts/bootstrap.sh installs it (scripts/env.sh): a build started
  # without the scripts' environment (`pip install .`) finds it too.
  file(STRINGS ${PROJECT_SOURCE_DIR}/scripts/pins.env _pin REGEX "^LLAMA_CPP_COMMIT=")
  string(REPLACE "LLAMA_CPP_COMMIT=" "" _pin "${_pin}")
  if(DEFINED ENV{RANKSENT_CACHE})
    set(_cache "$ENV{RANKSENT_CACHE}")
  else()
    set(_cache "$ENV{HOME}/.cache/ranksent")
  endif()
  list(APPEND CMAKE_PREFIX_PATH "${_cache}/llama.cpp-${_pin}-noamx")
endif()
set(RANKSENT_LLAMA_SOURCE "" CACHE PATH "llama.cpp source tree to build when no installed llama is found")
if(RANKSENT_LLAMA_SOURCE)
  set(LLAMA_BUILD_COMMON OFF CACHE BOOL "" FORCE)
  set(LLAMA_BUILD_TESTS OFF CACHE BOOL "" FORCE)
  set(LLAMA_BUILD_TOOLS OFF CACHE BOOL "" FORCE)
  set(LLAMA_BUILD_EXAMPLES OFF CACHE BOOL "" FORCE)
  set(LLAMA_BUILD_SERVER OFF CACHE BOOL "" FORCE)
  set(LLAMA_BUILD_APP OFF CACHE BOOL "" FORCE)
  set(GGML_OPENMP OFF CACHE BOOL "" FORCE)
  add_subdirectory(${RANKSENT_LLAMA_SOURCE} ${CMAKE_BINARY_DIR}/_deps/llama EXCLUDE_FROM_ALL)
else()
  find_package(llama CONFIG REQUIRED)
  message(STATUS "ranksent: llama.cpp from ${llama_DIR}")
  # A static llama.cpp with its CUDA backend but shared CUDA libraries (not GGML_STATIC) exports no link
  # dependency on them: its ggml-config.cmake adds cuBLAS and the runtime only when everything is static, and
  # the link then fails on cublasCreate_v2 ("DSO missing from command line"). Given here.
  if(GGML_CUDA AND NOT GGML_SHARED_LIB AND NOT GGML_STATIC AND TARGET ggml::ggml-cuda)
    find_package(CUDAToolkit REQUIRED)
    set_property(TARGET ggml::ggml-cuda APPEND PROPERTY INTERFACE_LINK_LIBRARIES CUDA::cublas CUDA::cublasLt
                                                                                 CUDA::cudart)
  endif()
endif()

find_package(nlohmann_json 3 REQUIRED)
find_package(fmt REQUIRED)
find_package(CLI11 REQUIRED)
# toml++: study files (`ranksent run`), header-only.
find_package(tomlplusplus 3 REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(UTF8PROC REQUIRED IMPORTED_TARGET libutf8proc)
add_library(utf8proc ALIAS PkgConfig::UTF8PROC)
# cairo: the list-analysis heatmaps, PNG and SVG from one drawing.
pkg_check_modules(CAIRO REQUIRED IMPORTED_TARGET cairo cairo-svg)

# zlib: gzipped evaluation files (MTEB's *.jsonl.gz, AskUbuntu's text_tokenized.txt.gz).
find_package(ZLIB REQUIRED)
