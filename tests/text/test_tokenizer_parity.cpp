// Token ids identical to Hugging Face `tokenizers` (tests/reference/
// tokenizer_reference.py) on thousands of real sentences from the shared data
// and on hand-written hard cases, for the default encoder's WordPiece, for
// all-mpnet-base-v2's (its tier installed) and for a byte-level BPE with
// RoBERTa's post-processing trained on the same data.
// The older vocab files must give the same ids as tokenizer.json.
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "ranksent/models.h"
#include "ranksent/text/tokenizer.h"
#include "support/environment.h"

using ranksent::text::Tokenizer;
namespace fs = std::filesystem;

namespace {

using Ids = std::vector<int32_t>;

bool valid_utf8(const std::string& s) {
  // The reference reads UTF-8 JSON; lines in other encodings are skipped.
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  try {  // also rejects surrogates and overlong forms
    (void)nlohmann::json(s).dump();
  } catch (const nlohmann::json::exception&) {
    return false;
  }
  return true;
}

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> cols;
  std::stringstream ss(line);
  std::string col;
  while (std::getline(ss, col, '\t')) cols.push_back(col);
  return cols;
}

// Reads `columns` of a tab-separated file (all of a line when empty).
void collect(const fs::path& file, const std::vector<size_t>& columns, std::vector<std::string>& out,
             std::set<std::string>& seen, size_t skip_header = 0) {
  std::ifstream in(file, std::ios::binary);
  ASSERT_TRUE(in) << "missing data file " << file;
  std::string line;
  for (size_t n = 0; std::getline(in, line); ++n) {
    if (n < skip_header) continue;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> picked;
    if (columns.empty()) {
      picked.push_back(line);
    } else {
      auto cols = split_tabs(line);
      for (size_t c : columns)
        if (c < cols.size()) picked.push_back(cols[c]);
    }
    for (auto& s : picked)
      if (!s.empty() && valid_utf8(s) && seen.insert(s).second) out.push_back(s);
  }
}

// Real sentences: the cased STS12-16 and STS-B releases, SICK, MR and TREC.
std::vector<std::string> real_sentences() {
  const fs::path data = ranksent::test::data_dir();
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const char* year : {"STS12", "STS13", "STS14", "STS15", "STS16"})
    for (const auto& entry : fs::directory_iterator(data / year / "raw")) collect(entry.path(), {0, 1}, out, seen);
  for (const char* split : {"sts-train.csv", "sts-dev.csv", "sts-test.csv"})
    collect(data / "STSBenchmark" / "raw" / split, {5, 6}, out, seen);
  collect(data / "SICK" / "raw" / "SICK.txt", {1, 2}, out, seen, /*skip_header=*/1);
  collect(data / "MR" / "rt-polarity.pos", {}, out, seen);
  collect(data / "MR" / "rt-polarity.neg", {}, out, seen);
  std::vector<std::string> trec;
  collect(data / "TREC" / "TREC_10.label", {}, trec, seen);
  for (auto& line : trec) out.push_back(line.substr(line.find(' ') + 1));  // drop "LABEL:sub "
  return out;
}

// A different slice of the data to train the BPE on, so the parity test also
// meets words the merges never saw.
std::vector<std::string> bpe_training_corpus() {
  const fs::path data = ranksent::test::data_dir();
  std::vector<std::string> out;
  std::set<std::string> seen;
  collect(data / "SNLI" / "s1.dev", {}, out, seen);
  collect(data / "SNLI" / "s2.dev", {}, out, seen);
  collect(data / "CR" / "custrev.pos", {}, out, seen);
  collect(data / "SUBJ" / "subj.objective", {}, out, seen);
  collect(data / "STS15" / "raw" / "STS.input.answers-forums.txt", {0, 1}, out, seen);
  collect(data / "STS16" / "raw" / "STS2016.input.postediting.txt", {0, 1}, out, seen);
  return out;
}

