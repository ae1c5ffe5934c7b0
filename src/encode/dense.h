// The forward pass of an encoder's dense (linear) layers with what follows
// them: an activation, or the residual that the next LayerNorm adds.
//
// Within one encode (a FrozenWeights scope, outside autograd) the weights do
// not change between batches, so they are prepared once: the query, key and
// value weights concatenated for one GEMM, and, in bfloat16 on a CPU, each
// weight reordered into oneDNN's blocked layout, with the residual add fused
// into the GEMM (docs/results, "Where an encode's time goes": with weights
// in torch's layout the bfloat16 GEMMs reached half the throughput of
// PyTorch's probe). In float32, and wherever autograd records, it is torch's
// linear followed by the activation and the add, as before. Internal to
// ranksent_torch: it includes LibTorch.
#pragma once
#include <cstdint>
#include <mutex>
#include <vector>

#include <torch/torch.h>

namespace ranksent {

enum class Activation { None, Gelu, GeluTanh, Relu };

// The epilogue named by a Hugging Face `hidden_act` ("gelu" is the exact,
// erf GELU; "gelu_new" and "gelu_pytorch_tanh" the tanh approximation).
Activation activation_for(const std::string& hidden_act);

// A stretch of work on this thread in which no weight changes (one
// Encoder::encode call): dense layers prepare their weights once for it.
// Outside one, they are prepared at every call (an optimiser step updates
// weights in place without touching their version counters, so nothing
// else tells a cache that it is stale).
class FrozenWeights {
 public:
  FrozenWeights();
  ~FrozenWeights();
  FrozenWeights(const FrozenWeights&) = delete;
  FrozenWeights& operator=(const FrozenWeights&) = delete;

 private:
  std::uint64_t previous_;
};

// One dense layer's prepared weights (one per module instance), valid for
// the FrozenWeights scope that prepared them.
class DenseWeights {
 public:
  // act(x W^T + b) [+ residual], W and b the parts side by side, the GEMM
  // timed as `phase` (phases.h). `residual` is added after the activation;
  // pass it only where no dropout comes between the layer and the sum.
  torch::Tensor forward(const char* phase, const torch::Tensor& x, const std::vector<torch::nn::Linear>& parts,
                        Activation act, const torch::Tensor& residual = {});

 private:
  struct Prepared {
    torch::Tensor weight, bias, blocked;  // blocked: oneDNN layout, bfloat16 CPU only
  };
  // The parts' weights and biases side by side (one GEMM for all of them).
  static Prepared joined(const std::vector<torch::nn::Linear>& parts);
  // joined(), kept for the current FrozenWeights scope, and blocked on request.
  Prepared prepared(const std::vector<torch::nn::Linear>& parts, bool blocked);

  std::mutex mutex_;
  std::uint64_t scope_ = 0;
  Prepared cache_;
};

// Whether bfloat16 dense layers on this CPU run through oneDNN's blocked
// weights (false where LibTorch lacks oneDNN or the CPU lacks bfloat16
// support; then torch's linear).
bool fused_bfloat16_dense_available();

}  // namespace ranksent
