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
  find_path(RANKSENT_NCCL_INCLUDE_DIR nccl.h
    HINTS $ENV{NCCL_ROOT}/include ${TORCH_INSTALL_PREFIX}/../nvidia/nccl/include)
  if(NOT RANKSENT_NCCL_INCLUDE_DIR)
    message(FATAL_ERROR "RANKSENT_NCCL=ON: nccl.h not found (install NCCL, or set NCCL_ROOT to its prefix)")
  endif()
  set(RANKSENT_NCCL_SOURCES ${CMAKE_CURRENT_LIST_DIR}/../src/train/nccl_backend.cpp)
  message(STATUS "ranksent: NCCL process group, nccl.h from ${RANKSENT_NCCL_INCLUDE_DIR}")
endif()
