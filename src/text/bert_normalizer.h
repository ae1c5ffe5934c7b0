// BERT's "basic tokenizer" text clean-up (Hugging Face's BertNormalizer) and
// its pre-tokenizer (split on whitespace, punctuation as words of its own).
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace ranksent::text::detail {

struct BertNormalizerConfig {
  bool clean_text = true;             // drop control chars, NUL, U+FFFD; whitespace to ' '
  bool handle_chinese_chars = true;   // CJK ideographs become words of their own
  std::optional<bool> strip_accents;  // unset: follow lowercase, as BERT does
  bool lowercase = true;
};

std::u32string bert_normalize(std::u32string_view text, const BertNormalizerConfig& config);

// Removes combining marks (Mn) after a canonical decomposition: "é" -> "e".
std::u32string strip_accents(std::u32string_view text);

// Words of BertPreTokenizer: whitespace removed, each punctuation character
// a word of its own.
std::vector<std::u32string> bert_pre_tokenize(std::u32string_view text);

}  // namespace ranksent::text::detail
