// What `encode` and `eval` do alike with their options: the encoder named by
// --model, placed by --device and --dtype, and how it encodes (--batch-size,
// --max-length, --pooling).
#pragma once
#include <cstdint>
#include <string>

#include <fmt/core.h>

#include "ranksent/encode/encoder.h"
#include "ranksent/models.h"

namespace ranksent::cli {

// --dtype of `encode` and `eval`. auto, the default, takes bfloat16 where the
// CPU computes it in hardware: there it is 2-3x faster than float32 with
// every STS set within 0.015 of it (docs/results, "Against the floor").
inline constexpr const char* kDtypeHelp =
    "float32 | bfloat16 | float16 | auto (weights and activations; auto: bfloat16 on a CPU with AMX-BF16 or "
    "AVX512-BF16, float32 elsewhere and on CUDA)";

inline Encoder placed_encoder(const std::string& model, const std::string& device, const std::string& dtype) {
  auto encoder = Encoder::load(resolve_encoder(model));
  encoder.place(device, dtype);
  // Said once, on stderr: the numbers that follow depend on it.
  if (dtype == "auto") fmt::print(stderr, "--dtype auto: {} on this {}\n", resolve_dtype(dtype, device), device);
  return encoder;
}

// An empty pooling: the model's own.
inline EncodeOptions encode_options(std::int64_t batch_size, std::size_t max_length, const std::string& pooling) {
  EncodeOptions o;
  o.batch_size = batch_size;
  o.max_length = max_length;
  if (!pooling.empty()) o.pooling = parse_pooling(pooling);
  return o;
}

}  // namespace ranksent::cli
