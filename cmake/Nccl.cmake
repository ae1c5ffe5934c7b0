# The NCCL process group for data-parallel training on GPUs
# (`train --dist-backend nccl`, src/train/nccl_backend.cpp). Off by default:
# it needs a CUDA LibTorch, whose headers declare ProcessGroupNCCL, and
# nccl.h (the CUDA wheel's nvidia-nccl package, or NCCL_ROOT). Included
# after find_package(Torch); sets RANKSENT_NCCL_SOURCES and
# RANKSENT_NCCL_INCLUDE_DIR.
option(RANKSENT_NCCL "Build the NCCL process group (needs a CUDA LibTorch and nccl.h)" OFF)
set(RANKSENT_NCCL_SOURCES "")
if(RANKSENT_NCCL)
  if(NOT C10_CUDA_LIBRARY)
    message(FATAL_ERROR "RANKSENT_NCCL=ON needs a CUDA LibTorch, and the one found at ${Torch_DIR} is a CPU build: "
      "point CMAKE_PREFIX_PATH (or Torch_DIR) at a CUDA LibTorch, or leave RANKSENT_NCCL off (training then "
      "uses Gloo; docs/scaling.md)")
  endif()
  # The wheels of CUDA 12 put NCCL in nvidia/nccl, those of CUDA 13 in nvidia/nccl or nvidia/cu13.
  set(_nccl_hints $ENV{NCCL_ROOT} ${TORCH_INSTALL_PREFIX}/../nvidia/nccl ${TORCH_INSTALL_PREFIX}/../nvidia/cu13)
  find_path(RANKSENT_NCCL_INCLUDE_DIR nccl.h HINTS ${_nccl_hints} PATH_SUFFIXES include)
  if(NOT RANKSENT_NCCL_INCLUDE_DIR)
    message(FATAL_ERROR "RANKSENT_NCCL=ON: nccl.h not found (install NCCL, or set NCCL_ROOT to its prefix)")
  endif()
  # ProcessGroupNCCL itself is in libtorch_cuda; the library is linked too, in case the header's inline code calls
  # NCCL directly (the linker takes no symbol of ours from a library's own dependencies).
  find_library(RANKSENT_NCCL_LIBRARY NAMES nccl libnccl.so.2 HINTS ${_nccl_hints} PATH_SUFFIXES lib lib64)
  set(RANKSENT_NCCL_SOURCES ${CMAKE_CURRENT_LIST_DIR}/../src/train/nccl_backend.cpp)
  message(STATUS "ranksent: NCCL process group, nccl.h from ${RANKSENT_NCCL_INCLUDE_DIR}")
endif()
