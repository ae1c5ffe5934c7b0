// What training needs of an Encoder at tensor level: its tokenised batches,
// its embeddings with autograd, its parameters and its train/eval mode
// (ranksent_torch only). The Encoder's internals stay in src/encode/.
#pragma once
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include <torch/torch.h>

#include "ranksent/encode/encoder.h"

namespace ranksent {

// Padded [batch, seq] token ids and attention mask on the encoder's device,
// truncated to max_length tokens.
std::pair<torch::Tensor, torch::Tensor> tokenize_batch(const Encoder& encoder,
                                                       const std::vector<std::string>& sentences,
                                                       std::size_t max_length);

// One embedding a row, in the model's current mode (train: dropout on), with
// autograd unless the caller turned it off.
torch::Tensor embed_batch(const Encoder& encoder, const torch::Tensor& input_ids, const torch::Tensor& attention_mask,
                          Pooling pooling);

// The parameters, in the order and under the names of the Hugging Face checkpoint.
std::vector<torch::Tensor> parameters(const Encoder& encoder);
torch::OrderedDict<std::string, torch::Tensor> named_parameters(const Encoder& encoder);

bool is_training(const Encoder& encoder);
// Train mode (dropout on) or eval mode.
void set_training(const Encoder& encoder, bool on);
// Eval mode and no gradients: a teacher, which is never updated.
void freeze(const Encoder& encoder);

}  // namespace ranksent
