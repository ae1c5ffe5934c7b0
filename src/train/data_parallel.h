// Data-parallel post-training over torch.distributed's process group
// (LibTorch's c10d: Gloo, or NCCL for GPUs in a build with RANKSENT_NCCL):
// ranks meet through a TCPStore
// at MASTER_ADDR:MASTER_PORT (the environment torchrun sets: RANK,
// WORLD_SIZE, MASTER_ADDR, MASTER_PORT), and every step sums the
// gradients of all ranks. A rank that dies makes the others fail with an
// error within the timeout instead of waiting for ever.
#pragma once
#include <chrono>
#include <memory>
#include <vector>

#include <torch/torch.h>

namespace ranksent {

struct DistributedEnv {
  int rank = 0, world = 1;
  int local_rank = 0;  // LOCAL_RANK (the rank on this machine; picks the GPU), default RANK
  std::string master_addr = "127.0.0.1";
  int master_port = 29500;
};

// RANK / WORLD_SIZE / MASTER_ADDR / MASTER_PORT / LOCAL_RANK; world 1 when
// WORLD_SIZE is unset. UsageError for values that do not parse or disagree.
DistributedEnv distributed_env();

// The process group's backend for `--dist-backend NAME` and weights on
// `device`: "gloo", "nccl" (a UsageError in a build without it, or for CPU
// weights), or "auto" = nccl for CUDA weights when built with it, else gloo.
std::string collective_backend(const std::string& name, const torch::Device& device);

class DataParallel {
 public:
  // `backend` as collective_backend returns it; `device` holds the weights
  // (Gloo sums in host memory, NCCL on the device).
  DataParallel(const DistributedEnv& env, std::chrono::seconds timeout, const std::string& backend,
               const torch::Device& device);
  ~DataParallel();
  int rank() const { return env_.rank; }
  int world() const { return env_.world; }
  const std::string& backend() const { return backend_; }
  // Sums every parameter's gradient over the ranks (missing gradients as zeros).
  void sum_gradients(const std::vector<torch::Tensor>& parameters);
  double sum(double value);
  void barrier();

 private:
  struct Group;
  DistributedEnv env_;
  std::string backend_;
  torch::Device collective_device_ = torch::kCPU;  // where the summed buffers live
  std::unique_ptr<Group> group_;
};

}  // namespace ranksent
