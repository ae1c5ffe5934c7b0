// The NCCL process group (gradients summed on the GPUs), in a file of its
// own because only a CUDA LibTorch declares it: compiled when CMake's
// RANKSENT_NCCL is on (cmake/Nccl.cmake), which defines RANKSENT_WITH_NCCL.
#pragma once
#include <chrono>

#include <torch/csrc/distributed/c10d/Backend.hpp>
#include <torch/csrc/distributed/c10d/Store.hpp>

namespace ranksent {

c10::intrusive_ptr<c10d::Backend> make_nccl_backend(const c10::intrusive_ptr<c10d::Store>& store, int rank, int world,
                                                    std::chrono::milliseconds timeout);

}  // namespace ranksent
