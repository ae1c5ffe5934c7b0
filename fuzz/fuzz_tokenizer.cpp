// tokenizer.json loading and tokenisation. The input up to its first NUL byte
// is the tokenizer.json of a model folder (Tokenizer::from_directory); what
// follows the NUL is one more text to encode, besides a few fixed ones.
// Expected: InputError while loading; encoding, decoding and the lookups of a
// loaded tokenizer throw nothing.
#include <optional>

#include "fuzz_support.h"
#include "ranksent/error.h"
#include "ranksent/text/tokenizer.h"

using namespace ranksent;

namespace {

const char* const kTexts[] = {
    "A man is playing a guitar.",
    "  Hello,   WORLD!! It's 3.5 million people; e-mail: x@y.z  ",
    ("Caf\xC3\xA9 na\xC3\xAFve \xC3\x85ngstr\xC3\xB6m \xE2\x80\x94 \xE4\xBD\xA0\xE5\xA5\xBD\xE4\xB8\x96\xE7\x95\x8C "
     "\xF0\x9F\x98\x80 \xC4\xB0stanbul"),
    "[CLS] <s> [SEP] </s> [MASK] <mask> [UNK] <unk> [PAD] <pad> ##ing \xC4\xA0the",
    "tab\there\nnew line\r\n\xE2\x80\xA8\xC2\xA0nbsp \x01\x7F control",
    "\xFF\xFE invalid \xC3 utf-8 \xED\xA0\x80 surrogate",
    "",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
};

void exercise(const text::Tokenizer& tok, std::string_view text) {
  auto ids = tok.encode(text);
  auto plain = tok.encode(text, false);
  auto cut = tok.encode(text, true, 5);
  if (cut.size() > 5 && cut.size() > ids.size() - plain.size())
    fuzz::violated("encode(max_length=5) is longer than 5 tokens");
  if (ids.size() < plain.size()) fuzz::violated("special tokens made the encoding shorter");
  (void)tok.decode(ids);
  for (int32_t id : ids) (void)tok.id_to_token(id);
  for (int32_t id : {-1, 0, 1, 2147483647}) (void)tok.id_to_token(id);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = fuzz::as_text(data, size);
  const std::size_t nul = input.find('\0');
  const auto dir = fuzz::fresh_dir("model");
  fuzz::write_file(dir / "tokenizer.json", input.substr(0, nul));
  std::optional<text::Tokenizer> tok;
  try {
    tok.emplace(text::Tokenizer::from_directory(dir));
  } catch (const InputError&) {
    return 0;
  }
  for (const char* t : kTexts) exercise(*tok, t);
  if (nul != std::string_view::npos) exercise(*tok, input.substr(nul + 1));
  auto batch = tok->encode_batch({kTexts[0], kTexts[2], std::string(input.substr(0, 64))}, 16);
  if (batch.input_ids.size() != std::size_t(batch.batch_size * batch.seq_len)) fuzz::violated("batch shape");
  (void)tok->pad_id();
  (void)tok->cls_id();
  (void)tok->sep_id();
  (void)tok->unk_id();
  (void)tok->vocab_size();
  (void)tok->kind();
  (void)tok->token_to_id("[UNK]");
  return 0;
}
