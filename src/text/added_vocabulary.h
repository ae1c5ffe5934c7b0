// Tokens added on top of the model's vocabulary ([CLS], <mask>, ...): they are
// found in the text before the model runs and are never split, like Hugging
// Face's AddedVocabulary.
#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace ranksent::text::detail {

struct AddedToken {
  std::string content;
  int32_t id = -1;
  bool special = false;
  bool single_word = false;  // only match as a whole word
  bool lstrip = false;       // swallow the whitespace before it
  bool rstrip = false;       // swallow the whitespace after it
  bool normalized = false;   // match in the normalised text rather than the raw text
};

// A run of plain text, or one added token (token_id >= 0).
struct TextSegment {
  std::string text;
  int32_t token_id = -1;
};

class AddedVocabulary {
 public:
  void add(AddedToken token);
  // Builds the patterns; `normalize` spells normalised tokens the way they
  // will appear in normalised text.
  void build(const std::function<std::string(std::string_view)>& normalize);

  // Splits on tokens with normalized == false (raw text) or true (normalised text).
  std::vector<TextSegment> split_raw(std::string_view text) const { return split(text, raw_); }
  std::vector<TextSegment> split_normalized(std::string_view text) const { return split(text, normalized_); }

  const std::vector<AddedToken>& tokens() const { return tokens_; }
  int32_t id_of(std::string_view content) const;  // -1 when absent
  const AddedToken* by_id(int32_t id) const;

 private:
  struct Patterns {
    std::vector<std::pair<std::string, size_t>> entries;  // pattern, index in tokens_
    std::array<bool, 256> first_byte{};
  };
  std::vector<TextSegment> split(std::string_view text, const Patterns& patterns) const;

  std::vector<AddedToken> tokens_;
  Patterns raw_, normalized_;
};

}  // namespace ranksent::text::detail
