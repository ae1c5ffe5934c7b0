// MPNet's relative position bias: T5's bucketing of query-key distances
// (bidirectional, 32 buckets, exact up to 8 positions each way, then
// logarithmic up to 128), one learned scalar per bucket and head, computed
// once per forward pass and shared by every layer (transformers'
// MPNetEncoder.compute_position_bias / relative_position_bucket).
#pragma once
#include <torch/torch.h>

namespace ranksent {

// transformers buckets with these whatever the config says.
inline constexpr std::int64_t kMpnetNumBuckets = 32;
inline constexpr std::int64_t kMpnetMaxDistance = 128;

// Bucket of each relative position (key position - query position): the
// first half of the buckets for keys at or before the query, the second
// half for keys after it.
torch::Tensor relative_position_bucket(const torch::Tensor& relative_position,
                                       std::int64_t num_buckets = kMpnetNumBuckets,
                                       std::int64_t max_distance = kMpnetMaxDistance);

// The additive attention bias [1, heads, seq_len, seq_len] from the
// per-bucket weights [buckets, heads] (encoder.relative_attention_bias).
torch::Tensor relative_position_bias(torch::nn::Embedding relative_attention_bias, std::int64_t seq_len);

}  // namespace ranksent
