// WordPiece (BERT): greedy longest-match-first sub-words, continuation pieces
// marked with "##"; a word that cannot be covered becomes one [UNK].
#pragma once
#include <string>
#include <unordered_map>
#include <vector>

#include "text/token_model.h"

namespace ranksent::text::detail {

struct WordPieceConfig {
  std::string unk_token = "[UNK]";
  std::string continuing_subword_prefix = "##";
  size_t max_input_chars_per_word = 100;
};

class WordPiece final : public TokenModel {
 public:
  // vocab[i] is the token of id i. Throws std::invalid_argument when the
  // unknown token is not in the vocabulary.
  WordPiece(std::vector<std::string> vocab, WordPieceConfig config);
  WordPiece(std::unordered_map<std::string, int32_t> vocab, WordPieceConfig config);

  void tokenize(std::u32string_view word, std::vector<int32_t>& ids) const override;
  int32_t token_to_id(std::string_view token) const override;
  const std::string* id_to_token(int32_t id) const override;
  size_t vocab_size() const override { return token_to_id_.size(); }
  int32_t unk_id() const override { return unk_id_; }
  std::string kind() const override { return "wordpiece"; }
  std::string decode(const std::vector<std::string>& tokens) const override;

 private:
  void index();

  std::unordered_map<std::string, int32_t> token_to_id_;
  // A map, not a vector indexed by id: ids may be sparse (as in Hugging Face's
  // vocab_r), and one id near INT32_MAX must not cost gigabytes.
  std::unordered_map<int32_t, std::string> id_to_token_;
  size_t max_token_bytes_ = 0;  // the longest token: no longer piece is looked up
  WordPieceConfig config_;
  int32_t unk_id_ = -1;
};

}  // namespace ranksent::text::detail