std::vector<std::string> hard_cases() {
  std::vector<std::string> cases = {
      "",
      " ",
      "   ",
      "\t\n",
      "a",
      ".",
      "   multiple   spaces   between   words   ",
      " leading space",
      "trailing space ",
      "  two leading spaces",
      "tabs\tand\nnewlines\r\nhere\t\t\tand\n\n\nthere",
      "tab\tseparated\tvalues",
      "Café naïve résumé façade coöperate",
      "Ångström Øresund ÉCOLE ÉLÈVE",
      "e\u0301 combining acute, a\u0308\u0304 stacked marks",
      "\u0301leading combining mark",
      "Zalgo: Z\u0337\u0322a\u0338l\u0336g\u0335o\u0334",
      "Vietnamese: Tiếng Việt có dấu",
      "中文分词测试，你好世界。",
      "mixed日本English한국어text",
      "日本語のテキストとカタカナ",
      "한국어 텍스트",
      "\U00020000 CJK extension B \U0002B820 gap \U0002B920",
      "emoji 😀👍🏽 family 👨‍👩‍👧 flags 🇫🇷 melting 🫠",
      "zero\u200bwidth\u200djoiner\u200cnon\ufeffbom",
      "control\x01\x02\x7f chars \x1b[0m colour",
      std::string("NUL\0inside", 10),
      "replacement \xEF\xBF\xBD char",
      "soft\u00adhyphen",
      "\u00a0nbsp\u2003em-space\u3000ideographic",
      "line\u2028separator\u2029paragraph",
      "x\u0085nel\x0b\x0cvertical",
      "private use \ue000 char",
      "Arabic: مرحبا بالعالم",
      "١٢٣ Arabic-Indic digits",
      "Devanagari: नमस्ते दुनिया",
      "Thai: สวัสดีครับ",
      "Hebrew with niqqud: שָׁלוֹם",
      "Greek ΑΒΓ αβγ ς Σ",
      "Cyrillic Привет мир",
      "İstanbul IŞIK ǅemal",
      "ÿ þ ð æ œ ß ẞ",
      "fullwidth ＡＢＣ１２３",
      "ligature ﬁ ﬂ",
      "superscript x² ³ ½",
      "math ∑∫√∞≠≤",
      "currency €£¥₹ $5.99",
      "dashes – — ‐ ‒ “quotes” ‘single’ «guillemets» …",
      "numbers 3.14159, 1,000,000 and -42% of $5.99 (approx.) 1/2",
      "numbers12345abc 2nd 3rd 10th",
      "version v2.0.1-beta+build.5",
      "email a.b@example.com url https://example.com/path?q=1&x=y#frag",
      "isn't can't won't I'm you're we've they'll he'd",
      "It'S DON'T 'quoted' \"double\" ``latex''",
      "'s",
      "'",
      "''",
      "'ll've",
      "repeated!!!???...",
      "[CLS] [SEP] [MASK] [PAD] [UNK] inside text",
      "hello[SEP]world [mask]",
      "<s> </s> <mask> <pad> <unk> inside",
      "hello<mask>world and a <mask> here",
      "a$b+c<d=e>f^g`h|i~j",
      "x§y¶z ¿q¡",
  };
  // Words around WordPiece's 100-character limit, and longer.
  cases.push_back(std::string(99, 'a'));
  cases.push_back(std::string(100, 'b'));
  cases.push_back(std::string(101, 'c'));
  cases.push_back("short " + std::string(150, 'x') + " short");
  std::string long_word;
  for (int i = 0; i < 3; ++i) long_word += "pneumonoultramicroscopicsilicovolcanoconiosis";
  cases.push_back(long_word + " and " + long_word + "s");
  std::string many_words;
  for (int i = 0; i < 300; ++i) many_words += "word" + std::to_string(i) + (i % 7 == 0 ? ", " : " ");
  cases.push_back(many_words);
  return cases;
}

void write_jsonl(const fs::path& file, const std::vector<std::string>& texts) {
  std::ofstream out(file, std::ios::binary);
  for (const auto& t : texts) out << nlohmann::json(t).dump() << '\n';
}

