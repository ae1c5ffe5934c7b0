#include "encode/transformer.h"

#include <algorithm>
#include <cmath>

#include "encode/phases.h"
#include "encode/relative_position.h"
#include "ranksent/common/phase_profile.h"

namespace ranksent {

namespace {
torch::nn::LayerNorm layer_norm(const TransformerConfig& c) {
  return torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.hidden_size}).eps(c.layer_norm_eps));
}

torch::nn::Linear square(const TransformerConfig& c) { return torch::nn::Linear(c.hidden_size, c.hidden_size); }
}  // namespace

TokenLayout::TokenLayout(const torch::Tensor& attention_mask)
    : batch(attention_mask.size(0)), seq(attention_mask.size(1)) {
  // Packing costs a gather and a scatter per layer (7% of a bfloat16 encode
  // here); it pays only where padding is more than a tenth of the grid (a
  // training list: 41%; length-sorted encode batches: about 1%, unpacked
  // 10-12% faster in bfloat16, docs/results "Where an encode's time goes").
  constexpr double kPackBelowRealShare = 0.9;
  auto flat = attention_mask.reshape({-1});
  const double real = flat.sum().item<double>() / double(std::max<std::int64_t>(1, flat.numel()));
  if (real < kPackBelowRealShare) index = flat.nonzero().squeeze(1);
}

torch::Tensor TokenLayout::pack(const torch::Tensor& padded) const {
  auto rows = padded.reshape({batch * seq, padded.size(-1)});
  return packed() ? rows.index_select(0, index) : rows;
}

torch::Tensor TokenLayout::pad(const torch::Tensor& rows) const {
  if (!packed()) return rows.view({batch, seq, rows.size(-1)});
  return torch::zeros({batch * seq, rows.size(-1)}, rows.options())
      .index_copy(0, index, rows)
      .view({batch, seq, rows.size(-1)});
}

torch::Tensor multi_head_attention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                                   std::int64_t heads, const torch::Tensor& attention_bias, double dropout) {
  const auto b = q.size(0), n = q.size(1), width = q.size(2);
  auto split = [&](const torch::Tensor& x) { return x.view({b, n, heads, width / heads}).transpose(1, 2); };
  return in_phase(phase::kAttention, [&] {
    auto context = at::scaled_dot_product_attention(split(q), split(k), split(v), attention_bias, dropout);
    return context.transpose(1, 2).reshape({b, n, width});
  });
}

torch::Tensor packed_attention(const torch::Tensor& rows, const TokenLayout& layout,
                               const std::vector<torch::nn::Linear>& qkv, DenseWeights& qkv_weights, std::int64_t heads,
                               const torch::Tensor& attention_bias, double dropout) {
  // One GEMM for the three projections (their weights side by side), on
  // the real tokens only; attention itself needs the padded [b, t] grid.
  auto qkv_rows = qkv_weights.forward(phase::kQkv, rows, qkv, Activation::None);
  auto projected = in_phase(phase::kPackAndPad, [&] { return layout.pad(qkv_rows).chunk(3, -1); });
  auto context = multi_head_attention(projected[0], projected[1], projected[2], heads, attention_bias, dropout);
  return in_phase(phase::kPackAndPad, [&] { return layout.pack(context); });
}

SelfAttentionImpl::SelfAttentionImpl(const TransformerConfig& c)
    : heads(c.num_attention_heads), dropout(c.attention_probs_dropout_prob) {
  query = register_module("query", square(c));
  key = register_module("key", square(c));
  value = register_module("value", square(c));
}

torch::Tensor SelfAttentionImpl::forward(const torch::Tensor& rows, const TokenLayout& layout,
                                         const torch::Tensor& attention_bias) {
  return packed_attention(rows, layout, {query, key, value}, qkv_weights, heads, attention_bias,
                          is_training() ? dropout : 0.0);
}

MpnetSelfAttentionImpl::MpnetSelfAttentionImpl(const TransformerConfig& c)
    : heads(c.num_attention_heads), dropout(c.attention_probs_dropout_prob) {
  q = register_module("q", square(c));
  k = register_module("k", square(c));
  v = register_module("v", square(c));
  o = register_module("o", square(c));
}

