#include "ranksent/text/tokenizer.h"

#include <algorithm>

#include "ranksent/error.h"
#include "ranksent/io/json_file.h"
#include "text/tokenizer_pipeline.h"
#include "text/unicode_text.h"

namespace ranksent::text {

std::u32string Tokenizer::Impl::normalize(std::u32string_view text) const {
  std::u32string out(text);
  for (const auto& step : normalizers) out = step(out);
  return out;
}

std::vector<int32_t> Tokenizer::Impl::encode_content(std::string_view text) const {
  std::vector<int32_t> ids;
  auto run_model = [&](std::u32string_view normalized) {
    if (!pre_tokenizer) {
      model->tokenize(normalized, ids);
      return;
    }
    for (const auto& word : pre_tokenizer(normalized)) model->tokenize(word, ids);
  };
  for (const auto& raw : added.split_raw(text)) {
    if (raw.token_id >= 0) {
      ids.push_back(raw.token_id);
      continue;
    }
    std::u32string normalized = normalize(detail::decode_utf8(raw.text));
    if (normalized.empty()) continue;
    auto pieces = added.split_normalized(detail::encode_utf8(normalized));
    if (pieces.size() == 1 && pieces[0].token_id < 0) {  // the common case: no second pass
      run_model(normalized);
      continue;
    }
    for (const auto& piece : pieces) {
      if (piece.token_id >= 0)
        ids.push_back(piece.token_id);
      else
        run_model(detail::decode_utf8(piece.text));
    }
  }
  return ids;
}

int32_t Tokenizer::Impl::find_token(std::string_view token) const {
  int32_t id = added.id_of(token);
  return id >= 0 ? id : model->token_to_id(token);
}

void Tokenizer::Impl::finish(bool pad_id_known) {
  added.build(
      [this](std::string_view content) { return detail::encode_utf8(normalize(detail::decode_utf8(content))); });
  if (!pad_id_known) {
    pad_id = 0;
    for (const char* name : {"[PAD]", "<pad>"}) {
      if (int32_t id = find_token(name); id >= 0) {
        pad_id = id;
        break;
      }
    }
  }
}

Tokenizer::Tokenizer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;
Tokenizer::~Tokenizer() = default;

Tokenizer Tokenizer::from_directory(const std::filesystem::path& model_dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(model_dir, ec)) throw InputError(model_dir.string(), "model directory not found");
  if (std::filesystem::exists(model_dir / "tokenizer.json", ec))
    return Tokenizer(detail::load_tokenizer_json(model_dir / "tokenizer.json"));
  if (std::filesystem::exists(model_dir / "vocab.txt", ec)) return Tokenizer(detail::load_wordpiece_vocab(model_dir));
  if (std::filesystem::exists(model_dir / "vocab.json", ec)) return Tokenizer(detail::load_bpe_vocab(model_dir));
  // A Hugging Face tokenizer directory without tokenizer.json: name the vocab
  // file its tokenizer class needs.
  if (std::filesystem::exists(model_dir / "tokenizer_config.json", ec)) {
    const auto config = read_json_file(model_dir / "tokenizer_config.json");
    std::string cls = config.is_object() ? config.value("tokenizer_class", "") : "";
    bool bpe = cls.find("Roberta") != std::string::npos || cls.find("GPT2") != std::string::npos ||
               cls.find("Bart") != std::string::npos || cls.find("Longformer") != std::string::npos;
    throw InputError((model_dir / (bpe ? "vocab.json" : "vocab.txt")).string(),
                     "not found, and there is no tokenizer.json either");
  }
  throw InputError((model_dir / "tokenizer.json").string(),
                   "not found, and neither is vocab.txt (WordPiece) nor vocab.json + merges.txt (BPE)");
}

Tokenizer Tokenizer::from_tokenizer_json(const std::filesystem::path& tokenizer_json) {
  return Tokenizer(detail::load_tokenizer_json(tokenizer_json));
}

