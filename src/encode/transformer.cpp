#include "encode/transformer.h"

#include <cmath>

namespace ranksent {

namespace {
torch::nn::LayerNorm layer_norm(const TransformerConfig& c) {
  return torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.hidden_size}).eps(c.layer_norm_eps));
}
}  // namespace

SelfAttentionImpl::SelfAttentionImpl(const TransformerConfig& c)
    : heads(c.num_attention_heads), head_dim(c.hidden_size / c.num_attention_heads),
      dropout(c.attention_probs_dropout_prob) {
  query = register_module("query", torch::nn::Linear(c.hidden_size, c.hidden_size));
  key = register_module("key", torch::nn::Linear(c.hidden_size, c.hidden_size));
  value = register_module("value", torch::nn::Linear(c.hidden_size, c.hidden_size));
}

torch::Tensor SelfAttentionImpl::forward(const torch::Tensor& hidden, const torch::Tensor& attention_bias) {
  const auto b = hidden.size(0), n = hidden.size(1);
  auto split = [&](const torch::Tensor& x) { return x.view({b, n, heads, head_dim}).transpose(1, 2); };
  // softmax(QK^T / sqrt(d) + bias) V, with dropout on the attention weights in training.
  auto context = at::scaled_dot_product_attention(split(query(hidden)), split(key(hidden)), split(value(hidden)),
                                                  attention_bias, is_training() ? dropout : 0.0);
  return context.transpose(1, 2).reshape({b, n, heads * head_dim});
}

ResidualOutputImpl::ResidualOutputImpl(std::int64_t in, std::int64_t out, const TransformerConfig& c) {
  dense = register_module("dense", torch::nn::Linear(in, out));
  LayerNorm = register_module("LayerNorm", layer_norm(c));
  dropout = register_module("dropout", torch::nn::Dropout(c.hidden_dropout_prob));
}

torch::Tensor ResidualOutputImpl::forward(const torch::Tensor& x, const torch::Tensor& residual) {
  return LayerNorm(dropout(dense(x)) + residual);
}

AttentionImpl::AttentionImpl(const TransformerConfig& c) {
  self = register_module("self", SelfAttention(c));
  output = register_module("output", ResidualOutput(c.hidden_size, c.hidden_size, c));
}

torch::Tensor AttentionImpl::forward(const torch::Tensor& hidden, const torch::Tensor& attention_bias) {
  return output(self(hidden, attention_bias), hidden);
}

IntermediateImpl::IntermediateImpl(const TransformerConfig& c) : activation(c.hidden_act) {
  dense = register_module("dense", torch::nn::Linear(c.hidden_size, c.intermediate_size));
}

torch::Tensor IntermediateImpl::forward(const torch::Tensor& x) {
  auto h = dense(x);
  if (activation == "gelu") return torch::gelu(h);  // exact (erf) GELU, HF's "gelu"
  if (activation == "relu") return torch::relu(h);
  return torch::gelu(h, "tanh");  // gelu_new / gelu_pytorch_tanh
}

LayerImpl::LayerImpl(const TransformerConfig& c) {
  attention = register_module("attention", Attention(c));
  intermediate = register_module("intermediate", Intermediate(c));
  output = register_module("output", ResidualOutput(c.intermediate_size, c.hidden_size, c));
}

torch::Tensor LayerImpl::forward(const torch::Tensor& hidden, const torch::Tensor& attention_bias) {
  auto attended = attention(hidden, attention_bias);
  return output(intermediate(attended), attended);
}

EmbeddingsImpl::EmbeddingsImpl(const TransformerConfig& c)
    : architecture(c.architecture), padding_idx(c.pad_token_id) {
  word_embeddings = register_module("word_embeddings", torch::nn::Embedding(c.vocab_size, c.hidden_size));
  position_embeddings =
      register_module("position_embeddings", torch::nn::Embedding(c.max_position_embeddings, c.hidden_size));
  token_type_embeddings =
      register_module("token_type_embeddings", torch::nn::Embedding(std::max<std::int64_t>(c.type_vocab_size, 1), c.hidden_size));
  LayerNorm = register_module("LayerNorm", layer_norm(c));
  dropout = register_module("dropout", torch::nn::Dropout(c.hidden_dropout_prob));
}

torch::Tensor EmbeddingsImpl::forward(const torch::Tensor& input_ids, const torch::Tensor& attention_mask) {
  torch::Tensor positions;
  if (architecture == Architecture::Roberta) {
    // RoBERTa counts positions from padding_idx + 1 over non-pad tokens;
    // pad tokens sit at padding_idx (create_position_ids_from_input_ids).
    auto not_pad = input_ids.ne(padding_idx).to(torch::kLong);
    positions = torch::cumsum(not_pad, 1) * not_pad + padding_idx;
  } else {
    positions = torch::arange(input_ids.size(1), input_ids.options()).unsqueeze(0).expand_as(input_ids);
  }
  (void)attention_mask;
  auto token_types = torch::zeros_like(input_ids);
  auto e = word_embeddings(input_ids) + token_type_embeddings(token_types) + position_embeddings(positions);
  return dropout(LayerNorm(e));
}

EncoderStackImpl::EncoderStackImpl(const TransformerConfig& c) {
  layer = register_module("layer", torch::nn::ModuleList());
  for (std::int64_t i = 0; i < c.num_hidden_layers; ++i) layer->push_back(Layer(c));
}

PoolerImpl::PoolerImpl(const TransformerConfig& c) {
  dense = register_module("dense", torch::nn::Linear(c.hidden_size, c.hidden_size));
}

torch::Tensor PoolerImpl::forward(const torch::Tensor& first_token) { return torch::tanh(dense(first_token)); }

TransformerImpl::TransformerImpl(const TransformerConfig& c, bool with_pooler) : config(c) {
  embeddings = register_module("embeddings", Embeddings(c));
  encoder = register_module("encoder", EncoderStack(c));
  if (with_pooler) pooler = register_module("pooler", Pooler(c));
}

TransformerOutput TransformerImpl::forward(const torch::Tensor& input_ids, const torch::Tensor& attention_mask) {
  auto hidden = embeddings(input_ids, attention_mask);
  // Additive mask: 0 where a key may be attended, the dtype's lowest value at
  // padding (as transformers' extended attention mask), shaped [b, 1, 1, seq].
  const double lowest = hidden.scalar_type() == torch::kHalf       ? -65504.0
                        : hidden.scalar_type() == torch::kBFloat16 ? -3.3895313892515355e38
                                                                   : double(std::numeric_limits<float>::lowest());
  auto bias = (1.0 - attention_mask.to(hidden.dtype()).unsqueeze(1).unsqueeze(2)) * lowest;
  for (const auto& module : *encoder->layer) hidden = module->as<LayerImpl>()->forward(hidden, bias);
  TransformerOutput out{hidden, {}};
  if (pooler) out.pooler_output = pooler(hidden.select(1, 0));
  return out;
}

}  // namespace ranksent
