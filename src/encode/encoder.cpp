#include <algorithm>
#include <fstream>
#include <numeric>

#include <nlohmann/json.hpp>

#include "encode/checkpoint.h"
#include "encode/dense.h"
#include "encode/encoder_impl.h"
#include "encode/phases.h"
#include "ranksent/common/phase_profile.h"
#include "ranksent/common/progress.h"
#include "ranksent/error.h"
#include "ranksent/io/json_file.h"

namespace ranksent {

namespace {

nlohmann::json read_json_if_present(const std::filesystem::path& p) {
  if (!std::filesystem::exists(p)) return nullptr;
  return read_json_file(p);
}

// sentence-transformers' modules.json: where its Pooling module lives and
// whether a Normalize module follows.
struct SentenceTransformerLayout {
  std::optional<Pooling> pooling;
  bool normalize = false;
  std::optional<std::size_t> max_seq_length;
};

SentenceTransformerLayout read_layout(const std::filesystem::path& dir) {
  SentenceTransformerLayout layout;
  auto modules = read_json_if_present(dir / "modules.json");
  std::filesystem::path pooling_dir = dir / "1_Pooling";
  if (modules.is_array()) {
    for (const auto& m : modules) {
      std::string type = m.value("type", "");
      if (type.ends_with("Pooling")) pooling_dir = dir / m.value("path", "1_Pooling");
      if (type.ends_with("Normalize")) layout.normalize = true;
    }
  }
  auto pooling = read_json_if_present(pooling_dir / "config.json");
  if (pooling.is_object()) {
    const auto file = (pooling_dir / "config.json").string();
    if (pooling.value("pooling_mode_mean_tokens", false))
      layout.pooling = Pooling::Mean;
    else if (pooling.value("pooling_mode_cls_token", false))
      layout.pooling = Pooling::ClsBeforePooler;  // sentence-transformers' CLS is the raw token state
    else
      throw InputError(file, "only mean and cls token pooling are supported", 0, "pooling_mode_*");
  }
  auto st = read_json_if_present(dir / "sentence_bert_config.json");
  if (st.is_object() && st.contains("max_seq_length") && st["max_seq_length"].is_number_integer())
    layout.max_seq_length = st["max_seq_length"].get<std::size_t>();
  return layout;
}

std::size_t model_max_length(const std::filesystem::path& dir, const TransformerConfig& c,
                             const SentenceTransformerLayout& layout) {
  // RoBERTa and MPNet spend two position rows on padding_idx and below.
  std::size_t limit = std::size_t(c.max_position_embeddings) - (c.architecture == Architecture::Bert ? 0 : 2);
  if (layout.max_seq_length) return std::min(limit, *layout.max_seq_length);
  auto tc = read_json_if_present(dir / "tokenizer_config.json");
  if (tc.is_object() && tc.contains("model_max_length") && tc["model_max_length"].is_number()) {
    double m = tc["model_max_length"].get<double>();
    if (m > 0 && m < double(limit)) return std::size_t(m);
  }
  return limit;
}

}  // namespace

Encoder::Encoder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Encoder::Encoder(Encoder&&) noexcept = default;
Encoder& Encoder::operator=(Encoder&&) noexcept = default;
Encoder::~Encoder() = default;

Encoder Encoder::load(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir)) throw InputError(dir.string(), "model directory not found");
  auto config = TransformerConfig::load(dir / "config.json");
  auto tokenizer = text::Tokenizer::from_directory(dir);
  auto layout = read_layout(dir);
  bool with_pooler = checkpoint_has_pooler(dir);
  auto impl = std::unique_ptr<Impl>(new Impl{dir, config, std::move(tokenizer), Transformer(config, with_pooler)});
  load_checkpoint(impl->model, dir);
  impl->model->eval();
  impl->pooling = layout.pooling.value_or(with_pooler ? Pooling::Cls : Pooling::ClsBeforePooler);
  impl->normalize = layout.normalize;
  impl->max_length = model_max_length(dir, config, layout);
  if (impl->tokenizer.vocab_size() > std::size_t(config.vocab_size))
    throw InputError(
        (dir / "config.json").string(),
        "tokenizer has " + std::to_string(impl->tokenizer.vocab_size()) + " tokens, more than the embedding rows", 0,
        "vocab_size");
  return Encoder(std::move(impl));
}

