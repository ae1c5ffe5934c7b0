#include "encode/relative_position.h"

#include <cmath>

namespace ranksent {

torch::Tensor relative_position_bucket(const torch::Tensor& relative_position, std::int64_t num_buckets,
                                       std::int64_t max_distance) {
  // The same operations in the same float32 precision as transformers, so
  // that the truncations at the logarithmic boundaries agree.
  auto n = -relative_position;
  num_buckets /= 2;
  auto ret = n.lt(0).to(torch::kLong) * num_buckets;
  n = n.abs();
  const std::int64_t max_exact = num_buckets / 2;
  auto is_small = n.lt(max_exact);
  auto val_if_large = max_exact + (torch::log(n.to(torch::kFloat) / double(max_exact)) /
                                   std::log(double(max_distance) / double(max_exact)) * double(num_buckets - max_exact))
                                      .to(torch::kLong);
  val_if_large = torch::min(val_if_large, torch::full_like(val_if_large, num_buckets - 1));
  return ret + torch::where(is_small, n, val_if_large);
}

torch::Tensor relative_position_bias(torch::nn::Embedding relative_attention_bias, std::int64_t seq_len) {
  const auto device = relative_attention_bias->weight.device();
  auto positions = torch::arange(seq_len, torch::TensorOptions().dtype(torch::kLong).device(device));
  auto relative = positions.unsqueeze(0) - positions.unsqueeze(1);            // [query, key]: key - query
  auto values = relative_attention_bias(relative_position_bucket(relative));  // [query, key, heads]
  return values.permute({2, 0, 1}).unsqueeze(0);
}

}  // namespace ranksent
