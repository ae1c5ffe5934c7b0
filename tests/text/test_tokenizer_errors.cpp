// Missing or malformed tokenizer files are rejected with an InputError that
// names the file (and, where known, the line or field), never a crash.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "ranksent/error.h"
#include "ranksent/text/tokenizer.h"
#include "support/environment.h"

using ranksent::InputError;
using ranksent::text::Tokenizer;
namespace fs = std::filesystem;

namespace {

void write_file(const fs::path& file, const std::string& text) { std::ofstream(file, std::ios::binary) << text; }

// Runs `load` and returns the InputError it must throw.
template <class Load>
InputError expect_input_error(Load load) {
  try {
    load();
  } catch (const InputError& e) {
    return e;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "expected InputError, got: " << e.what();
    return InputError("", "");
  }
  ADD_FAILURE() << "expected InputError, nothing was thrown";
  return InputError("", "");
}

const char* kMinimalWordPiece = R"({
  "model": {"type": "WordPiece", "unk_token": "[UNK]", "vocab": {"[UNK]": 0, "a": 1}},
  "normalizer": null, "pre_tokenizer": {"type": "BertPreTokenizer"}, "post_processor": null
})";

TEST(TokenizerErrors, MissingDirectory) {
  auto dir = ranksent::test::scratch_dir("missing") / "no-such-model";
  auto e = expect_input_error([&] { Tokenizer::from_directory(dir); });
  EXPECT_EQ(e.file(), dir.string());
  EXPECT_NE(std::string(e.what()).find("not found"), std::string::npos) << e.what();
}

TEST(TokenizerErrors, DirectoryWithoutTokenizerFiles) {
  auto dir = ranksent::test::scratch_dir("empty");
  auto e = expect_input_error([&] { Tokenizer::from_directory(dir); });
  EXPECT_EQ(e.file(), (dir / "tokenizer.json").string());
  EXPECT_NE(std::string(e.what()).find("vocab.txt"), std::string::npos) << e.what();
}

TEST(TokenizerErrors, BadJsonNamesFileAndLine) {
  auto dir = ranksent::test::scratch_dir("bad-json");
  write_file(dir / "tokenizer.json", "{\n  \"model\": {\n    \"type\": \"WordPiece\",,\n  }\n}\n");
  auto e = expect_input_error([&] { Tokenizer::from_directory(dir); });
  EXPECT_EQ(e.file(), (dir / "tokenizer.json").string());
  EXPECT_EQ(e.line(), 3);
  EXPECT_NE(std::string(e.what()).find("not valid JSON"), std::string::npos) << e.what();
}

TEST(TokenizerErrors, UnknownModelTypeNamesField) {
  auto dir = ranksent::test::scratch_dir("unknown-model");
  write_file(dir / "tokenizer.json", R"({"model": {"type": "Unigram", "vocab": [["a", 0.0]]}})");
  auto e = expect_input_error([&] { Tokenizer::from_directory(dir); });
  EXPECT_EQ(e.file(), (dir / "tokenizer.json").string());
  EXPECT_EQ(e.field(), "model.type");
  EXPECT_NE(std::string(e.what()).find("Unigram"), std::string::npos) << e.what();
}

TEST(TokenizerErrors, MissingModel) {
  auto dir = ranksent::test::scratch_dir("no-model");
  write_file(dir / "tokenizer.json", R"({"normalizer": null})");
  auto e = expect_input_error([&] { Tokenizer::from_directory(dir); });
  EXPECT_EQ(e.field(), "model");
}

TEST(TokenizerErrors, WrongFieldTypes) {
  auto dir = ranksent::test::scratch_dir("wrong-types");
  write_file(dir / "tokenizer.json",
             R"({"model": {"type": "WordPiece", "unk_token": "[UNK]", "vocab": {"[UNK]": "zero"}}})");
  auto e = expect_input_error([&] { Tokenizer::from_directory(dir); });
  EXPECT_EQ(e.field(), "model.vocab.[UNK]");

  write_file(dir / "tokenizer.json", R"({"model": {"type": "BPE", "vocab": {"a": 0, "b": 1}, "merges": ["a b"]}})");
  e = expect_input_error([&] { Tokenizer::from_directory(dir); });
  EXPECT_EQ(e.field(), "model");  // the merge makes "ab", which is not in the vocabulary
  EXPECT_NE(std::string(e.what()).find("'ab'"), std::string::npos) << e.what();

  write_file(dir / "tokenizer.json", R"({"model": {"type": "BPE", "vocab": {"a": 0}, "merges": ["a b c"]}})");
  e = expect_input_error([&] { Tokenizer::from_directory(dir); });
  EXPECT_EQ(e.field(), "model.merges[0]");
}

