// Hugging Face-compatible text tokenizers: WordPiece (BERT) and byte-level
// BPE (RoBERTa/GPT-2), loaded from a model directory's tokenizer.json or the
// older vocab.txt / vocab.json + merges.txt files. The ids match the
// `tokenizers` Python package, so encoders see exactly what they were trained on.
#pragma once
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ranksent::text {

class Tokenizer {
 public:
  // Reads tokenizer.json when present, else vocab.txt (+ tokenizer_config.json)
  // for WordPiece, else vocab.json + merges.txt for byte-level BPE.
  // Throws ranksent::InputError naming the bad or missing file.
  static Tokenizer from_directory(const std::filesystem::path& model_dir);
  // Reads one tokenizer.json file.
  static Tokenizer from_tokenizer_json(const std::filesystem::path& tokenizer_json);

  Tokenizer(Tokenizer&&) noexcept;
  Tokenizer& operator=(Tokenizer&&) noexcept;
  ~Tokenizer();

  // Token ids of one text. max_length > 0 truncates like Hugging Face's
  // `truncation=True, max_length=...`: the limit counts the special tokens.
  std::vector<int32_t> encode(std::string_view text, bool add_special_tokens = true, size_t max_length = 0) const;

  // Row-major [batch_size, seq_len] ids and attention mask, padded on the
  // right with pad_id() to the longest row.
  struct Batch {
    std::vector<int64_t> input_ids;
    std::vector<int64_t> attention_mask;
    int64_t batch_size = 0;
    int64_t seq_len = 0;
  };
  Batch encode_batch(const std::vector<std::string>& texts, size_t max_length = 0) const;
  // The same from rows already encoded (each text tokenised once, e.g. to
  // sort by length first).
  Batch pad(const std::vector<const std::vector<int32_t>*>& rows) const;

  // Text of the ids, special tokens skipped (for logs and debugging).
  std::string decode(const std::vector<int32_t>& ids) const;

  // Id of a token string, or -1 when it is not in the vocabulary.
  int32_t token_to_id(std::string_view token) const;
  // Token string of an id, empty when out of range.
  std::string id_to_token(int32_t id) const;

  int32_t pad_id() const;
  int32_t cls_id() const;     // -1 when the tokenizer adds no leading special token
  int32_t sep_id() const;     // -1 when the tokenizer adds no trailing special token
  int32_t unk_id() const;     // -1 when the model has no unknown token
  size_t vocab_size() const;  // including added tokens
  std::string kind() const;   // "wordpiece" or "bpe"

  struct Impl;

 private:
  explicit Tokenizer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace ranksent::text