// Ids from the Python reference for every text.
std::vector<Ids> reference_ids(const fs::path& tokenizer_json, const std::vector<std::string>& texts, size_t max_length,
                               const std::string& tag) {
  auto dir = ranksent::test::scratch_dir("reference-" + tag);
  write_jsonl(dir / "texts.jsonl", texts);
  auto result = ranksent::test::run_python(
      "tokenizer_reference.py", "encode --tokenizer '" + tokenizer_json.string() + "' --input '" +
                                    (dir / "texts.jsonl").string() + "' --output '" + (dir / "ids.jsonl").string() +
                                    "' --max-length " + std::to_string(max_length));
  EXPECT_EQ(result.exit_code, 0) << result.output;
  std::vector<Ids> ids;
  std::ifstream in(dir / "ids.jsonl");
  std::string line;
  while (std::getline(in, line)) ids.push_back(nlohmann::json::parse(line).get<Ids>());
  return ids;
}

std::string show(const Ids& ids) {
  std::string s = "[";
  for (size_t i = 0; i < ids.size(); ++i) s += (i ? " " : "") + std::to_string(ids[i]);
  return s + "]";
}

// Compares every text and reports the first few differences with the text.
size_t expect_same_ids(const Tokenizer& tok, const std::vector<std::string>& texts, const std::vector<Ids>& expected,
                       size_t max_length, const std::string& what) {
  EXPECT_EQ(expected.size(), texts.size()) << what << ": the reference produced a different number of rows";
  if (expected.size() != texts.size()) return 0;
  size_t mismatches = 0;
  for (size_t i = 0; i < texts.size(); ++i) {
    Ids got = tok.encode(texts[i], true, max_length);
    if (got == expected[i]) continue;
    if (++mismatches <= 5)
      ADD_FAILURE() << what << ": mismatch on text " << i << ": " << nlohmann::json(texts[i]).dump() << "\n  expected "
                    << show(expected[i]) << "\n  got      " << show(got);
  }
  EXPECT_EQ(mismatches, 0u) << what << ": " << mismatches << " of " << texts.size() << " texts differ";
  std::cout << "[ parity  ] " << what << ": " << texts.size() << " texts compared, " << mismatches << " mismatches\n";
  return texts.size();
}

class TokenizerParity : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    sentences_ = new std::vector<std::string>(real_sentences());
    // One directory per process: ctest may run these tests side by side.
    bpe_dir_ = new fs::path(ranksent::test::scratch_dir("tokenizer-parity-bpe-" + std::to_string(getpid())));
    auto corpus = *bpe_dir_ / "corpus.jsonl";
    write_jsonl(corpus, bpe_training_corpus());
    auto model_dir = *bpe_dir_ / "model";
    auto result = ranksent::test::run_python(
        "tokenizer_reference.py",
        "train-bpe --corpus '" + corpus.string() + "' --output-dir '" + model_dir.string() + "' --vocab-size 2000");
    bpe_train_output_ = new std::string(result.output);
    if (result.exit_code != 0) bpe_train_output_->insert(0, "training failed: ");
  }
  static void TearDownTestSuite() {
    std::error_code ec;
    fs::remove_all(*bpe_dir_, ec);
    delete sentences_;
    delete bpe_dir_;
    delete bpe_train_output_;
  }

  static fs::path wordpiece_dir() { return ranksent::default_encoder().path; }
  static fs::path bpe_model_dir() { return *bpe_dir_ / "model"; }
  void require_bpe() { ASSERT_TRUE(fs::exists(bpe_model_dir() / "tokenizer.json")) << *bpe_train_output_; }
  std::vector<std::string> all_texts() const {
    auto texts = *sentences_;
    auto hard = hard_cases();
    texts.insert(texts.end(), hard.begin(), hard.end());
    return texts;
  }

  static std::vector<std::string>* sentences_;
  static fs::path* bpe_dir_;
  static std::string* bpe_train_output_;
};
std::vector<std::string>* TokenizerParity::sentences_ = nullptr;
fs::path* TokenizerParity::bpe_dir_ = nullptr;
std::string* TokenizerParity::bpe_train_output_ = nullptr;

TEST_F(TokenizerParity, EnoughRealSentences) { EXPECT_GE(sentences_->size(), 5000u); }

TEST_F(TokenizerParity, WordPieceMatchesHuggingFaceOnRealSentences) {
  auto tok = Tokenizer::from_directory(wordpiece_dir());
  ASSERT_EQ(tok.kind(), "wordpiece");
  auto json = wordpiece_dir() / "tokenizer.json";
  size_t n =
      expect_same_ids(tok, *sentences_, reference_ids(json, *sentences_, 0, "wp"), 0, "WordPiece, real sentences");
  EXPECT_GE(n, 5000u);
}

