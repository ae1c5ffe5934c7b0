// What a Tokenizer is made of, in Hugging Face's order: added tokens are cut
// out of the raw text, the rest is normalised, pre-tokenised into words, the
// model turns words into ids, and the post-processor wraps the special tokens
// around them. The loaders (tokenizer.json, vocab files) fill this in.
#pragma once
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ranksent/text/tokenizer.h"
#include "text/added_vocabulary.h"
#include "text/token_model.h"

namespace ranksent::text {

struct Tokenizer::Impl {
  using Normalizer = std::function<std::u32string(std::u32string_view)>;
  using PreTokenizer = std::function<std::vector<std::u32string>(std::u32string_view)>;

  std::vector<Normalizer> normalizers;  // applied in order
  PreTokenizer pre_tokenizer;           // empty: the whole text is one word
  std::unique_ptr<detail::TokenModel> model;
  detail::AddedVocabulary added;
  std::vector<int32_t> prefix;  // special ids before a single sequence ([CLS], <s>)
  std::vector<int32_t> suffix;  // and after it ([SEP], </s>)
  int32_t pad_id = 0;

  std::u32string normalize(std::u32string_view text) const;
  // Ids of the text without special tokens or truncation.
  std::vector<int32_t> encode_content(std::string_view text) const;
  // Looks a token up among the added tokens, then the model; -1 when absent.
  int32_t find_token(std::string_view token) const;
  // Builds the added-token patterns and picks pad_id when `pad_id_known` is false.
  void finish(bool pad_id_known);
};

namespace detail {
// Each throws ranksent::InputError naming the file and field at fault.
std::unique_ptr<Tokenizer::Impl> load_tokenizer_json(const std::filesystem::path& file);
std::unique_ptr<Tokenizer::Impl> load_wordpiece_vocab(const std::filesystem::path& model_dir);
std::unique_ptr<Tokenizer::Impl> load_bpe_vocab(const std::filesystem::path& model_dir);
}  // namespace detail

}  // namespace ranksent::text
