#include "text/byte_level_bpe.h"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "text/unicode_text.h"

namespace ranksent::text::detail {

const std::array<char32_t, 256>& byte_to_unicode() {
  static const std::array<char32_t, 256> table = [] {
    std::array<char32_t, 256> t{};
    auto printable = [](int b) {
      return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
    };
    char32_t next = 256;
    for (int b = 0; b < 256; ++b) t[b] = printable(b) ? static_cast<char32_t>(b) : next++;
    return t;
  }();
  return table;
}

int unicode_to_byte(char32_t cp) {
  static const std::unordered_map<char32_t, int> inverse = [] {
    std::unordered_map<char32_t, int> m;
    const auto& table = byte_to_unicode();
    for (int b = 0; b < 256; ++b) m.emplace(table[b], b);
    return m;
  }();
  auto it = inverse.find(cp);
  return it == inverse.end() ? -1 : it->second;
}

namespace {
// Neither \s, \p{L} nor \p{N}: the punctuation-and-symbols class of the pattern.
bool is_other(char32_t cp) { return !is_whitespace(cp) && !is_letter(cp) && !is_number(cp); }

// Length of the contraction ('s 't 're 've 'm 'll 'd, lowercase only) at i, or 0.
size_t contraction_at(std::u32string_view text, size_t i) {
  if (text[i] != U'\'' || i + 1 >= text.size()) return 0;
  char32_t a = text[i + 1];
  if (a == U's' || a == U't' || a == U'm' || a == U'd') return 2;
  if (i + 2 < text.size()) {
    char32_t b = text[i + 2];
    if ((a == U'r' && b == U'e') || (a == U'v' && b == U'e') || (a == U'l' && b == U'l')) return 3;
  }
  return 0;
}

// End of ` ?CLASS+` starting at i, or i when it does not match.
template <typename Class>
size_t optional_space_run(std::u32string_view text, size_t i, Class in_class) {
  size_t j = i;
  if (text[j] == U' ') ++j;
  if (j >= text.size() || !in_class(text[j])) return i;
  while (j < text.size() && in_class(text[j])) ++j;
  return j;
}
}  // namespace

std::vector<std::pair<size_t, size_t>> gpt2_split(std::u32string_view text) {
  std::vector<std::pair<size_t, size_t>> pieces;
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    size_t end = i + contraction_at(text, i);
    if (end == i) end = optional_space_run(text, i, is_letter);
    if (end == i) end = optional_space_run(text, i, is_number);
    if (end == i) end = optional_space_run(text, i, is_other);
    if (end == i) {
      // Only whitespace is left here. `\s+(?!\S)` leaves the last blank of a
      // run before a word to that word (" ?\p{L}+" then takes it); a single
      // blank before a word, or a run at the end, is taken whole by `\s+`.
      size_t run = i;
      while (run < n && is_whitespace(text[run])) ++run;
      end = (run < n && run - i >= 2) ? run - 1 : run;
    }
    pieces.emplace_back(i, end);
    i = end;
  }
  return pieces;
}

std::vector<std::u32string> byte_level_pre_tokenize(std::u32string_view text, const ByteLevelConfig& config) {
  std::u32string prefixed;
  if (config.add_prefix_space && (text.empty() || text.front() != U' ')) {
    prefixed.reserve(text.size() + 1);
    prefixed.push_back(U' ');
    prefixed.append(text);
    text = prefixed;
  }
  std::vector<std::pair<size_t, size_t>> spans;
  if (config.use_regex) {
    spans = gpt2_split(text);
  } else if (!text.empty()) {
    spans.emplace_back(0, text.size());
  }
  const auto& table = byte_to_unicode();
  std::vector<std::u32string> words;
  words.reserve(spans.size());
  std::string utf8;
  for (auto [begin, end] : spans) {
    utf8.clear();
    for (size_t k = begin; k < end; ++k) append_utf8(utf8, text[k]);
    std::u32string word;
    word.reserve(utf8.size());
    for (unsigned char byte : utf8) word.push_back(table[byte]);
    words.push_back(std::move(word));
  }
  return words;
}