TEST_F(TokenizerParity, WordPieceMatchesHuggingFaceOnHardCases) {
  auto tok = Tokenizer::from_directory(wordpiece_dir());
  auto texts = hard_cases();
  expect_same_ids(tok, texts, reference_ids(wordpiece_dir() / "tokenizer.json", texts, 0, "wp-hard"), 0,
                  "WordPiece, hard cases");
}

TEST_F(TokenizerParity, WordPieceTruncationMatchesHuggingFace) {
  auto tok = Tokenizer::from_directory(wordpiece_dir());
  auto texts = all_texts();
  for (size_t max_length : {3u, 16u}) {
    expect_same_ids(tok, texts, reference_ids(wordpiece_dir() / "tokenizer.json", texts, max_length, "wp-trunc"),
                    max_length, "WordPiece, max_length " + std::to_string(max_length));
  }
}

TEST_F(TokenizerParity, VocabTxtFallbackGivesTheSameIds) {
  auto dir = ranksent::test::scratch_dir("vocab-txt");
  fs::copy_file(wordpiece_dir() / "vocab.txt", dir / "vocab.txt");
  fs::copy_file(wordpiece_dir() / "tokenizer_config.json", dir / "tokenizer_config.json");
  auto from_vocab = Tokenizer::from_directory(dir);
  auto from_json = Tokenizer::from_directory(wordpiece_dir());
  EXPECT_EQ(from_vocab.kind(), "wordpiece");
  EXPECT_EQ(from_vocab.vocab_size(), from_json.vocab_size());
  EXPECT_EQ(from_vocab.pad_id(), from_json.pad_id());
  EXPECT_EQ(from_vocab.cls_id(), from_json.cls_id());
  EXPECT_EQ(from_vocab.sep_id(), from_json.sep_id());
  EXPECT_EQ(from_vocab.unk_id(), from_json.unk_id());
  auto texts = all_texts();
  std::vector<Ids> expected;
  for (const auto& t : texts) expected.push_back(from_json.encode(t));
  expect_same_ids(from_vocab, texts, expected, 0, "vocab.txt vs tokenizer.json");
}

TEST_F(TokenizerParity, WordPieceSpecialIds) {
  auto tok = Tokenizer::from_directory(wordpiece_dir());
  EXPECT_EQ(tok.pad_id(), 0);
  EXPECT_EQ(tok.unk_id(), 100);
  EXPECT_EQ(tok.cls_id(), 101);
  EXPECT_EQ(tok.sep_id(), 102);
  EXPECT_EQ(tok.vocab_size(), 30522u);
  EXPECT_EQ(tok.token_to_id("[MASK]"), 103);
  EXPECT_EQ(tok.id_to_token(101), "[CLS]");
  EXPECT_EQ(tok.decode(tok.encode("Hello, World! It's fine.")), "hello, world! it's fine.");
}

// all-mpnet-base-v2's tokenizer.json (when its tier is installed): WordPiece
// under RobertaProcessing (<s> A </s>), <pad> = 1, a normalized <unk> added
// token beside the model's [UNK], and a <mask> that strips the space before it.
TEST_F(TokenizerParity, MpnetWordPieceMatchesHuggingFace) {
  const fs::path dir = ranksent::test::mpnet_dir();
  if (!fs::exists(dir / "tokenizer.json"))
    GTEST_SKIP() << "skipped: needs the all-mpnet-base-v2 encoder tier at " << dir
                 << ": run scripts/install_encoder.sh all-mpnet-base-v2";
  auto tok = Tokenizer::from_directory(dir);
  EXPECT_EQ(tok.kind(), "wordpiece");
  EXPECT_EQ(tok.cls_id(), 0);
  EXPECT_EQ(tok.pad_id(), 1);
  EXPECT_EQ(tok.sep_id(), 2);
  EXPECT_EQ(tok.unk_id(), 104);
  EXPECT_EQ(tok.token_to_id("<mask>"), 30526);
  EXPECT_EQ(tok.vocab_size(), 30527u);
  auto texts = all_texts();
  for (size_t max_length : {0u, 16u}) {
    size_t n = expect_same_ids(tok, texts, reference_ids(dir / "tokenizer.json", texts, max_length, "mpnet"),
                               max_length, "MPNet WordPiece, max_length " + std::to_string(max_length));
    EXPECT_GE(n, 5000u);
  }
}

