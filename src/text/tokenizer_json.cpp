// Loads Hugging Face's tokenizer.json: the normalizer, pre_tokenizer, model,
// post_processor and added_tokens of the BERT (BertNormalizer,
// BertPreTokenizer, WordPiece, TemplateProcessing) and RoBERTa/GPT-2
// (ByteLevel, BPE, RobertaProcessing) families.

#include <nlohmann/json.hpp>

#include "ranksent/error.h"
#include "ranksent/io/json_file.h"
#include "text/bert_normalizer.h"
#include "text/byte_level_bpe.h"
#include "text/tokenizer_pipeline.h"
#include "text/unicode_text.h"
#include "text/wordpiece.h"

namespace ranksent::text::detail {

using nlohmann::json;

namespace {

class Loader {
 public:
  explicit Loader(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void fail(const std::string& field, const std::string& reason) const {
    throw InputError(file_, reason, 0, field);
  }

  const json& object(const json& parent, const std::string& key, const std::string& field) const {
    auto it = parent.find(key);
    if (it == parent.end()) fail(field, "missing");
    if (!it->is_object()) fail(field, "expected an object");
    return *it;
  }

  std::string string_or(const json& parent, const std::string& key, const std::string& field,
                        std::string fallback) const {
    auto it = parent.find(key);
    if (it == parent.end() || it->is_null()) return fallback;
    if (!it->is_string()) fail(field, "expected a string");
    return it->get<std::string>();
  }

  bool bool_or(const json& parent, const std::string& key, const std::string& field, bool fallback) const {
    auto it = parent.find(key);
    if (it == parent.end() || it->is_null()) return fallback;
    if (!it->is_boolean()) fail(field, "expected true or false");
    return it->get<bool>();
  }

  int64_t int_or(const json& parent, const std::string& key, const std::string& field, int64_t fallback) const {
    auto it = parent.find(key);
    if (it == parent.end() || it->is_null()) return fallback;
    if (!it->is_number_integer()) fail(field, "expected an integer");
    return it->get<int64_t>();
  }

  std::string type_of(const json& component, const std::string& field) const {
    if (!component.is_object()) fail(field, "expected an object");
    auto it = component.find("type");
    if (it == component.end() || !it->is_string()) fail(field + ".type", "missing");
    return it->get<std::string>();
  }

  std::unordered_map<std::string, int32_t> vocab(const json& model, const std::string& field) const {
    const json& v = object(model, "vocab", field);
    std::unordered_map<std::string, int32_t> out;
    out.reserve(v.size());
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (!it.value().is_number_integer() || it.value().get<int64_t>() < 0 || it.value().get<int64_t>() > INT32_MAX)
        fail(field + "." + it.key(), "expected a non-negative integer id");
      out.emplace(it.key(), static_cast<int32_t>(it.value().get<int64_t>()));
    }
    return out;
  }

  void add_normalizer(Tokenizer::Impl& impl, const json& n, const std::string& field) const {
    if (n.is_null()) return;
    const std::string type = type_of(n, field);
    if (type == "Sequence") {
      auto it = n.find("normalizers");
      if (it == n.end() || !it->is_array()) fail(field + ".normalizers", "expected an array");
      for (size_t i = 0; i < it->size(); ++i)
        add_normalizer(impl, (*it)[i], field + ".normalizers[" + std::to_string(i) + "]");
    } else if (type == "BertNormalizer") {
      BertNormalizerConfig config;
      config.clean_text = bool_or(n, "clean_text", field + ".clean_text", true);
      config.handle_chinese_chars = bool_or(n, "handle_chinese_chars", field + ".handle_chinese_chars", true);
      config.lowercase = bool_or(n, "lowercase", field + ".lowercase", true);
      if (auto it = n.find("strip_accents"); it != n.end() && !it->is_null()) {
        if (!it->is_boolean()) fail(field + ".strip_accents", "expected true, false or null");
        config.strip_accents = it->get<bool>();
      }
      impl.normalizers.push_back([config](std::u32string_view t) { return bert_normalize(t, config); });
    } else if (type == "Lowercase") {
      impl.normalizers.push_back([](std::u32string_view t) { return to_lower(t); });
    } else if (type == "StripAccents") {
      // Hugging Face's StripAccents only drops the marks; a preceding NFD decomposes.
      impl.normalizers.push_back([](std::u32string_view t) {
        std::u32string out;
        for (char32_t cp : t)
          if (!is_nonspacing_mark(cp)) out.push_back(cp);
        return out;
      });
    } else if (type == "NFC" || type == "NFD" || type == "NFKC" || type == "NFKD") {
      NormalForm form = type == "NFC"    ? NormalForm::nfc
                        : type == "NFD"  ? NormalForm::nfd
                        : type == "NFKC" ? NormalForm::nfkc
                                         : NormalForm::nfkd;
      impl.normalizers.push_back([form](std::u32string_view t) { return normalize(t, form); });
    } else {
      fail(field + ".type",
           "unsupported normalizer '" + type +
               "' (supported: BertNormalizer, Lowercase, StripAccents, NFC, NFD, NFKC, NFKD, Sequence)");
    }
  }