std::pair<torch::Tensor, torch::Tensor> Encoder::Impl::tokenize(const std::vector<std::string>& sentences,
                                                                std::size_t limit) const {
  auto batch = tokenizer.encode_batch(sentences, limit ? limit : max_length);
  return to_tensors(batch);
}

// Copied onto the model's device: the tensors do not keep the batch alive.
std::pair<torch::Tensor, torch::Tensor> Encoder::Impl::to_tensors(text::Tokenizer::Batch& batch) const {
  auto device = model->embeddings->word_embeddings->weight.device();
  auto ids =
      torch::from_blob(batch.input_ids.data(), {batch.batch_size, batch.seq_len}, torch::kLong).to(device, false, true);
  auto mask = torch::from_blob(batch.attention_mask.data(), {batch.batch_size, batch.seq_len}, torch::kLong)
                  .to(device, false, true);
  return {ids, mask};
}

torch::Tensor Encoder::Impl::embed(const torch::Tensor& ids, const torch::Tensor& mask, Pooling how) const {
  auto states = model->forward(ids, mask);
  ScopedPhase timed(phase::kPooling);
  return pool(states, mask, how);
}

std::vector<float> Encoder::encode(const std::vector<std::string>& sentences, const EncodeOptions& options) const {
  const auto& m = *impl_;
  const Pooling how = options.pooling.value_or(m.pooling);
  if (how == Pooling::Cls && !has_pooler())
    throw UsageError("pooling 'cls' needs a pooler, and " + m.directory.string() +
                     " has none (use cls_before_pooler or mean)");
  const bool normalize = options.normalize.value_or(m.normalize);
  const std::size_t limit = options.max_length ? options.max_length : m.max_length;
  const auto n = sentences.size();
  const auto dim = this->dim();
  std::vector<float> out(n * std::size_t(dim));

  // Each sentence tokenised once, then length-sorted batches: neighbours have
  // similar lengths, so padding is small.
  std::vector<std::vector<int32_t>> tokens(n);
  {
    ScopedPhase phase("tokenize");
    for (std::size_t i = 0; i < n; ++i) tokens[i] = m.tokenizer.encode(sentences[i], true, limit);
  }
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return tokens[a].size() > tokens[b].size(); });

  torch::InferenceMode inference;
  // No weight changes while these batches run: each dense layer prepares
  // its weights once for all of them (dense.h).
  FrozenWeights frozen;
  Progress progress("encode", n, "sentences", options.show_progress);
  const std::size_t bs = std::size_t(std::max<std::int64_t>(1, options.batch_size));
  std::vector<const std::vector<int32_t>*> rows;
  for (std::size_t start = 0; start < n; start += bs) {
    text::Tokenizer::Batch batch;
    {
      ScopedPhase phase("pad and batch");
      rows.clear();
      for (std::size_t k = start; k < std::min(n, start + bs); ++k) rows.push_back(&tokens[order[k]]);
      batch = m.tokenizer.pad(rows);
    }
    auto [ids, mask] = m.to_tensors(batch);
    auto e = m.embed(ids, mask, how);
    ScopedPhase phase("normalize and copy out");
    if (normalize) e = torch::nn::functional::normalize(e, torch::nn::functional::NormalizeFuncOptions().dim(1));
    e = e.to(torch::kCPU, torch::kFloat).contiguous();
    const float* src = e.data_ptr<float>();
    for (std::size_t r = 0; r < rows.size(); ++r)
      std::copy(src + r * dim, src + (r + 1) * dim, out.begin() + std::ptrdiff_t(order[start + r] * std::size_t(dim)));
    progress.advance(rows.size());
  }
  return out;
}

std::int64_t Encoder::dim() const { return impl_->config.hidden_size; }
const TransformerConfig& Encoder::config() const { return impl_->config; }
const text::Tokenizer& Encoder::tokenizer() const { return impl_->tokenizer; }
const std::filesystem::path& Encoder::directory() const { return impl_->directory; }
bool Encoder::has_pooler() const { return static_cast<bool>(impl_->model->pooler); }
Pooling Encoder::default_pooling() const { return impl_->pooling; }
bool Encoder::default_normalize() const { return impl_->normalize; }
std::size_t Encoder::default_max_length() const { return impl_->max_length; }

}  // namespace ranksent
