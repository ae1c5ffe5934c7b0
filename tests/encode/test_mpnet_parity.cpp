// The LibTorch MPNet against transformers' MPNetModel and
// sentence-transformers on the all-mpnet-base-v2 tier
// (scripts/install_encoder.sh all-mpnet-base-v2): parameter names one to one
// with the checkpoint, embeddings of STS16 sentences (kept out of
// development) and of texts past the 384-token limit, every pooling mode,
// and a saved directory that sentence-transformers loads unchanged.
// About 500 sentences embedded by each side, so a loaded 2-core machine
// runs it in minutes.
#include <gtest/gtest.h>

#include <map>

#include "ranksent/encode/encoder.h"
#include "ranksent/encode/encoder_tensors.h"
#include "ranksent/io/safetensors.h"
#include "support/encoder_checks.h"
#include "support/encoder_reference.h"
#include "support/environment.h"

using namespace ranksent;
using test::max_abs_diff;
using test::reference_embeddings;
using test::write_jsonl;

namespace {

// The STS16 input files, 50 distinct sentences from each (questions,
// answers, headlines, plagiarism and post-editing pairs: mixed lengths and
// case).
std::vector<std::string> unseen_sentences() {
  std::vector<test::SentenceColumns> sources;
  for (const char* set : {"answer-answer", "headlines", "plagiarism", "postediting", "question-question"})
    sources.push_back({test::data_dir() / "STS16" / ("STS.input." + std::string(set) + ".txt"), {0, 1}, false, 50});
  return test::unique_sentences(sources, 250);
}

// Three texts of 50 of those sentences each, far past the 384-token limit.
std::vector<std::string> long_texts(const std::vector<std::string>& sentences) {
  std::vector<std::string> out;
  for (std::size_t start : {0, 100, 150}) {
    std::string text;
    for (std::size_t i = start; i < start + 50; ++i) text += sentences[i] + " ";
    out.push_back(text);
  }
  return out;
}

class Mpnet : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    sentences_ = new std::vector<std::string>(unseen_sentences());
    encoder_ = new Encoder(Encoder::load(test::mpnet_dir()));
  }
  static void TearDownTestSuite() {
    delete encoder_;
    delete sentences_;
  }
  static std::vector<std::string>* sentences_;
  static Encoder* encoder_;
};
std::vector<std::string>* Mpnet::sentences_ = nullptr;
Encoder* Mpnet::encoder_ = nullptr;

}  // namespace

TEST_F(Mpnet, ModelDefaultsFollowSentenceTransformersFiles) {
  EXPECT_EQ(encoder_->config().architecture, Architecture::Mpnet);
  EXPECT_EQ(encoder_->config().relative_attention_num_buckets, 32);
  EXPECT_EQ(encoder_->default_pooling(), Pooling::Mean);  // 1_Pooling/config.json
  EXPECT_TRUE(encoder_->default_normalize());             // modules.json has Normalize
  EXPECT_EQ(encoder_->default_max_length(), 384u);        // sentence_bert_config.json
  EXPECT_TRUE(encoder_->has_pooler());
  EXPECT_EQ(encoder_->dim(), 768);
  // <s> A </s> (RobertaProcessing around WordPiece), padded with <pad> = 1.
  EXPECT_EQ(encoder_->tokenizer().cls_id(), 0);
  EXPECT_EQ(encoder_->tokenizer().sep_id(), 2);
  EXPECT_EQ(encoder_->tokenizer().pad_id(), 1);
}

TEST_F(Mpnet, ParametersMapOneToOneOntoTheCheckpoint) {
  auto checkpoint = SafetensorsFile::open(test::mpnet_dir() / "model.safetensors");
  std::map<std::string, std::vector<std::int64_t>> file, model;
  for (const auto& t : checkpoint.tensors())
    if (t.dtype == DType::F32) file[t.name] = t.shape;  // not the int64 position_ids buffer
  for (const auto& p : named_parameters(*encoder_))
    model[p.key()] = std::vector<std::int64_t>(p.value().sizes().begin(), p.value().sizes().end());
  EXPECT_EQ(model, file);
  EXPECT_EQ(model.size(), 199u);  // 4 embedding + 12 x 16 layer + relative_attention_bias + 2 pooler tensors
}

TEST_F(Mpnet, MatchesSentenceTransformersOnUnseenSentences) {
  ASSERT_EQ(sentences_->size(), 250u);
  auto dir = test::scratch_dir("st");
  auto ref = reference_embeddings(test::mpnet_dir(), write_jsonl(dir, *sentences_), dir / "ref.npy", "st");
  auto ours = encoder_->encode(*sentences_, {.batch_size = 32, .pooling = {}, .normalize = {}});
  ASSERT_EQ(ref.rows, std::int64_t(sentences_->size()));
  float diff = max_abs_diff(ours, ref.data);
  std::cout << "[parity] all-mpnet-base-v2, sentence-transformers encode, " << ref.rows
            << " STS16 sentences: max |diff| = " << diff << "\n";
  EXPECT_LE(diff, 1e-4f);
}

// Alone, so that their 384 positions do not pad a batch of short sentences.
TEST_F(Mpnet, TruncatesLongTextsAsSentenceTransformers) {
  auto texts = long_texts(*sentences_);
  for (const auto& t : texts) EXPECT_GT(encoder_->tokenizer().encode(t).size(), 384u);
  auto dir = test::scratch_dir("long");
  auto ref = reference_embeddings(test::mpnet_dir(), write_jsonl(dir, texts), dir / "ref.npy", "st");
  float diff = max_abs_diff(encoder_->encode(texts), ref.data);
  std::cout << "[parity] all-mpnet-base-v2, 3 texts truncated at 384 tokens: max |diff| = " << diff << "\n";
  EXPECT_LE(diff, 1e-4f);
}

TEST_F(Mpnet, MatchesTransformersForEachPooling) {
  std::vector<std::string> some(sentences_->begin(), sentences_->begin() + 64);
  test::expect_each_pooling_matches_transformers(*encoder_, some, "all-mpnet-base-v2");
}

TEST_F(Mpnet, PaddingDoesNotChangeEmbeddings) {
  std::vector<std::string> few(sentences_->begin(), sentences_->begin() + 24);
  auto batched = encoder_->encode(few, {.batch_size = 12, .pooling = {}, .normalize = {}});
  auto single = encoder_->encode(few, {.batch_size = 1, .pooling = {}, .normalize = {}});
  EXPECT_LE(max_abs_diff(batched, single), 1e-5f);
}

TEST_F(Mpnet, SavedDirectoryLoadsInSentenceTransformersUnchanged) {
  std::vector<std::string> few(sentences_->begin(), sentences_->begin() + 40);
  auto tensors = test::expect_save_round_trip(*encoder_,
                                              {"config.json", "tokenizer.json", "modules.json", "1_Pooling/config.json",
                                               "sentence_bert_config.json", "model.safetensors"},
                                              few, 1e-4f, "all-mpnet-base-v2");
  EXPECT_EQ(tensors, 199u);
}