  void set_pre_tokenizer(Tokenizer::Impl& impl, const json& p, const std::string& field) const {
    if (p.is_null()) return;
    std::string type = type_of(p, field);
    if (type == "Sequence") {  // accepted when it wraps a single pre-tokenizer
      auto it = p.find("pretokenizers");
      if (it == p.end() || !it->is_array() || it->size() != 1)
        fail(field + ".pretokenizers", "only a Sequence of one pre-tokenizer is supported");
      set_pre_tokenizer(impl, (*it)[0], field + ".pretokenizers[0]");
    } else if (type == "BertPreTokenizer") {
      impl.pre_tokenizer = [](std::u32string_view t) { return bert_pre_tokenize(t); };
    } else if (type == "ByteLevel") {
      ByteLevelConfig config;
      config.add_prefix_space = bool_or(p, "add_prefix_space", field + ".add_prefix_space", true);
      config.use_regex = bool_or(p, "use_regex", field + ".use_regex", true);
      impl.pre_tokenizer = [config](std::u32string_view t) { return byte_level_pre_tokenize(t, config); };
    } else {
      fail(field + ".type", "unsupported pre-tokenizer '" + type + "' (supported: BertPreTokenizer, ByteLevel)");
    }
  }

  void set_model(Tokenizer::Impl& impl, const json& root) const {
    const json& m = object(root, "model", "model");
    // Files written before the "type" tag existed are recognised by their fields.
    std::string type;
    if (m.contains("type")) {
      type = type_of(m, "model");
    } else if (m.contains("merges")) {
      type = "BPE";
    } else if (m.contains("max_input_chars_per_word")) {
      type = "WordPiece";
    } else {
      fail("model.type", "missing");
    }
    try {
      if (type == "WordPiece") {
        WordPieceConfig config;
        config.unk_token = string_or(m, "unk_token", "model.unk_token", "[UNK]");
        config.continuing_subword_prefix =
            string_or(m, "continuing_subword_prefix", "model.continuing_subword_prefix", "##");
        auto max_chars = int_or(m, "max_input_chars_per_word", "model.max_input_chars_per_word", 100);
        if (max_chars < 0) fail("model.max_input_chars_per_word", "must not be negative");
        config.max_input_chars_per_word = static_cast<size_t>(max_chars);
        impl.model = std::make_unique<WordPiece>(vocab(m, "model.vocab"), std::move(config));
      } else if (type == "BPE") {
        BpeConfig config;
        if (auto it = m.find("unk_token"); it != m.end() && !it->is_null())
          config.unk_token = string_or(m, "unk_token", "model.unk_token", "");
        config.continuing_subword_prefix =
            string_or(m, "continuing_subword_prefix", "model.continuing_subword_prefix", "");
        config.end_of_word_suffix = string_or(m, "end_of_word_suffix", "model.end_of_word_suffix", "");
        config.fuse_unk = bool_or(m, "fuse_unk", "model.fuse_unk", false);
        config.ignore_merges = bool_or(m, "ignore_merges", "model.ignore_merges", false);
        impl.model = std::make_unique<Bpe>(vocab(m, "model.vocab"), merges(m), std::move(config));
      } else {
        fail("model.type", "unsupported model type '" + type + "' (supported: WordPiece, BPE)");
      }
    } catch (const std::invalid_argument& e) {
      fail("model", e.what());
    }
  }