torch::Tensor MpnetSelfAttentionImpl::forward(const torch::Tensor& rows, const TokenLayout& layout,
                                              const torch::Tensor& attention_bias, const torch::Tensor& residual) {
  auto context =
      packed_attention(rows, layout, {q, k, v}, qkv_weights, heads, attention_bias, is_training() ? dropout : 0.0);
  return o_weights.forward(phase::kAttentionOutput, context, {o}, Activation::None, residual);
}

ResidualOutputImpl::ResidualOutputImpl(std::int64_t in, std::int64_t out, const TransformerConfig& c,
                                       const char* gemm_phase)
    : gemm_phase(gemm_phase) {
  dense = register_module("dense", torch::nn::Linear(in, out));
  LayerNorm = register_module("LayerNorm", layer_norm(c));
  dropout = register_module("dropout", torch::nn::Dropout(c.hidden_dropout_prob));
}

torch::Tensor ResidualOutputImpl::forward(const torch::Tensor& x, const torch::Tensor& residual) {
  // Outside training dropout is the identity: the residual joins the GEMM.
  if (!is_training()) {
    auto h = weights.forward(gemm_phase, x, {dense}, Activation::None, residual);
    return in_phase(phase::kResidualLayerNorm, [&] { return LayerNorm(h); });
  }
  auto h = weights.forward(gemm_phase, x, {dense}, Activation::None);
  return in_phase(phase::kResidualLayerNorm, [&] { return LayerNorm(dropout(h) + residual); });
}

BertAttention::BertAttention(const TransformerConfig& c) {
  self = register_module("self", SelfAttention(c));
  output = register_module("output", ResidualOutput(c.hidden_size, c.hidden_size, c, phase::kAttentionOutput));
}

torch::Tensor BertAttention::forward(const torch::Tensor& rows, const TokenLayout& layout,
                                     const torch::Tensor& attention_bias) {
  return output(self(rows, layout, attention_bias), rows);
}

MpnetAttention::MpnetAttention(const TransformerConfig& c) {
  attn = register_module("attn", MpnetSelfAttention(c));
  LayerNorm = register_module("LayerNorm", layer_norm(c));
  dropout = register_module("dropout", torch::nn::Dropout(c.hidden_dropout_prob));
}

torch::Tensor MpnetAttention::forward(const torch::Tensor& rows, const TokenLayout& layout,
                                      const torch::Tensor& attention_bias) {
  if (!is_training()) {  // dropout is the identity: the residual joins o's GEMM
    auto h = attn(rows, layout, attention_bias, rows);
    return in_phase(phase::kResidualLayerNorm, [&] { return LayerNorm(h); });
  }
  auto h = attn(rows, layout, attention_bias);
  return in_phase(phase::kResidualLayerNorm, [&] { return LayerNorm(dropout(h) + rows); });
}

IntermediateImpl::IntermediateImpl(const TransformerConfig& c) : activation(activation_for(c.hidden_act)) {
  dense = register_module("dense", torch::nn::Linear(c.hidden_size, c.intermediate_size));
}

torch::Tensor IntermediateImpl::forward(const torch::Tensor& x) {
  return weights.forward(phase::kFeedForwardUp, x, {dense}, activation);
}

LayerImpl::LayerImpl(const TransformerConfig& c) {
  std::shared_ptr<AttentionBlock> block;
  if (c.architecture == Architecture::Mpnet)
    block = std::make_shared<MpnetAttention>(c);
  else
    block = std::make_shared<BertAttention>(c);
  attention = register_module("attention", block);
  intermediate = register_module("intermediate", Intermediate(c));
  output = register_module("output", ResidualOutput(c.intermediate_size, c.hidden_size, c, phase::kFeedForwardDown));
}

torch::Tensor LayerImpl::forward(const torch::Tensor& rows, const TokenLayout& layout,
                                 const torch::Tensor& attention_bias) {
  auto attended = attention->forward(rows, layout, attention_bias);
  return output(intermediate(attended), attended);
}

