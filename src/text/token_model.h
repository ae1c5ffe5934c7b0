// The model stage of a tokenizer: turns one pre-tokenised word into ids.
// WordPiece and BPE implement it; the pipeline around them is shared.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ranksent::text::detail {

class TokenModel {
 public:
  virtual ~TokenModel() = default;
  // Appends the ids of one word (already normalised and pre-tokenised).
  virtual void tokenize(std::u32string_view word, std::vector<int32_t>& ids) const = 0;
  virtual int32_t token_to_id(std::string_view token) const = 0;  // -1 when absent
  virtual const std::string* id_to_token(int32_t id) const = 0;   // null when absent
  virtual size_t vocab_size() const = 0;
  virtual int32_t unk_id() const = 0;  // -1 when the model has none
  virtual std::string kind() const = 0;
  // Readable text of a token sequence (special tokens already removed).
  virtual std::string decode(const std::vector<std::string>& tokens) const = 0;
};

}  // namespace ranksent::text::detail
