// Mixed precision for post-training (`train --dtype bfloat16`): the
// encoder's forward pass runs under autocast (matmuls in bfloat16) while the
// weights, their gradients and Adam's state stay float32, and the loss
// (cosines, Eq. 6-7 refinement, ListMLE) is computed from float32 copies of
// the embeddings.
#pragma once
#include <optional>
#include <string>

#include <torch/torch.h>

#include "ranksent/options.h"

namespace ranksent {

// Float32 -> nullopt (no autocast), BFloat16 -> kBFloat16. There is no
// float16: without loss scaling its gradients underflow.
std::optional<torch::ScalarType> training_autocast_dtype(Precision precision);

// Autocast on `device` for the guard's lifetime (nothing when dtype is
// nullopt); the previous state comes back on exit, and the cast cache is
// cleared when the outermost guard ends.
class Autocast {
 public:
  Autocast(torch::DeviceType device, std::optional<torch::ScalarType> dtype);
  ~Autocast();
  Autocast(const Autocast&) = delete;
  Autocast& operator=(const Autocast&) = delete;

 private:
  bool active_ = false;
  torch::DeviceType device_ = torch::kCPU;
  bool was_enabled_ = false;
  torch::ScalarType was_dtype_ = torch::kBFloat16;
};

}  // namespace ranksent