EmbeddingsImpl::EmbeddingsImpl(const TransformerConfig& c)
    : architecture(c.architecture),
      // transformers' MPNetEmbeddings fixes padding_idx at 1, whatever pad_token_id says.
      padding_idx(c.architecture == Architecture::Mpnet ? 1 : c.pad_token_id) {
  word_embeddings = register_module("word_embeddings", torch::nn::Embedding(c.vocab_size, c.hidden_size));
  position_embeddings =
      register_module("position_embeddings", torch::nn::Embedding(c.max_position_embeddings, c.hidden_size));
  if (c.architecture != Architecture::Mpnet)
    token_type_embeddings = register_module(
        "token_type_embeddings", torch::nn::Embedding(std::max<std::int64_t>(c.type_vocab_size, 1), c.hidden_size));
  LayerNorm = register_module("LayerNorm", layer_norm(c));
  dropout = register_module("dropout", torch::nn::Dropout(c.hidden_dropout_prob));
}

torch::Tensor EmbeddingsImpl::forward(const torch::Tensor& input_ids) {
  ScopedPhase timed(phase::kEmbeddings);
  torch::Tensor positions;
  if (architecture == Architecture::Bert) {
    positions = torch::arange(input_ids.size(1), input_ids.options()).unsqueeze(0).expand_as(input_ids);
  } else {
    // RoBERTa and MPNet count positions from padding_idx + 1 over non-pad
    // tokens; pad tokens sit at padding_idx (create_position_ids_from_input_ids).
    auto not_pad = input_ids.ne(padding_idx).to(torch::kLong);
    positions = torch::cumsum(not_pad, 1) * not_pad + padding_idx;
  }
  auto e = word_embeddings(input_ids);
  // Token type 0 before positions, in transformers' order; MPNet has no token types.
  if (token_type_embeddings) e = e + token_type_embeddings(torch::zeros_like(input_ids));
  return dropout(LayerNorm(e + position_embeddings(positions)));
}

EncoderStackImpl::EncoderStackImpl(const TransformerConfig& c) {
  layer = register_module("layer", torch::nn::ModuleList());
  for (std::int64_t i = 0; i < c.num_hidden_layers; ++i) layer->push_back(Layer(c));
  if (c.architecture == Architecture::Mpnet)
    relative_attention_bias = register_module(
        "relative_attention_bias", torch::nn::Embedding(c.relative_attention_num_buckets, c.num_attention_heads));
}

PoolerImpl::PoolerImpl(const TransformerConfig& c) { dense = register_module("dense", square(c)); }

torch::Tensor PoolerImpl::forward(const torch::Tensor& first_token) { return torch::tanh(dense(first_token)); }

TransformerImpl::TransformerImpl(const TransformerConfig& c, bool with_pooler) : config(c) {
  embeddings = register_module("embeddings", Embeddings(c));
  encoder = register_module("encoder", EncoderStack(c));
  if (with_pooler) pooler = register_module("pooler", Pooler(c));
}

TransformerOutput TransformerImpl::forward(const torch::Tensor& input_ids, const torch::Tensor& attention_mask) {
  auto hidden = embeddings(input_ids);
  ScopedPhase mask_phase(phase::kMask);
  // Additive mask: 0 where a key may be attended, the dtype's lowest value at
  // padding (as transformers' extended attention mask), shaped [b, 1, 1, seq].
  const double lowest = hidden.scalar_type() == torch::kHalf       ? -65504.0
                        : hidden.scalar_type() == torch::kBFloat16 ? -3.3895313892515355e38
                                                                   : double(std::numeric_limits<float>::lowest());
  auto bias = (1.0 - attention_mask.to(hidden.dtype()).unsqueeze(1).unsqueeze(2)) * lowest;
  // MPNet adds its relative position bias, computed once for all layers:
  // [b, heads, seq, seq].
  if (encoder->relative_attention_bias)
    bias = bias + relative_position_bias(encoder->relative_attention_bias, input_ids.size(1)).to(hidden.dtype());
  // The dense layers (nearly all the FLOPs) see the real tokens only: a list
  // of short and long sentences padded to its longest wastes up to half.
  const TokenLayout layout(attention_mask);
  auto rows = layout.pack(hidden);
  mask_phase.stop();
  for (const auto& module : *encoder->layer) rows = module->as<LayerImpl>()->forward(rows, layout, bias);
  hidden = in_phase(phase::kPackAndPad, [&] { return layout.pad(rows); });
  TransformerOutput out{hidden, {}};
  if (pooler) out.pooler_output = pooler(hidden.select(1, 0));
  return out;
}

}  // namespace ranksent