  // "a b" strings (tokenizers < 0.20) or ["a", "b"] pairs (newer files).
  std::vector<std::pair<std::string, std::string>> merges(const json& m) const {
    auto it = m.find("merges");
    if (it == m.end() || !it->is_array()) fail("model.merges", "expected an array");
    std::vector<std::pair<std::string, std::string>> out;
    out.reserve(it->size());
    for (size_t i = 0; i < it->size(); ++i) {
      const json& merge = (*it)[i];
      const std::string field = "model.merges[" + std::to_string(i) + "]";
      if (merge.is_string()) {
        const auto& s = merge.get_ref<const std::string&>();
        auto space = s.find(' ');
        if (space == std::string::npos || s.find(' ', space + 1) != std::string::npos)
          fail(field, "expected two tokens separated by one space");
        out.emplace_back(s.substr(0, space), s.substr(space + 1));
      } else if (merge.is_array() && merge.size() == 2 && merge[0].is_string() && merge[1].is_string()) {
        out.emplace_back(merge[0].get<std::string>(), merge[1].get<std::string>());
      } else {
        fail(field, "expected \"a b\" or [\"a\", \"b\"]");
      }
    }
    return out;
  }

  void add_tokens(Tokenizer::Impl& impl, const json& root) const {
    auto it = root.find("added_tokens");
    if (it == root.end() || it->is_null()) return;
    if (!it->is_array()) fail("added_tokens", "expected an array");
    for (size_t i = 0; i < it->size(); ++i) {
      const json& t = (*it)[i];
      const std::string field = "added_tokens[" + std::to_string(i) + "]";
      if (!t.is_object()) fail(field, "expected an object");
      AddedToken token;
      token.content = string_or(t, "content", field + ".content", "");
      if (token.content.empty()) fail(field + ".content", "missing or empty");
      auto id = int_or(t, "id", field + ".id", -1);
      if (id < 0 || id > INT32_MAX) fail(field + ".id", "missing or out of range");
      token.id = static_cast<int32_t>(id);
      token.special = bool_or(t, "special", field + ".special", false);
      token.single_word = bool_or(t, "single_word", field + ".single_word", false);
      token.lstrip = bool_or(t, "lstrip", field + ".lstrip", false);
      token.rstrip = bool_or(t, "rstrip", field + ".rstrip", false);
      token.normalized = bool_or(t, "normalized", field + ".normalized", !token.special);
      impl.added.add(std::move(token));
    }
  }

  // [token, id] as RobertaProcessing and BertProcessing store cls and sep.
  int32_t token_pair_id(const json& p, const std::string& key, const std::string& field) const {
    auto it = p.find(key);
    if (it == p.end() || !it->is_array() || it->size() != 2 || !(*it)[1].is_number_integer() ||
        (*it)[1].get<int64_t>() < 0 || (*it)[1].get<int64_t>() > INT32_MAX)
      fail(field + "." + key, "expected [token, id] with a token id from 0 to 2^31 - 1");
    return static_cast<int32_t>((*it)[1].get<int64_t>());
  }

