// Byte-level BPE (GPT-2, RoBERTa): text is split with GPT-2's pattern, each
// piece's UTF-8 bytes are spelled with 256 printable stand-in characters, and
// the ranked merges join adjacent symbols until none applies.
#pragma once
#include <array>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "text/token_model.h"

namespace ranksent::text::detail {

// GPT-2's byte -> character table: printable Latin-1 bytes stand for
// themselves, the others are moved to U+0100 and up (space becomes 'Ġ').
const std::array<char32_t, 256>& byte_to_unicode();
// Inverse of byte_to_unicode; -1 for characters outside the table.
int unicode_to_byte(char32_t cp);

// GPT-2's split `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`,
// as (begin, end) character offsets covering the whole text.
std::vector<std::pair<size_t, size_t>> gpt2_split(std::u32string_view text);

struct ByteLevelConfig {
  bool add_prefix_space = false;  // " " before a text that does not start with one
  bool use_regex = true;          // split with gpt2_split first
};
// Words of the ByteLevel pre-tokenizer, already spelled in the byte alphabet.
std::vector<std::u32string> byte_level_pre_tokenize(std::u32string_view text, const ByteLevelConfig& config);

struct BpeConfig {
  std::optional<std::string> unk_token;  // unset: unknown characters are dropped
  std::string continuing_subword_prefix;
  std::string end_of_word_suffix;
  bool fuse_unk = false;
  bool ignore_merges = false;  // a word that is itself a token is not merged (Llama 3 style)
};

class Bpe final : public TokenModel {
 public:
  // merges in rank order. Throws std::invalid_argument on a merge whose
  // parts or result are not in the vocabulary.
  Bpe(std::unordered_map<std::string, int32_t> vocab, const std::vector<std::pair<std::string, std::string>>& merges,
      BpeConfig config);

  void tokenize(std::u32string_view word, std::vector<int32_t>& ids) const override;
  int32_t token_to_id(std::string_view token) const override;
  const std::string* id_to_token(int32_t id) const override;
  size_t vocab_size() const override { return token_to_id_.size(); }
  int32_t unk_id() const override { return unk_id_; }
  std::string kind() const override { return "bpe"; }
  std::string decode(const std::vector<std::string>& tokens) const override;

 private:
  std::vector<int32_t> merge_word(std::u32string_view word) const;

  struct Merge {
    int32_t rank;
    int32_t result;
  };
  static uint64_t pair_key(int32_t left, int32_t right) {
    return (static_cast<uint64_t>(static_cast<uint32_t>(left)) << 32) | static_cast<uint32_t>(right);
  }

  std::unordered_map<std::string, int32_t> token_to_id_;
  // A map, not a vector indexed by id: ids may be sparse (as in Hugging Face's
  // vocab_r), and one id near INT32_MAX must not cost gigabytes.
  std::unordered_map<int32_t, std::string> id_to_token_;
  std::unordered_map<uint64_t, Merge> merges_;
  BpeConfig config_;
  int32_t unk_id_ = -1;

  // Words repeat a lot in real text; the cache is bounded like Hugging Face's.
  static constexpr size_t kCacheCapacity = 10000;
  mutable std::mutex cache_mutex_;
  mutable std::unordered_map<std::u32string, std::vector<int32_t>> cache_;
};

}  // namespace ranksent::text::detail
