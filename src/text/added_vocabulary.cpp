#include "text/added_vocabulary.h"

#include <utf8proc.h>

#include "text/unicode_text.h"

namespace ranksent::text::detail {

void AddedVocabulary::add(AddedToken token) {
  if (token.content.empty()) return;
  tokens_.push_back(std::move(token));
}

void AddedVocabulary::build(const std::function<std::string(std::string_view)>& normalize) {
  raw_ = {};
  normalized_ = {};
  for (size_t index = 0; index < tokens_.size(); ++index) {
    const AddedToken& token = tokens_[index];
    Patterns& target = token.normalized ? normalized_ : raw_;
    std::string pattern = token.normalized && normalize ? normalize(token.content) : token.content;
    if (pattern.empty()) continue;
    target.first_byte[static_cast<unsigned char>(pattern[0])] = true;
    target.entries.emplace_back(std::move(pattern), index);
  }
}

int32_t AddedVocabulary::id_of(std::string_view content) const {
  for (const auto& token : tokens_)
    if (token.content == content) return token.id;
  return -1;
}

const AddedToken* AddedVocabulary::by_id(int32_t id) const {
  for (const auto& token : tokens_)
    if (token.id == id) return &token;
  return nullptr;
}

namespace {
// The character that ends just before byte offset `pos`, and where it starts.
char32_t char_before(std::string_view text, size_t pos, size_t& start) {
  start = pos - 1;
  while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
  utf8proc_int32_t cp = -1;
  utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + start),
                   static_cast<utf8proc_ssize_t>(pos - start), &cp);
  return static_cast<char32_t>(cp);
}

char32_t char_at(std::string_view text, size_t pos, size_t& length) {
  utf8proc_int32_t cp = -1;
  auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + pos),
                            static_cast<utf8proc_ssize_t>(text.size() - pos), &cp);
  length = n > 0 ? static_cast<size_t>(n) : 1;
  return static_cast<char32_t>(cp);
}

bool is_word_char(char32_t cp) { return cp == U'_' || is_letter(cp) || is_number(cp); }
}  // namespace

std::vector<TextSegment> AddedVocabulary::split(std::string_view text, const Patterns& patterns) const {
  std::vector<TextSegment> segments;
  if (patterns.entries.empty()) {
    if (!text.empty()) segments.push_back({std::string(text), -1});
    return segments;
  }
  size_t pending = 0;  // start of the plain text not yet emitted
  size_t pos = 0;
  while (pos < text.size()) {
    if (!patterns.first_byte[static_cast<unsigned char>(text[pos])]) {
      ++pos;
      continue;
    }
    // Leftmost, then longest match, as Hugging Face's Aho-Corasick search.
    const AddedToken* best = nullptr;
    size_t best_len = 0;
    for (const auto& [pattern, index] : patterns.entries) {
      const AddedToken* token = &tokens_[index];
      if (pattern.size() <= best_len || text.compare(pos, pattern.size(), pattern) != 0) continue;
      if (token->single_word) {
        size_t unused;
        if (pos > 0 && is_word_char(char_before(text, pos, unused))) continue;
        if (pos + pattern.size() < text.size() && is_word_char(char_at(text, pos + pattern.size(), unused))) continue;
      }
      best = token;
      best_len = pattern.size();
    }
    if (!best) {
      ++pos;
      continue;
    }
    size_t begin = pos, end = pos + best_len;
    if (best->lstrip) {
      size_t start;
      while (begin > pending && is_whitespace(char_before(text, begin, start))) begin = start;
    }
    if (best->rstrip) {
      size_t length;
      while (end < text.size() && is_whitespace(char_at(text, end, length))) end += length;
    }
    if (begin > pending) segments.push_back({std::string(text.substr(pending, begin - pending)), -1});
    segments.push_back({std::string(), best->id});
    pending = pos = end;
  }
  if (pending < text.size()) segments.push_back({std::string(text.substr(pending)), -1});
  return segments;
}

}  // namespace ranksent::text::detail