TEST(TokenizerErrors, UnknownTokenNotInVocabulary) {
  auto dir = ranksent::test::scratch_dir("no-unk");
  write_file(dir / "tokenizer.json", R"({"model": {"type": "WordPiece", "unk_token": "[UNK]", "vocab": {"a": 0}}})");
  auto e = expect_input_error([&] { Tokenizer::from_directory(dir); });
  EXPECT_NE(std::string(e.what()).find("[UNK]"), std::string::npos) << e.what();
}

TEST(TokenizerErrors, UnsupportedComponentsNameTheirField) {
  auto dir = ranksent::test::scratch_dir("unsupported");
  write_file(dir / "tokenizer.json", R"({
    "model": {"type": "WordPiece", "unk_token": "[UNK]", "vocab": {"[UNK]": 0}},
    "pre_tokenizer": {"type": "Metaspace"}})");
  auto e = expect_input_error([&] { Tokenizer::from_directory(dir); });
  EXPECT_EQ(e.field(), "pre_tokenizer.type");

  write_file(dir / "tokenizer.json", R"({
    "model": {"type": "WordPiece", "unk_token": "[UNK]", "vocab": {"[UNK]": 0}},
    "normalizer": {"type": "Precompiled"}})");
  e = expect_input_error([&] { Tokenizer::from_directory(dir); });
  EXPECT_EQ(e.field(), "normalizer.type");
}

TEST(TokenizerErrors, MinimalTokenizerJsonLoads) {
  auto dir = ranksent::test::scratch_dir("minimal");
  write_file(dir / "tokenizer.json", kMinimalWordPiece);
  auto tok = Tokenizer::from_directory(dir);
  EXPECT_EQ(tok.encode("a a b"), (std::vector<int32_t>{1, 1, 0}));
}

TEST(TokenizerErrors, VocabTxtMissingOrEmpty) {
  auto dir = ranksent::test::scratch_dir("vocab-txt");
  // A config alone is not a tokenizer: the error names what is missing.
  write_file(dir / "tokenizer_config.json", R"({"do_lower_case": true})");
  auto e = expect_input_error([&] { Tokenizer::from_directory(dir); });
  EXPECT_EQ(e.file(), (dir / "vocab.txt").string());
  EXPECT_NE(std::string(e.what()).find("not found"), std::string::npos) << e.what();

  write_file(dir / "vocab.txt", "");
  e = expect_input_error([&] { Tokenizer::from_directory(dir); });
  EXPECT_EQ(e.file(), (dir / "vocab.txt").string());

  write_file(dir / "vocab.txt", "a\nb\n");  // no [UNK]
  e = expect_input_error([&] { Tokenizer::from_directory(dir); });
  EXPECT_EQ(e.file(), (dir / "vocab.txt").string());
  EXPECT_NE(std::string(e.what()).find("[UNK]"), std::string::npos) << e.what();
}

TEST(TokenizerErrors, BadTokenizerConfigNamesIt) {
  auto dir = ranksent::test::scratch_dir("bad-config");
  write_file(dir / "vocab.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\na\n");
  write_file(dir / "tokenizer_config.json", "{\"do_lower_case\": tru}");
  auto e = expect_input_error([&] { Tokenizer::from_directory(dir); });
  EXPECT_EQ(e.file(), (dir / "tokenizer_config.json").string());
}

TEST(TokenizerErrors, MergesTxtMissingOrMalformed) {
  auto dir = ranksent::test::scratch_dir("bpe-files");
  write_file(dir / "vocab.json", R"({"a": 0, "b": 1, "ab": 2})");
  auto e = expect_input_error([&] { Tokenizer::from_directory(dir); });
  EXPECT_EQ(e.file(), (dir / "merges.txt").string());

  write_file(dir / "merges.txt", "#version: 0.2\na b\nab\n");
  e = expect_input_error([&] { Tokenizer::from_directory(dir); });
  EXPECT_EQ(e.file(), (dir / "merges.txt").string());
  EXPECT_EQ(e.line(), 3);

  write_file(dir / "vocab.json", "[1, 2]");
  e = expect_input_error([&] { Tokenizer::from_directory(dir); });
  EXPECT_EQ(e.file(), (dir / "vocab.json").string());
}

TEST(TokenizerErrors, TokenizerJsonFileMissing) {
  auto file = ranksent::test::scratch_dir("json-file") / "tokenizer.json";
  auto e = expect_input_error([&] { Tokenizer::from_tokenizer_json(file); });
  EXPECT_EQ(e.file(), file.string());
}

}  // namespace

// Found by fuzzing (fuzz/corpus/tokenizer/regress_*): a number too large for
// a double escaped the JSON reader as a nlohmann exception (exit 1, not 2).
TEST(TokenizerErrors, NumberTooLargeIsBadJson) {
  auto dir = ranksent::test::scratch_dir("huge-number");
  write_file(dir / "tokenizer.json", R"({"model": {"type": "WordPiece", "max_input_chars_per_word": 1e400}})");
  auto e = expect_input_error([&] { Tokenizer::from_directory(dir); });
  EXPECT_EQ(e.file(), (dir / "tokenizer.json").string());
  EXPECT_NE(std::string(e.what()).find("not valid JSON"), std::string::npos) << e.what();
  EXPECT_NE(std::string(e.what()).find("1e400"), std::string::npos) << e.what();
}

