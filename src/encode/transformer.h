// BERT, RoBERTa and MPNet encoders as LibTorch modules whose parameter names
// are the Hugging Face names (embeddings.word_embeddings.weight,
// encoder.layer.0.attention.self.query.weight or, for MPNet,
// encoder.layer.0.attention.attn.q.weight, pooler.dense.weight, ...), so a
// checkpoint maps onto named_parameters() one to one. Internal to
// ranksent_torch (and its tests): it includes LibTorch.
#pragma once
#include <vector>

#include <torch/torch.h>

#include "encode/dense.h"
#include "ranksent/encode/model_config.h"

namespace ranksent {

// Where the real tokens of a padded [batch, seq] batch sit. The dense layers
// run on those rows only ([tokens, width], "packed"); attention pads them
// back to [batch, seq, width]. With little or no padding (under a tenth of
// the grid) both are views and the dense layers see the padding too.
struct TokenLayout {
  explicit TokenLayout(const torch::Tensor& attention_mask);
  bool packed() const { return index.defined(); }
  torch::Tensor pack(const torch::Tensor& padded) const;  // [batch, seq, w] -> [tokens, w]
  torch::Tensor pad(const torch::Tensor& rows) const;     // [tokens, w] -> [batch, seq, w], zeros at padding
  torch::Tensor index;  // [tokens] places in the flattened [batch * seq]; undefined without padding
  std::int64_t batch, seq;
};

// softmax(QK^T / sqrt(d) + bias) V over heads, from [batch, seq, hidden]
// projections back to [batch, seq, hidden]; dropout on the attention
// weights only in training.
torch::Tensor multi_head_attention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                                   std::int64_t heads, const torch::Tensor& attention_bias, double dropout);

// Self-attention of packed rows: the query, key and value projections in one
// GEMM on the real tokens, attention on the padded grid, the context packed.
torch::Tensor packed_attention(const torch::Tensor& rows, const TokenLayout& layout,
                               const std::vector<torch::nn::Linear>& qkv, DenseWeights& qkv_weights, std::int64_t heads,
                               const torch::Tensor& attention_bias, double dropout);

// BertSelfAttention: query, key, value.
struct SelfAttentionImpl : torch::nn::Module {
  SelfAttentionImpl(const TransformerConfig& c);
  torch::Tensor forward(const torch::Tensor& rows, const TokenLayout& layout, const torch::Tensor& attention_bias);
  torch::nn::Linear query{nullptr}, key{nullptr}, value{nullptr};
  std::int64_t heads;
  double dropout;
  DenseWeights qkv_weights;
};
TORCH_MODULE(SelfAttention);

// MPNetSelfAttention: q, k, v and the output projection o; `residual`, when
// given, is added to o's output (outside training: no dropout between).
struct MpnetSelfAttentionImpl : torch::nn::Module {
  MpnetSelfAttentionImpl(const TransformerConfig& c);
  torch::Tensor forward(const torch::Tensor& rows, const TokenLayout& layout, const torch::Tensor& attention_bias,
                        const torch::Tensor& residual = {});
  torch::nn::Linear q{nullptr}, k{nullptr}, v{nullptr}, o{nullptr};
  std::int64_t heads;
  double dropout;
  DenseWeights qkv_weights, o_weights;
};
TORCH_MODULE(MpnetSelfAttention);

// dense + dropout + residual + LayerNorm (BertSelfOutput / BertOutput); the
// dense layer's GEMM is profiled as `gemm_phase` (phases.h).
struct ResidualOutputImpl : torch::nn::Module {
  ResidualOutputImpl(std::int64_t in, std::int64_t out, const TransformerConfig& c, const char* gemm_phase);
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& residual);
  torch::nn::Linear dense{nullptr};
  torch::nn::LayerNorm LayerNorm{nullptr};
  torch::nn::Dropout dropout{nullptr};
  const char* gemm_phase;
  DenseWeights weights;
};
TORCH_MODULE(ResidualOutput);

// A layer's attention sublayer, residual and LayerNorm included; the two
// families name its parts differently.
struct AttentionBlock : torch::nn::Module {
  virtual torch::Tensor forward(const torch::Tensor& rows, const TokenLayout& layout,
                                const torch::Tensor& attention_bias) = 0;
};

// BertAttention: self, then output (dense + dropout + residual + LayerNorm).
struct BertAttention : AttentionBlock {
  BertAttention(const TransformerConfig& c);
  torch::Tensor forward(const torch::Tensor& rows, const TokenLayout& layout,
                        const torch::Tensor& attention_bias) override;
  SelfAttention self{nullptr};
  ResidualOutput output{nullptr};
};

// MPNetAttention: attn (its o is the dense), then dropout + residual + LayerNorm.
struct MpnetAttention : AttentionBlock {
  MpnetAttention(const TransformerConfig& c);
  torch::Tensor forward(const torch::Tensor& rows, const TokenLayout& layout,
                        const torch::Tensor& attention_bias) override;
  MpnetSelfAttention attn{nullptr};
  torch::nn::LayerNorm LayerNorm{nullptr};
  torch::nn::Dropout dropout{nullptr};
};

struct IntermediateImpl : torch::nn::Module {
  IntermediateImpl(const TransformerConfig& c);
  torch::Tensor forward(const torch::Tensor& x);
  torch::nn::Linear dense{nullptr};
  Activation activation;
  DenseWeights weights;
};
TORCH_MODULE(Intermediate);

struct LayerImpl : torch::nn::Module {
  LayerImpl(const TransformerConfig& c);
  torch::Tensor forward(const torch::Tensor& rows, const TokenLayout& layout, const torch::Tensor& attention_bias);
  std::shared_ptr<AttentionBlock> attention;
  Intermediate intermediate{nullptr};
  ResidualOutput output{nullptr};
};
TORCH_MODULE(Layer);

// word + position (+ token type, not in MPNet) embeddings, LayerNorm, dropout.
struct EmbeddingsImpl : torch::nn::Module {
  EmbeddingsImpl(const TransformerConfig& c);
  torch::Tensor forward(const torch::Tensor& input_ids);
  torch::nn::Embedding word_embeddings{nullptr}, position_embeddings{nullptr};
  torch::nn::Embedding token_type_embeddings{nullptr};  // null for MPNet
  torch::nn::LayerNorm LayerNorm{nullptr};
  torch::nn::Dropout dropout{nullptr};
  Architecture architecture;
  std::int64_t padding_idx;
};
TORCH_MODULE(Embeddings);

struct EncoderStackImpl : torch::nn::Module {
  EncoderStackImpl(const TransformerConfig& c);
  torch::nn::ModuleList layer{nullptr};
  torch::nn::Embedding relative_attention_bias{nullptr};  // MPNet only: [buckets, heads]
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
  torch::Tensor last_hidden_state;  // [batch, seq, hidden]; zeros at padded places
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