TEST_F(TokenizerParity, BpeMatchesHuggingFaceOnRealSentences) {
  require_bpe();
  auto tok = Tokenizer::from_directory(bpe_model_dir());
  ASSERT_EQ(tok.kind(), "bpe");
  size_t n = expect_same_ids(tok, *sentences_, reference_ids(bpe_model_dir() / "tokenizer.json", *sentences_, 0, "bpe"),
                             0, "byte-level BPE, real sentences");
  EXPECT_GE(n, 5000u);
}

TEST_F(TokenizerParity, BpeMatchesHuggingFaceOnHardCases) {
  require_bpe();
  auto tok = Tokenizer::from_directory(bpe_model_dir());
  auto texts = hard_cases();
  expect_same_ids(tok, texts, reference_ids(bpe_model_dir() / "tokenizer.json", texts, 0, "bpe-hard"), 0,
                  "byte-level BPE, hard cases");
}

TEST_F(TokenizerParity, BpeTruncationMatchesHuggingFace) {
  require_bpe();
  auto tok = Tokenizer::from_directory(bpe_model_dir());
  auto texts = all_texts();
  expect_same_ids(tok, texts, reference_ids(bpe_model_dir() / "tokenizer.json", texts, 16, "bpe-trunc"), 16,
                  "byte-level BPE, max_length 16");
}

TEST_F(TokenizerParity, VocabJsonMergesFallbackGivesTheSameIds) {
  require_bpe();
  auto dir = ranksent::test::scratch_dir("vocab-json");
  fs::copy_file(bpe_model_dir() / "vocab.json", dir / "vocab.json");
  fs::copy_file(bpe_model_dir() / "merges.txt", dir / "merges.txt");
  auto from_files = Tokenizer::from_directory(dir);
  auto from_json = Tokenizer::from_directory(bpe_model_dir());
  EXPECT_EQ(from_files.kind(), "bpe");
  EXPECT_EQ(from_files.vocab_size(), from_json.vocab_size());
  EXPECT_EQ(from_files.pad_id(), from_json.pad_id());
  EXPECT_EQ(from_files.cls_id(), from_json.cls_id());
  EXPECT_EQ(from_files.sep_id(), from_json.sep_id());
  // The trained tokenizer.json has a plain <mask>; the fallback gives it
  // RoBERTa's lstrip, so texts with <mask> are checked on their own below.
  std::vector<std::string> texts;
  for (auto& t : all_texts())
    if (t.find("<mask>") == std::string::npos) texts.push_back(std::move(t));
  std::vector<Ids> expected;
  for (const auto& t : texts) expected.push_back(from_json.encode(t));
  expect_same_ids(from_files, texts, expected, 0, "vocab.json + merges.txt vs tokenizer.json");

  const int32_t mask = from_files.token_to_id("<mask>");
  EXPECT_EQ(from_files.encode("a <mask>"), from_files.encode("a<mask>"));
  EXPECT_EQ(from_files.encode("a <mask>", false).back(), mask);
  EXPECT_NE(from_json.encode("a <mask>"), from_json.encode("a<mask>"));
}

