// Unicode helpers shared by the tokenizers: UTF-8 <-> code points, the
// character classes Hugging Face's tokenizers test, and normalisation forms
// (utf8proc underneath).
#pragma once
#include <string>
#include <string_view>

namespace ranksent::text::detail {

// Invalid UTF-8 bytes become U+FFFD, so every input can be tokenised.
std::u32string decode_utf8(std::string_view text);
void append_utf8(std::string& out, char32_t cp);
std::string encode_utf8(std::u32string_view text);
bool is_valid_utf8(std::string_view text);

// Unicode White_Space (Rust's char::is_whitespace, Oniguruma's \s).
bool is_whitespace(char32_t cp);
// Control, format, private-use and surrogate characters, except \t \n \r
// (which BERT treats as whitespace).
bool is_control(char32_t cp);
// ASCII punctuation (which includes symbols such as $ + < = > ^ ` | ~) or any
// Unicode P* category: what BERT splits off as its own word.
bool is_bert_punctuation(char32_t cp);
bool is_letter(char32_t cp);           // \p{L}
bool is_number(char32_t cp);           // \p{N}
bool is_nonspacing_mark(char32_t cp);  // Mn
// CJK ideograph blocks BERT surrounds with spaces (the ranges of Google's
// original BERT code and of Hugging Face's Rust port, gaps included).
bool is_cjk_ideograph(char32_t cp);

// Full lowercase mapping per character (U+0130 becomes two code points).
std::u32string to_lower(std::u32string_view text);

enum class NormalForm { nfc, nfd, nfkc, nfkd };
std::u32string normalize(std::u32string_view text, NormalForm form);

}  // namespace ranksent::text::detail
