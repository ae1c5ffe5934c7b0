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

inline Encoder placed_encoder(const std::string& model, const std::string& device, const std::string& dtype) {
  auto encoder = Encoder::load(resolve_encoder(model));
  encoder.place(device, dtype);
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
