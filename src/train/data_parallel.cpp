#include "train/data_parallel.h"

#include <cstdlib>
#include <string>

#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include "ranksent/error.h"
#ifdef RANKSENT_WITH_NCCL
#include "train/nccl_backend.h"
#endif

namespace ranksent {

namespace {

int env_int(const char* name, int fallback) {
  const char* v = std::getenv(name);
  if (!v || !*v) return fallback;
  char* end = nullptr;
  const long n = std::strtol(v, &end, 10);
  if (*end != '\0' || n < 0 || n > 1000000) throw UsageError(std::string(name) + "=" + v + " is not a number");
  return int(n);
}

}  // namespace

DistributedEnv distributed_env() {
  DistributedEnv e;
  e.world = env_int("WORLD_SIZE", 1);
  e.rank = env_int("RANK", 0);
  e.local_rank = env_int("LOCAL_RANK", e.rank);
  e.master_port = env_int("MASTER_PORT", 29500);
  if (const char* a = std::getenv("MASTER_ADDR"); a && *a) e.master_addr = a;
  if (e.world < 1) throw UsageError("WORLD_SIZE must be at least 1");
  if (e.rank >= e.world)
    throw UsageError("RANK=" + std::to_string(e.rank) + " is not below WORLD_SIZE=" + std::to_string(e.world));
  return e;
}

std::string collective_backend(const std::string& name, const torch::Device& device) {
#ifdef RANKSENT_WITH_NCCL
  constexpr bool built_with_nccl = true;
#else
  constexpr bool built_with_nccl = false;
#endif
  if (name == "auto") return device.is_cuda() && built_with_nccl ? "nccl" : "gloo";
  if (name == "gloo") return name;
  if (name != "nccl") throw UsageError("--dist-backend " + name + ": expected auto, gloo or nccl");
  if (!built_with_nccl)
    throw UsageError(
        "--dist-backend nccl: this build has no NCCL (configure with -DRANKSENT_NCCL=ON against a CUDA "
        "LibTorch: docs/scaling.md)");
  if (!device.is_cuda()) throw UsageError("--dist-backend nccl needs --device cuda");
  return name;
}

struct DataParallel::Group {
  c10::intrusive_ptr<c10d::Backend> pg;
};

DataParallel::DataParallel(const DistributedEnv& env, std::chrono::seconds timeout, const std::string& backend,
                           const torch::Device& device)
    : env_(env), backend_(backend), collective_device_(backend == "nccl" ? device : torch::Device(torch::kCPU)) {
  c10d::TCPStoreOptions so;
  so.port = std::uint16_t(env.master_port);
  so.isServer = env.rank == 0;
  so.numWorkers = env.world;
  so.waitWorkers = true;
  so.timeout = timeout;
  c10::intrusive_ptr<c10d::Store> store;
  try {
    store = c10::make_intrusive<c10d::TCPStore>(env.master_addr, so);
  } catch (const std::exception& e) {
    throw std::runtime_error("rank " + std::to_string(env.rank) + " could not meet the others at " + env.master_addr +
                             ":" + std::to_string(env.master_port) + ": " + e.what());
  }
  group_ = std::make_unique<Group>();
#ifdef RANKSENT_WITH_NCCL
  if (backend == "nccl") {
    group_->pg = make_nccl_backend(store, env.rank, env.world, timeout);
    return;
  }
#endif
  auto options = c10d::ProcessGroupGloo::Options::create();
  options->timeout = timeout;
  options->devices.push_back(
      c10d::ProcessGroupGloo::createDeviceForHostname(env.master_addr == "localhost" ? "127.0.0.1" : env.master_addr));
  group_->pg = c10::make_intrusive<c10d::ProcessGroupGloo>(store, env.rank, env.world, options);
}

DataParallel::~DataParallel() = default;

void DataParallel::sum_gradients(const std::vector<torch::Tensor>& parameters) {
  std::vector<torch::Tensor> grads;
  for (const auto& p : parameters) {
    if (!p.requires_grad()) continue;
    if (!p.grad().defined()) p.mutable_grad() = torch::zeros_like(p);
    grads.push_back(p.grad());
  }
  // One flat buffer: one collective for the whole model.
  auto flat = torch::cat([&] {
                std::vector<torch::Tensor> v;
                for (const auto& g : grads) v.push_back(g.reshape({-1}));
                return v;
              }())
                  .to(collective_device_);
  std::vector<torch::Tensor> buffer{flat};
  try {
    group_->pg->allreduce(buffer)->wait();
  } catch (const std::exception& e) {
    throw std::runtime_error("rank " + std::to_string(env_.rank) +
                             ": summing gradients failed (a rank stopped?): " + e.what());
  }
  std::int64_t at = 0;
  for (auto& g : grads) {
    g.copy_(flat.slice(0, at, at + g.numel()).view_as(g));
    at += g.numel();
  }
}

double DataParallel::sum(double value) {
  std::vector<torch::Tensor> t{
      torch::full({1}, value, torch::TensorOptions(torch::kDouble).device(collective_device_))};
  try {
    group_->pg->allreduce(t)->wait();
  } catch (const std::exception& e) {
    throw std::runtime_error("rank " + std::to_string(env_.rank) +
                             ": a collective failed (a rank stopped?): " + e.what());
  }
  return t[0].item<double>();
}

void DataParallel::barrier() { sum(0.0); }

}  // namespace ranksent
