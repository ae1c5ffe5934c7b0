#include "text/bert_normalizer.h"

#include "text/unicode_text.h"

namespace ranksent::text::detail {

std::u32string strip_accents(std::u32string_view text) {
  std::u32string decomposed = normalize(text, NormalForm::nfd);
  std::u32string out;
  out.reserve(decomposed.size());
  for (char32_t cp : decomposed)
    if (!is_nonspacing_mark(cp)) out.push_back(cp);
  return out;
}

std::u32string bert_normalize(std::u32string_view text, const BertNormalizerConfig& config) {
  std::u32string out;
  out.reserve(text.size() + 8);
  for (char32_t cp : text) {
    if (config.clean_text) {
      // Filter first, then map whitespace: \v \f and U+0085 are control
      // characters and vanish instead of becoming spaces.
      if (cp == 0 || cp == 0xFFFD || is_control(cp)) continue;
      if (is_whitespace(cp)) cp = U' ';
    }
    if (config.handle_chinese_chars && is_cjk_ideograph(cp)) {
      out.push_back(U' ');
      out.push_back(cp);
      out.push_back(U' ');
    } else {
      out.push_back(cp);
    }
  }
  // Accents go before lowercasing, as in Hugging Face's BertNormalizer.
  if (config.strip_accents.value_or(config.lowercase)) out = strip_accents(out);
  if (config.lowercase) out = to_lower(out);
  return out;
}

std::vector<std::u32string> bert_pre_tokenize(std::u32string_view text) {
  std::vector<std::u32string> words;
  std::u32string current;
  auto flush = [&] {
    if (!current.empty()) words.push_back(std::move(current));
    current.clear();
  };
  for (char32_t cp : text) {
    if (is_whitespace(cp)) {
      flush();
    } else if (is_bert_punctuation(cp)) {
      flush();
      words.emplace_back(1, cp);
    } else {
      current.push_back(cp);
    }
  }
  flush();
  return words;
}

}  // namespace ranksent::text::detail