// An id near INT32_MAX made a table of 2^31 strings (64 GB); ids may be sparse.
TEST(TokenizerErrors, SparseIdsLoadWithoutATableOfEveryId) {
  auto dir = ranksent::test::scratch_dir("sparse-ids");
  write_file(dir / "tokenizer.json", R"({
    "model": {"type": "WordPiece", "unk_token": "[UNK]", "vocab": {"[UNK]": 0, "a": 2147483647}},
    "pre_tokenizer": {"type": "BertPreTokenizer"}})");
  auto tok = Tokenizer::from_directory(dir);
  EXPECT_EQ(tok.encode("a b"), (std::vector<int32_t>{2147483647, 0}));
  EXPECT_EQ(tok.id_to_token(2147483647), "a");
  EXPECT_EQ(tok.id_to_token(1), "");
  EXPECT_EQ(tok.decode({2147483647, 5}), "a");

  write_file(dir / "tokenizer.json", R"({
    "model": {"type": "BPE", "vocab": {"a": 2147483646, "b": 0, "ab": 7}, "merges": ["a b"]}})");
  tok = Tokenizer::from_directory(dir);
  EXPECT_EQ(tok.encode("ab"), (std::vector<int32_t>{7}));
  EXPECT_EQ(tok.id_to_token(2147483646), "a");
}

// A long word under a high max_input_chars_per_word took cubic time (every
// piece up to the whole word was looked up); pieces longer than the longest
// token are no longer tried, with the same result.
TEST(TokenizerErrors, LongWordWithHighCharacterLimit) {
  auto dir = ranksent::test::scratch_dir("long-word");
  write_file(dir / "tokenizer.json", R"({
    "model": {"type": "WordPiece", "unk_token": "[UNK]", "max_input_chars_per_word": 1000000,
              "vocab": {"[UNK]": 0, "a": 1, "##a": 2, "##aa": 3, "b": 4}},
    "pre_tokenizer": {"type": "BertPreTokenizer"}})");
  auto tok = Tokenizer::from_directory(dir);
  const auto ids = tok.encode(std::string(20001, 'a'));
  ASSERT_EQ(ids.size(), 10001u);
  EXPECT_EQ(ids.front(), 1);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), 3), 10000);
  EXPECT_EQ(tok.encode("aaa b ab"), (std::vector<int32_t>{1, 3, 4, 0}));  // "ab": "##b" is not a token
}

// Found by fuzzing (fuzz/corpus/tokenizer/regress_special_id_float): a
// post-processor's special-token id of 2.7e20 was converted to an integer out
// of range (undefined; UBSan's report). Non-integer and out-of-range ids are
// a bad field.
TEST(TokenizerErrors, PostProcessorIdsMustBeTokenIds) {
  auto dir = ranksent::test::scratch_dir("special-ids");
  for (const char* ids : {"[2.66667e20]", "[-1]", "[2147483648]", "[\"101\"]"}) {
    write_file(dir / "tokenizer.json", std::string(R"({
      "model": {"type": "WordPiece", "unk_token": "[UNK]", "vocab": {"[UNK]": 0, "[CLS]": 1}},
      "post_processor": {"type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}},
        {"Sequence": {"id": "A", "type_id": 0}}], "pair": [],
        "special_tokens": {"[CLS]": {"id": "[CLS]", "ids": )") +
                                           ids + R"(, "tokens": ["[CLS]"]}}}})");
    auto e = expect_input_error([&] { Tokenizer::from_directory(dir); });
    EXPECT_NE(std::string(e.what()).find("special_tokens.[CLS].ids"), std::string::npos) << ids << ": " << e.what();
  }
}

TEST(TokenizerErrors, BertProcessingIdsMustBeTokenIds) {
  auto dir = ranksent::test::scratch_dir("bert-processing-ids");
  for (const char* cls : {R"(["[CLS]", -1])", R"(["[CLS]", 4294967297])", R"(["[CLS]", 1.5])"}) {
    write_file(dir / "tokenizer.json", std::string(R"({
      "model": {"type": "WordPiece", "unk_token": "[UNK]", "vocab": {"[UNK]": 0, "[CLS]": 1, "[SEP]": 2}},
      "post_processor": {"type": "BertProcessing", "sep": ["[SEP]", 2], "cls": )") +
                                           cls + "}}");
    auto e = expect_input_error([&] { Tokenizer::from_directory(dir); });
    EXPECT_NE(std::string(e.what()).find("post_processor.cls"), std::string::npos) << cls << ": " << e.what();
  }
}
