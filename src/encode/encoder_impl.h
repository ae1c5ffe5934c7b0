// Tensor-level view of an Encoder, for the code that trains it or needs its
// token states (ranksent_torch only).
#pragma once
#include <torch/torch.h>

#include "encode/transformer.h"
#include "ranksent/encode/encoder.h"

namespace ranksent {

struct Encoder::Impl {
  std::filesystem::path directory;
  TransformerConfig config;
  text::Tokenizer tokenizer;
  mutable Transformer model{nullptr};  // forward() is non-const in LibTorch
  Pooling pooling = Pooling::ClsBeforePooler;
  bool normalize = false;
  std::size_t max_length = 512;

  // Tokenises sentences into a padded [batch, seq] pair on the model's device.
  std::pair<torch::Tensor, torch::Tensor> tokenize(const std::vector<std::string>& sentences,
                                                   std::size_t max_length) const;
  // The same for a batch the tokenizer has padded.
  std::pair<torch::Tensor, torch::Tensor> to_tensors(text::Tokenizer::Batch& batch) const;
  // One embedding per row, in the model's current mode (train or eval).
  torch::Tensor embed(const torch::Tensor& input_ids, const torch::Tensor& attention_mask, Pooling pooling) const;
};

// Pooling of token states (Pooling::Cls needs the pooler output).
torch::Tensor pool(const TransformerOutput& out, const torch::Tensor& attention_mask, Pooling pooling);

}  // namespace ranksent