// Settings the two default files leave untouched: cased BERT, lowercasing
// without accent stripping, no CJK splitting, and BPE with a prefix space.
TEST_F(TokenizerParity, ConfigurationVariantsMatchHuggingFace) {
  require_bpe();
  auto read_json = [](const fs::path& file) {
    std::ifstream in(file);
    return nlohmann::json::parse(in);
  };
  struct Variant {
    std::string name;
    fs::path base;
    std::function<void(nlohmann::json&)> patch;
  };
  const std::vector<Variant> variants = {
      {"bert-cased", wordpiece_dir() / "tokenizer.json",
       [](nlohmann::json& j) { j["normalizer"]["lowercase"] = false; }},
      {"bert-lowercase-keep-accents", wordpiece_dir() / "tokenizer.json",
       [](nlohmann::json& j) { j["normalizer"]["strip_accents"] = false; }},
      {"bert-no-cjk-no-clean", wordpiece_dir() / "tokenizer.json",
       [](nlohmann::json& j) {
         j["normalizer"]["handle_chinese_chars"] = false;
         j["normalizer"]["clean_text"] = false;
       }},
      {"bpe-prefix-space", bpe_model_dir() / "tokenizer.json",
       [](nlohmann::json& j) { j["pre_tokenizer"]["add_prefix_space"] = true; }},
  };
  auto texts = hard_cases();
  for (size_t i = 0; i < sentences_->size(); i += 10) texts.push_back((*sentences_)[i]);
  for (const auto& v : variants) {
    auto dir = ranksent::test::scratch_dir("variant-" + v.name);
    auto j = read_json(v.base);
    v.patch(j);
    std::ofstream(dir / "tokenizer.json") << j.dump();
    auto tok = Tokenizer::from_directory(dir);
    expect_same_ids(tok, texts, reference_ids(dir / "tokenizer.json", texts, 0, v.name), 0, v.name);
  }
}

TEST_F(TokenizerParity, BpeSpecialIdsAndRoundTrip) {
  require_bpe();
  auto tok = Tokenizer::from_directory(bpe_model_dir());
  EXPECT_EQ(tok.cls_id(), 0);  // <s>
  EXPECT_EQ(tok.pad_id(), 1);  // <pad>
  EXPECT_EQ(tok.sep_id(), 2);  // </s>
  EXPECT_EQ(tok.unk_id(), 3);  // <unk>
  for (std::string text : {"Hello, world! It's 3.14 — café 😀", "  spaced\tout\n", "中文"})
    EXPECT_EQ(tok.decode(tok.encode(text)), text);
}

TEST_F(TokenizerParity, PaddedBatchRowsMatchSingleEncodes) {
  for (const auto& dir : {wordpiece_dir(), bpe_model_dir()}) {
    if (!fs::exists(dir)) continue;
    auto tok = Tokenizer::from_directory(dir);
    std::vector<std::string> texts = {"A man is playing a guitar.", "", "Short",
                                      "A considerably longer sentence, with punctuation; and more words."};
    for (size_t max_length : {0u, 8u}) {
      auto batch = tok.encode_batch(texts, max_length);
      ASSERT_EQ(batch.batch_size, 4);
      size_t longest = 0;
      for (const auto& t : texts) longest = std::max(longest, tok.encode(t, true, max_length).size());
      ASSERT_EQ(batch.seq_len, static_cast<int64_t>(longest));
      ASSERT_EQ(batch.input_ids.size(), 4 * longest);
      ASSERT_EQ(batch.attention_mask.size(), 4 * longest);
      if (max_length) {
        EXPECT_EQ(longest, max_length);
      }
      for (size_t r = 0; r < texts.size(); ++r) {
        auto ids = tok.encode(texts[r], true, max_length);
        for (size_t c = 0; c < longest; ++c) {
          const size_t k = r * longest + c;
          if (c < ids.size()) {
            EXPECT_EQ(batch.input_ids[k], ids[c]) << dir << " row " << r << " col " << c;
            EXPECT_EQ(batch.attention_mask[k], 1);
          } else {
            EXPECT_EQ(batch.input_ids[k], tok.pad_id()) << dir << " row " << r << " col " << c;
            EXPECT_EQ(batch.attention_mask[k], 0);
          }
        }
      }
    }
  }
}

TEST_F(TokenizerParity, TruncationKeepsSpecialTokens) {
  auto tok = Tokenizer::from_directory(wordpiece_dir());
  auto full = tok.encode("one two three four five six seven eight");
  auto cut = tok.encode("one two three four five six seven eight", true, 5);
  ASSERT_EQ(cut.size(), 5u);
  EXPECT_EQ(cut.front(), tok.cls_id());
  EXPECT_EQ(cut.back(), tok.sep_id());
  EXPECT_EQ(std::vector<int32_t>(cut.begin() + 1, cut.end() - 1),
            std::vector<int32_t>(full.begin() + 1, full.begin() + 4));
  auto plain = tok.encode("one two three four five six seven eight", false, 5);
  EXPECT_EQ(plain, std::vector<int32_t>(full.begin() + 1, full.begin() + 6));
}

}  // namespace
