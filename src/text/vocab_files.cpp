// The tokenizer files that predate tokenizer.json: vocab.txt (+
// tokenizer_config.json) for BERT's WordPiece, vocab.json + merges.txt for
// RoBERTa/GPT-2 byte-level BPE. They are assembled into the same pipeline
// transformers' slow-to-fast converters would build.
#include <fstream>

#include <nlohmann/json.hpp>

#include "ranksent/error.h"
#include "ranksent/io/json_file.h"
#include "text/bert_normalizer.h"
#include "text/byte_level_bpe.h"
#include "text/tokenizer_pipeline.h"
#include "text/wordpiece.h"

namespace ranksent::text::detail {

using nlohmann::json;

namespace {

json read_optional_config(const std::filesystem::path& model_dir) {
  std::error_code ec;
  auto file = model_dir / "tokenizer_config.json";
  if (!std::filesystem::exists(file, ec)) return json::object();
  json config = read_json_file(file);
  if (!config.is_object()) throw InputError(file.string(), "expected a JSON object");
  return config;
}

// A special token's text: a plain string or an AddedToken object {"content": ...}.
std::string special_token(const json& config, const std::string& key, const std::string& fallback) {
  auto it = config.find(key);
  if (it == config.end()) return fallback;
  if (it->is_string()) return it->get<std::string>();
  if (it->is_object() && it->contains("content") && (*it)["content"].is_string())
    return (*it)["content"].get<std::string>();
  return fallback;
}

bool config_bool(const json& config, const std::string& key, bool fallback) {
  auto it = config.find(key);
  return it != config.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

std::vector<std::string> read_lines(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::error_code ec;
    throw InputError(file.string(), std::filesystem::exists(file, ec) ? "cannot be read" : "not found");
  }
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
  }
  return lines;
}

// Special tokens that are in the vocabulary are matched whole in the raw text.
void add_special(Tokenizer::Impl& impl, const std::string& content, bool lstrip = false) {
  int32_t id = impl.model->token_to_id(content);
  if (id < 0 || impl.added.id_of(content) >= 0) return;
  AddedToken token;
  token.content = content;
  token.id = id;
  token.special = true;
  token.lstrip = lstrip;
  impl.added.add(std::move(token));
}

// `cls sentence sep` when both tokens are in the vocabulary (BERT's [CLS]/[SEP],
// RoBERTa's <s>/</s>), and the padding id; the tokenizer is then ready.
void finish_single_sentence_template(Tokenizer::Impl& impl, const std::string& cls, const std::string& sep,
                                     const std::string& pad) {
  const int32_t cls_id = impl.model->token_to_id(cls), sep_id = impl.model->token_to_id(sep);
  if (cls_id >= 0 && sep_id >= 0) {
    impl.prefix = {cls_id};
    impl.suffix = {sep_id};
  }
  const int32_t pad_id = impl.model->token_to_id(pad);
  impl.pad_id = pad_id >= 0 ? pad_id : 0;
  impl.finish(pad_id >= 0);
}

}  // namespace

std::unique_ptr<Tokenizer::Impl> load_wordpiece_vocab(const std::filesystem::path& model_dir) {
  const auto vocab_file = model_dir / "vocab.txt";
  std::vector<std::string> vocab = read_lines(vocab_file);
  while (!vocab.empty() && vocab.back().empty()) vocab.pop_back();  // trailing newline(s)
  if (vocab.empty()) throw InputError(vocab_file.string(), "empty vocabulary");
  const json config = read_optional_config(model_dir);

  auto impl = std::make_unique<Tokenizer::Impl>();
  WordPieceConfig model_config;
  model_config.unk_token = special_token(config, "unk_token", "[UNK]");
  try {
    impl->model = std::make_unique<WordPiece>(std::move(vocab), model_config);
  } catch (const std::invalid_argument& e) {
    throw InputError(vocab_file.string(), e.what());
  }

  BertNormalizerConfig normalizer;
  normalizer.lowercase = config_bool(config, "do_lower_case", true);
  normalizer.handle_chinese_chars = config_bool(config, "tokenize_chinese_chars", true);
  if (auto it = config.find("strip_accents"); it != config.end() && it->is_boolean())
    normalizer.strip_accents = it->get<bool>();
  impl->normalizers.push_back([normalizer](std::u32string_view t) { return bert_normalize(t, normalizer); });
  impl->pre_tokenizer = [](std::u32string_view t) { return bert_pre_tokenize(t); };

  const std::string cls = special_token(config, "cls_token", "[CLS]");
  const std::string sep = special_token(config, "sep_token", "[SEP]");
  const std::string pad = special_token(config, "pad_token", "[PAD]");
  for (const auto& name : {pad, model_config.unk_token, cls, sep, special_token(config, "mask_token", "[MASK]")})
    add_special(*impl, name);
  finish_single_sentence_template(*impl, cls, sep, pad);
  return impl;
}

std::unique_ptr<Tokenizer::Impl> load_bpe_vocab(const std::filesystem::path& model_dir) {
  const auto vocab_file = model_dir / "vocab.json";
  const auto merges_file = model_dir / "merges.txt";
  const json vocab_json = read_json_file(vocab_file);
  if (!vocab_json.is_object()) throw InputError(vocab_file.string(), "expected an object of token -> id");
  std::unordered_map<std::string, int32_t> vocab;
  for (auto it = vocab_json.begin(); it != vocab_json.end(); ++it) {
    if (!it.value().is_number_integer() || it.value().get<int64_t>() < 0)
      throw InputError(vocab_file.string(), "expected a non-negative integer id", 0, it.key());
    vocab.emplace(it.key(), static_cast<int32_t>(it.value().get<int64_t>()));
  }

  std::vector<std::pair<std::string, std::string>> merges;
  const auto lines = read_lines(merges_file);
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (line.empty() || (i == 0 && line.starts_with("#version"))) continue;
    auto space = line.find(' ');
    if (space == std::string::npos || line.find(' ', space + 1) != std::string::npos)
      throw InputError(merges_file.string(), "expected two tokens separated by one space", static_cast<long>(i + 1));
    merges.emplace_back(line.substr(0, space), line.substr(space + 1));
  }

  const json config = read_optional_config(model_dir);
  auto impl = std::make_unique<Tokenizer::Impl>();
  try {
    impl->model = std::make_unique<Bpe>(std::move(vocab), merges, BpeConfig{});
  } catch (const std::invalid_argument& e) {
    throw InputError(merges_file.string(), e.what());
  }
  ByteLevelConfig pre;
  pre.add_prefix_space = config_bool(config, "add_prefix_space", false);
  impl->pre_tokenizer = [pre](std::u32string_view t) { return byte_level_pre_tokenize(t, pre); };

  const std::string bos = special_token(config, "bos_token", "<s>");
  const std::string eos = special_token(config, "eos_token", "</s>");
  const std::string cls = special_token(config, "cls_token", bos);
  const std::string sep = special_token(config, "sep_token", eos);
  const std::string pad = special_token(config, "pad_token", "<pad>");
  for (const auto& name : {bos, pad, eos, special_token(config, "unk_token", "<unk>"), cls, sep})
    add_special(*impl, name);
  // RoBERTa's <mask> takes the space before it, so "a <mask>" predicts " word".
  add_special(*impl, special_token(config, "mask_token", "<mask>"), /*lstrip=*/true);
  finish_single_sentence_template(*impl, cls, sep, pad);
  return impl;
}

}  // namespace ranksent::text::detail
