// Data-parallel post-training over torch.distributed's process group
// (LibTorch's c10d, the Gloo backend on CPU): ranks meet through a TCPStore
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
  std::string master_addr = "127.0.0.1";
  int master_port = 29500;
};

// RANK / WORLD_SIZE / MASTER_ADDR / MASTER_PORT; world 1 when WORLD_SIZE is
// unset. UsageError for values that do not parse or disagree.
DistributedEnv distributed_env();

class DataParallel {
 public:
  DataParallel(const DistributedEnv& env, std::chrono::seconds timeout);
  ~DataParallel();
  int rank() const { return env_.rank; }
  int world() const { return env_.world; }
  // Sums every parameter's gradient over the ranks (missing gradients as zeros).
  void sum_gradients(const std::vector<torch::Tensor>& parameters);
  double sum(double value);
  void barrier();

 private:
  struct Group;
  DistributedEnv env_;
  std::unique_ptr<Group> group_;
};

}  // namespace ranksent
