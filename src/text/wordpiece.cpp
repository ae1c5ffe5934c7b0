#include "text/wordpiece.h"

#include <algorithm>
#include <stdexcept>

#include "text/unicode_text.h"

namespace ranksent::text::detail {

WordPiece::WordPiece(std::vector<std::string> vocab, WordPieceConfig config) : config_(std::move(config)) {
  token_to_id_.reserve(vocab.size());
  for (size_t i = 0; i < vocab.size(); ++i)
    token_to_id_[vocab[i]] = static_cast<int32_t>(i);  // a repeated token keeps its last id, like HF
  index();
}

WordPiece::WordPiece(std::unordered_map<std::string, int32_t> vocab, WordPieceConfig config)
    : token_to_id_(std::move(vocab)), config_(std::move(config)) {
  index();
}

void WordPiece::index() {
  id_to_token_.reserve(token_to_id_.size());
  for (const auto& [token, id] : token_to_id_) {
    if (id < 0) throw std::invalid_argument("negative id for token '" + token + "'");
    id_to_token_[id] = token;
    max_token_bytes_ = std::max(max_token_bytes_, token.size());
  }
  auto unk = token_to_id_.find(config_.unk_token);
  if (unk == token_to_id_.end())
    throw std::invalid_argument("unknown token '" + config_.unk_token + "' is not in the vocabulary");
  unk_id_ = unk->second;
}

void WordPiece::tokenize(std::u32string_view word, std::vector<int32_t>& ids) const {
  if (word.empty()) return;
  if (word.size() > config_.max_input_chars_per_word) {
    ids.push_back(unk_id_);
    return;
  }
  // UTF-8 of the word plus the byte offset of every character boundary, so
  // candidate pieces are cut on characters, never inside one.
  std::string utf8;
  std::vector<size_t> boundary{0};
  for (char32_t cp : word) {
    append_utf8(utf8, cp);
    boundary.push_back(utf8.size());
  }
  const size_t n_chars = word.size();
  const size_t first_new = ids.size();
  std::string candidate;
  size_t start = 0;
  while (start < n_chars) {
    int32_t found = -1;
    // Longest match first, from the longest piece that could be a token: a
    // candidate longer than every token cannot match, and trying them all made
    // a long word (max_input_chars_per_word set high) cost cubic time.
    const size_t prefix = start > 0 ? config_.continuing_subword_prefix.size() : 0;
    size_t end = start;
    if (prefix <= max_token_bytes_) {
      const auto last = std::upper_bound(boundary.begin() + std::ptrdiff_t(start), boundary.end(),
                                         boundary[start] + (max_token_bytes_ - prefix));
      end = size_t(last - boundary.begin()) - 1;
    }
    for (; end > start; --end) {
      candidate.clear();
      if (start > 0) candidate = config_.continuing_subword_prefix;
      candidate.append(utf8, boundary[start], boundary[end] - boundary[start]);
      auto it = token_to_id_.find(candidate);
      if (it != token_to_id_.end()) {
        found = it->second;
        break;
      }
    }
    if (found < 0) {  // the whole word is unknown, not just this piece
      ids.resize(first_new);
      ids.push_back(unk_id_);
      return;
    }
    ids.push_back(found);
    start = end;
  }
}

int32_t WordPiece::token_to_id(std::string_view token) const {
  auto it = token_to_id_.find(std::string(token));
  return it == token_to_id_.end() ? -1 : it->second;
}

const std::string* WordPiece::id_to_token(int32_t id) const {
  auto it = id_to_token_.find(id);
  return it == id_to_token_.end() ? nullptr : &it->second;
}

std::string WordPiece::decode(const std::vector<std::string>& tokens) const {
  std::string text;
  const auto& prefix = config_.continuing_subword_prefix;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const auto& token = tokens[i];
    if (!prefix.empty() && token.starts_with(prefix)) {
      text.append(token, prefix.size());
    } else {
      if (i > 0) text.push_back(' ');
      text += token;
    }
  }
  // Undo the spaces BERT put before punctuation and contractions (the
  // `cleanup` of Hugging Face's WordPiece decoder).
  static const std::pair<const char*, const char*> cleanup[] = {
      {" .", "."},     {" ?", "?"},   {" !", "!"},   {" ,", ","},     {" ' ", "'"},
      {" n't", "n't"}, {" 'm", "'m"}, {" 's", "'s"}, {" 've", "'ve"}, {" 're", "'re"}};
  for (const auto& [from, to] : cleanup) {
    std::string_view f(from);
    size_t pos = 0;
    while ((pos = text.find(f, pos)) != std::string::npos) {
      text.replace(pos, f.size(), to);
      pos += std::string_view(to).size();
    }
  }
  return text;
}

}  // namespace ranksent::text::detail