  void set_post_processor(Tokenizer::Impl& impl, const json& p, const std::string& field) const {
    if (p.is_null()) return;
    const std::string type = type_of(p, field);
    if (type == "Sequence") {
      auto it = p.find("processors");
      if (it == p.end() || !it->is_array()) fail(field + ".processors", "expected an array");
      for (size_t i = 0; i < it->size(); ++i)
        set_post_processor(impl, (*it)[i], field + ".processors[" + std::to_string(i) + "]");
    } else if (type == "RobertaProcessing" || type == "BertProcessing") {
      impl.prefix = {token_pair_id(p, "cls", field)};
      impl.suffix = {token_pair_id(p, "sep", field)};
    } else if (type == "TemplateProcessing") {
      set_template(impl, p, field);
    } else if (type != "ByteLevel") {  // ByteLevel only adjusts offsets
      fail(field + ".type", "unsupported post-processor '" + type +
                                "' (supported: TemplateProcessing, RobertaProcessing, BertProcessing, ByteLevel)");
    }
  }

  // The "single" template: special tokens before and after sequence A.
  void set_template(Tokenizer::Impl& impl, const json& p, const std::string& field) const {
    auto single = p.find("single");
    if (single == p.end() || !single->is_array()) fail(field + ".single", "expected an array");
    const json* specials = nullptr;
    if (auto it = p.find("special_tokens"); it != p.end() && it->is_object()) specials = &*it;
    impl.prefix.clear();
    impl.suffix.clear();
    bool seen_sequence = false;
    for (size_t i = 0; i < single->size(); ++i) {
      const json& piece = (*single)[i];
      const std::string piece_field = field + ".single[" + std::to_string(i) + "]";
      if (piece.contains("Sequence")) {
        seen_sequence = true;
        continue;
      }
      auto special = piece.find("SpecialToken");
      if (special == piece.end() || !special->is_object() || !special->contains("id"))
        fail(piece_field, "expected {\"Sequence\": ...} or {\"SpecialToken\": {\"id\": ...}}");
      const std::string name = (*special)["id"].get<std::string>();
      std::vector<int32_t> ids;
      if (specials && specials->contains(name)) {
        const json& entry = (*specials)[name];
        if (!entry.contains("ids") || !entry["ids"].is_array())
          fail(field + ".special_tokens." + name + ".ids", "expected an array");
        for (const auto& id : entry["ids"]) {
          // Found by fuzzing (regress_special_id_float): a float id was cast to
          // an integer out of its range; ids are token ids, int32 and >= 0.
          if (!id.is_number_integer() || id.get<int64_t>() < 0 || id.get<int64_t>() > INT32_MAX)
            fail(field + ".special_tokens." + name + ".ids", "expected token ids (integers from 0 to 2^31 - 1)");
          ids.push_back(static_cast<int32_t>(id.get<int64_t>()));
        }
      } else {
        fail(field + ".special_tokens", "no entry for '" + name + "'");
      }
      auto& target = seen_sequence ? impl.suffix : impl.prefix;
      target.insert(target.end(), ids.begin(), ids.end());
    }
  }

 private:
  std::string file_;
};

}  // namespace

std::unique_ptr<Tokenizer::Impl> load_tokenizer_json(const std::filesystem::path& file) {
  const json root = read_json_file(file);
  Loader loader(file.string());
  if (!root.is_object()) throw InputError(file.string(), "expected a JSON object");
  auto impl = std::make_unique<Tokenizer::Impl>();
  try {
    loader.set_model(*impl, root);
    if (auto it = root.find("normalizer"); it != root.end()) loader.add_normalizer(*impl, *it, "normalizer");
    if (auto it = root.find("pre_tokenizer"); it != root.end()) loader.set_pre_tokenizer(*impl, *it, "pre_tokenizer");
    if (auto it = root.find("post_processor"); it != root.end())
      loader.set_post_processor(*impl, *it, "post_processor");
    loader.add_tokens(*impl, root);
    bool pad_known = false;
    if (auto it = root.find("padding"); it != root.end() && it->is_object() && it->contains("pad_id")) {
      impl->pad_id = static_cast<int32_t>(loader.int_or(*it, "pad_id", "padding.pad_id", 0));
      pad_known = true;
    }
    impl->finish(pad_known);
  } catch (const json::exception& e) {  // a value of the wrong JSON type somewhere
    throw InputError(file.string(), std::string("malformed tokenizer: ") + e.what());
  }
  return impl;
}

}  // namespace ranksent::text::detail