std::vector<int32_t> Tokenizer::encode(std::string_view text, bool add_special_tokens, size_t max_length) const {
  std::vector<int32_t> content = impl_->encode_content(text);
  const size_t n_special = add_special_tokens ? impl_->prefix.size() + impl_->suffix.size() : 0;
  // The limit counts the special tokens; the text gives way, never them.
  if (max_length > 0) {
    const size_t room = max_length > n_special ? max_length - n_special : 0;
    content.resize(std::min(content.size(), room));
  }
  if (!add_special_tokens) return content;
  std::vector<int32_t> ids;
  ids.reserve(content.size() + n_special);
  ids.insert(ids.end(), impl_->prefix.begin(), impl_->prefix.end());
  ids.insert(ids.end(), content.begin(), content.end());
  ids.insert(ids.end(), impl_->suffix.begin(), impl_->suffix.end());
  return ids;
}

Tokenizer::Batch Tokenizer::encode_batch(const std::vector<std::string>& texts, size_t max_length) const {
  std::vector<std::vector<int32_t>> rows;
  rows.reserve(texts.size());
  for (const auto& text : texts) rows.push_back(encode(text, true, max_length));
  std::vector<const std::vector<int32_t>*> views;
  views.reserve(rows.size());
  for (const auto& r : rows) views.push_back(&r);
  return pad(views);
}

Tokenizer::Batch Tokenizer::pad(const std::vector<const std::vector<int32_t>*>& rows) const {
  size_t longest = 0;
  for (const auto* r : rows) longest = std::max(longest, r->size());
  Batch batch;
  batch.batch_size = static_cast<int64_t>(rows.size());
  batch.seq_len = static_cast<int64_t>(longest);
  batch.input_ids.assign(rows.size() * longest, impl_->pad_id);
  batch.attention_mask.assign(rows.size() * longest, 0);
  for (size_t r = 0; r < rows.size(); ++r) {
    std::copy(rows[r]->begin(), rows[r]->end(), batch.input_ids.begin() + std::ptrdiff_t(r * longest));
    std::fill_n(batch.attention_mask.begin() + std::ptrdiff_t(r * longest), rows[r]->size(), 1);
  }
  return batch;
}

std::string Tokenizer::decode(const std::vector<int32_t>& ids) const {
  std::vector<std::string> tokens;
  tokens.reserve(ids.size());
  for (int32_t id : ids) {
    if (const auto* added = impl_->added.by_id(id)) {
      if (!added->special) tokens.push_back(added->content);
      continue;
    }
    if (const auto* token = impl_->model->id_to_token(id)) tokens.push_back(*token);
  }
  return impl_->model->decode(tokens);
}

int32_t Tokenizer::token_to_id(std::string_view token) const { return impl_->find_token(token); }

std::string Tokenizer::id_to_token(int32_t id) const {
  if (const auto* added = impl_->added.by_id(id)) return added->content;
  const auto* token = impl_->model->id_to_token(id);
  return token ? *token : std::string();
}

int32_t Tokenizer::pad_id() const { return impl_->pad_id; }

int32_t Tokenizer::cls_id() const { return impl_->prefix.empty() ? -1 : impl_->prefix.front(); }

int32_t Tokenizer::sep_id() const { return impl_->suffix.empty() ? -1 : impl_->suffix.back(); }

int32_t Tokenizer::unk_id() const {
  if (int32_t id = impl_->model->unk_id(); id >= 0) return id;
  // Byte-level BPE never needs one, but RoBERTa still reserves <unk>.
  return impl_->find_token("<unk>");
}

size_t Tokenizer::vocab_size() const {
  // Distinct token strings, as Hugging Face's get_vocab_size(with_added_tokens=True).
  size_t size = impl_->model->vocab_size();
  for (const auto& token : impl_->added.tokens())
    if (impl_->model->token_to_id(token.content) < 0) ++size;
  return size;
}

std::string Tokenizer::kind() const { return impl_->model->kind(); }

}  // namespace ranksent::text
