// BERT and RoBERTa encoders as LibTorch modules whose parameter names are the
// Hugging Face names (embeddings.word_embeddings.weight,
// encoder.layer.0.attention.self.query.weight, pooler.dense.weight, ...), so a
// checkpoint maps onto named_parameters() one to one. Internal to
// ranksent_torch (and its tests): it includes LibTorch.
#pragma once
#include <torch/torch.h>

#include "ranksent/encode/model_config.h"

namespace ranksent {

struct SelfAttentionImpl : torch::nn::Module {
  SelfAttentionImpl(const TransformerConfig& c);
  torch::Tensor forward(const torch::Tensor& hidden, const torch::Tensor& attention_bias);
  torch::nn::Linear query{nullptr}, key{nullptr}, value{nullptr};
  std::int64_t heads, head_dim;
  double dropout;
};
TORCH_MODULE(SelfAttention);

// dense + dropout + residual + LayerNorm (BertSelfOutput / BertOutput).
struct ResidualOutputImpl : torch::nn::Module {
  ResidualOutputImpl(std::int64_t in, std::int64_t out, const TransformerConfig& c);
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& residual);
  torch::nn::Linear dense{nullptr};
  torch::nn::LayerNorm LayerNorm{nullptr};
  torch::nn::Dropout dropout{nullptr};
};
TORCH_MODULE(ResidualOutput);

struct AttentionImpl : torch::nn::Module {
  AttentionImpl(const TransformerConfig& c);
  torch::Tensor forward(const torch::Tensor& hidden, const torch::Tensor& attention_bias);
  SelfAttention self{nullptr};
  ResidualOutput output{nullptr};
};
TORCH_MODULE(Attention);

struct IntermediateImpl : torch::nn::Module {
  IntermediateImpl(const TransformerConfig& c);
  torch::Tensor forward(const torch::Tensor& x);
  torch::nn::Linear dense{nullptr};
  std::string activation;
};
TORCH_MODULE(Intermediate);

struct LayerImpl : torch::nn::Module {
  LayerImpl(const TransformerConfig& c);
  torch::Tensor forward(const torch::Tensor& hidden, const torch::Tensor& attention_bias);
  Attention attention{nullptr};
  Intermediate intermediate{nullptr};
  ResidualOutput output{nullptr};
};
TORCH_MODULE(Layer);

struct EmbeddingsImpl : torch::nn::Module {
  EmbeddingsImpl(const TransformerConfig& c);
  torch::Tensor forward(const torch::Tensor& input_ids, const torch::Tensor& attention_mask);
  torch::nn::Embedding word_embeddings{nullptr}, position_embeddings{nullptr}, token_type_embeddings{nullptr};
  torch::nn::LayerNorm LayerNorm{nullptr};
  torch::nn::Dropout dropout{nullptr};
  Architecture architecture;
  std::int64_t padding_idx;
};
TORCH_MODULE(Embeddings);

struct EncoderStackImpl : torch::nn::Module {
  EncoderStackImpl(const TransformerConfig& c);
  torch::nn::ModuleList layer{nullptr};
};
TORCH_MODULE(EncoderStack);

// BertPooler: dense + tanh on the first token.
struct PoolerImpl : torch::nn::Module {
  PoolerImpl(const TransformerConfig& c);
  torch::Tensor forward(const torch::Tensor& first_token);
  torch::nn::Linear dense{nullptr};
};
TORCH_MODULE(Pooler);

struct TransformerOutput {
  torch::Tensor last_hidden_state;  // [batch, seq, hidden]
  torch::Tensor pooler_output;      // [batch, hidden], undefined without a pooler
};

struct TransformerImpl : torch::nn::Module {
  TransformerImpl(const TransformerConfig& c, bool with_pooler);
  TransformerOutput forward(const torch::Tensor& input_ids, const torch::Tensor& attention_mask);
  TransformerConfig config;
  Embeddings embeddings{nullptr};
  EncoderStack encoder{nullptr};
  Pooler pooler{nullptr};  // null when the checkpoint has none
};
TORCH_MODULE(Transformer);

}  // namespace ranksent