Bpe::Bpe(std::unordered_map<std::string, int32_t> vocab, const std::vector<std::pair<std::string, std::string>>& merges,
         BpeConfig config)
    : token_to_id_(std::move(vocab)), config_(std::move(config)) {
  id_to_token_.reserve(token_to_id_.size());
  for (const auto& [token, id] : token_to_id_) {
    if (id < 0) throw std::invalid_argument("negative id for token '" + token + "'");
    id_to_token_[id] = token;
  }

  if (config_.unk_token) {
    auto it = token_to_id_.find(*config_.unk_token);
    if (it == token_to_id_.end())
      throw std::invalid_argument("unknown token '" + *config_.unk_token + "' is not in the vocabulary");
    unk_id_ = it->second;
  }

  const size_t prefix_len = config_.continuing_subword_prefix.size();
  merges_.reserve(merges.size());
  for (size_t rank = 0; rank < merges.size(); ++rank) {
    const auto& [left, right] = merges[rank];
    auto l = token_to_id_.find(left);
    auto r = token_to_id_.find(right);
    if (l == token_to_id_.end() || r == token_to_id_.end())
      throw std::invalid_argument("merge " + std::to_string(rank + 1) + " ('" + left + "' '" + right +
                                  "') uses a token that is not in the vocabulary");
    // The right part loses its continuation prefix when joined.
    std::string joined = left;
    if (prefix_len && right.starts_with(config_.continuing_subword_prefix))
      joined.append(right, prefix_len);
    else
      joined += right;
    auto result = token_to_id_.find(joined);
    if (result == token_to_id_.end())
      throw std::invalid_argument("merge " + std::to_string(rank + 1) + " makes '" + joined +
                                  "', which is not in the vocabulary");
    // A repeated merge keeps its first (best) rank.
    merges_.try_emplace(pair_key(l->second, r->second), Merge{static_cast<int32_t>(rank), result->second});
  }
}

std::vector<int32_t> Bpe::merge_word(std::u32string_view word) const {
  if (config_.ignore_merges) {
    if (auto it = token_to_id_.find(encode_utf8(word)); it != token_to_id_.end()) return {it->second};
  }
  // Initial symbols: one per character, with the configured prefix/suffix.
  std::vector<int32_t> symbols;
  symbols.reserve(word.size());
  bool last_was_unk = false;
  std::string piece;
  for (size_t i = 0; i < word.size(); ++i) {
    piece.clear();
    if (i > 0) piece = config_.continuing_subword_prefix;
    append_utf8(piece, word[i]);
    if (i + 1 == word.size()) piece += config_.end_of_word_suffix;
    auto it = token_to_id_.find(piece);
    if (it != token_to_id_.end()) {
      symbols.push_back(it->second);
      last_was_unk = false;
    } else if (unk_id_ >= 0) {
      if (!(config_.fuse_unk && last_was_unk)) symbols.push_back(unk_id_);
      last_was_unk = true;
    }  // without an unknown token the character is dropped, as in HF
  }
  // Repeatedly apply the best-ranked merge (leftmost on ties): the order of
  // Hugging Face's priority queue, so ambiguous words split the same way.
  while (symbols.size() > 1) {
    int32_t best_rank = std::numeric_limits<int32_t>::max();
    size_t best_pos = 0;
    int32_t best_result = -1;
    for (size_t k = 0; k + 1 < symbols.size(); ++k) {
      auto it = merges_.find(pair_key(symbols[k], symbols[k + 1]));
      if (it != merges_.end() && it->second.rank < best_rank) {
        best_rank = it->second.rank;
        best_pos = k;
        best_result = it->second.result;
      }
    }
    if (best_result < 0) break;
    symbols[best_pos] = best_result;
    symbols.erase(symbols.begin() + static_cast<std::ptrdiff_t>(best_pos) + 1);
  }
  return symbols;
}

void Bpe::tokenize(std::u32string_view word, std::vector<int32_t>& ids) const {
  if (word.empty()) return;
  std::u32string key(word);
  {
    std::lock_guard<std::mutex> lock(cache_mutex_);
    auto it = cache_.find(key);
    if (it != cache_.end()) {
      ids.insert(ids.end(), it->second.begin(), it->second.end());
      return;
    }
  }
  std::vector<int32_t> merged = merge_word(word);
  ids.insert(ids.end(), merged.begin(), merged.end());
  std::lock_guard<std::mutex> lock(cache_mutex_);
  if (cache_.size() < kCacheCapacity) cache_.emplace(std::move(key), std::move(merged));
}

int32_t Bpe::token_to_id(std::string_view token) const {
  auto it = token_to_id_.find(std::string(token));
  return it == token_to_id_.end() ? -1 : it->second;
}

const std::string* Bpe::id_to_token(int32_t id) const {
  auto it = id_to_token_.find(id);
  return it == id_to_token_.end() ? nullptr : &it->second;
}

std::string Bpe::decode(const std::vector<std::string>& tokens) const {
  std::string bytes;
  for (const auto& token : tokens) {
    for (char32_t cp : decode_utf8(token)) {
      int b = unicode_to_byte(cp);
      if (b >= 0)
        bytes.push_back(static_cast<char>(b));
      else
        append_utf8(bytes, cp);
    }
  }
  // Tokens may end inside a character; keep the text valid UTF-8.
  return is_valid_utf8(bytes) ? bytes : encode_utf8(decode_utf8(bytes));
}

}  // namespace ranksent::text::detail
