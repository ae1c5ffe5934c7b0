// The LibTorch encoder against Hugging Face transformers and
// sentence-transformers: embeddings of the default model on real sentences
// for every pooling mode, hidden states of random BERT, RoBERTa and MPNet
// models, and save/load round trips.
#include <gtest/gtest.h>

#include "encode/encoder_impl.h"
#include "ranksent/encode/encoder.h"
#include "ranksent/io/npy.h"
#include "ranksent/models.h"
#include "support/encoder_checks.h"
#include "support/encoder_reference.h"
#include "support/environment.h"

using namespace ranksent;
using test::max_abs_diff;
using test::reference_embeddings;
using test::write_jsonl;

namespace {
// Options with one field set (designated initialisers would leave the
// optional fields to -Wmissing-field-initializers).
EncodeOptions batches_of(std::int64_t n) {
  EncodeOptions o;
  o.batch_size = n;
  return o;
}
EncodeOptions pooled(Pooling p) {
  EncodeOptions o;
  o.pooling = p;
  return o;
}

// Unique sentences of STS-B test and SICK test (real, mixed lengths).
std::vector<std::string> real_sentences(std::size_t count) {
  return test::unique_sentences({{test::data_dir() / "STSBenchmark" / "sts-test.csv", {5, 6}},
                                 {test::data_dir() / "SICK" / "SICK_test_annotated.txt", {1, 2}, true}},
                                count);
}

class DefaultEncoder : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    sentences_ = new std::vector<std::string>(real_sentences(1200));
    encoder_ = new Encoder(Encoder::load(default_encoder().path));
  }
  static void TearDownTestSuite() {
    delete encoder_;
    delete sentences_;
  }
  static std::vector<std::string>* sentences_;
  static Encoder* encoder_;
};
std::vector<std::string>* DefaultEncoder::sentences_ = nullptr;
Encoder* DefaultEncoder::encoder_ = nullptr;

}  // namespace

TEST_F(DefaultEncoder, ModelDefaultsFollowSentenceTransformersFiles) {
  EXPECT_EQ(encoder_->default_pooling(), Pooling::Mean);  // 1_Pooling/config.json
  EXPECT_TRUE(encoder_->default_normalize());             // modules.json has Normalize
  EXPECT_EQ(encoder_->default_max_length(), 256u);        // sentence_bert_config.json
  EXPECT_TRUE(encoder_->has_pooler());                    // the checkpoint keeps BERT's pooler weights
  EXPECT_EQ(encoder_->dim(), 384);
}

TEST_F(DefaultEncoder, MatchesSentenceTransformersOnRealSentences) {
  ASSERT_GE(sentences_->size(), 1000u);
  auto dir = test::scratch_dir("st");
  auto input = write_jsonl(dir, *sentences_);
  auto ref = reference_embeddings(default_encoder().path, input, dir / "ref.npy", "st");
  auto ours = encoder_->encode(*sentences_, batches_of(64));
  ASSERT_EQ(ref.rows, std::int64_t(sentences_->size()));
  float diff = max_abs_diff(ours, ref.data);
  std::cout << "[parity] sentence-transformers encode, " << ref.rows << " sentences: max |diff| = " << diff << "\n";
  EXPECT_LE(diff, 1e-4f);
}

TEST_F(DefaultEncoder, MatchesTransformersForEachPooling) {
  test::expect_each_pooling_matches_transformers(*encoder_, *sentences_, "all-MiniLM-L6-v2");
}

TEST_F(DefaultEncoder, BatchingAndOrderDoNotChangeEmbeddings) {
  std::vector<std::string> few(sentences_->begin(), sentences_->begin() + 40);
  auto batched = encoder_->encode(few, batches_of(16));
  auto single = encoder_->encode(few, batches_of(1));
  EXPECT_LE(max_abs_diff(batched, single), 1e-5f);
}

TEST_F(DefaultEncoder, SaveLoadRoundTripIsBitIdenticalAndLoadsInSentenceTransformers) {
  std::vector<std::string> few(sentences_->begin(), sentences_->begin() + 200);
  test::expect_save_round_trip(
      *encoder_, {"config.json", "tokenizer.json", "modules.json", "1_Pooling/config.json", "model.safetensors"}, few,
      1e-5f, "all-MiniLM-L6-v2");
}

namespace {
// Random models made by transformers; hidden states of each sentence alone
// (reference) against ours computed in padded, length-sorted batches.
void check_random_model(const std::string& arch) {
  auto dir = test::scratch_dir(arch);
  auto sentences = real_sentences(200);
  auto input = write_jsonl(dir, sentences);
  std::filesystem::path tokenizer_dir = default_encoder().path;
  if (arch == "roberta") {
    tokenizer_dir = dir / "bpe";
    auto corpus = write_jsonl(dir, real_sentences(3000));
    auto r = test::run_python("tokenizer_reference.py", "train-bpe --corpus '" + corpus.string() + "' --output-dir '" +
                                                            tokenizer_dir.string() + "'");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    input = write_jsonl(dir, sentences);
  }
  auto model_dir = dir / "model";
  auto r = test::run_python("encoder_reference.py", "make-random --arch " + arch + " --tokenizer-dir '" +
                                                        tokenizer_dir.string() + "' --output-dir '" +
                                                        model_dir.string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = test::run_python("encoder_reference.py", "hidden --model '" + model_dir.string() + "' --input '" +
                                                   input.string() + "' --output-dir '" + (dir / "ref").string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto ref_hidden = read_npy(dir / "ref" / "hidden.npy");
  auto ref_lengths = read_npy(dir / "ref" / "lengths.npy");

  auto encoder = Encoder::load(model_dir);
  EXPECT_EQ(encoder.config().architecture, arch == "roberta" ? Architecture::Roberta
                                           : arch == "mpnet" ? Architecture::Mpnet
                                                             : Architecture::Bert);
  auto& impl = encoder.impl();
  torch::InferenceMode guard;
  auto [ids, mask] = impl.tokenize(sentences, 0);
  auto out = impl.model->forward(ids, mask);
  const auto hidden = out.last_hidden_state;
  std::int64_t row = 0;
  float worst = 0;
  for (std::size_t i = 0; i < sentences.size(); ++i) {
    auto len = std::int64_t(ref_lengths.data[i]);
    ASSERT_EQ(mask[std::int64_t(i)].sum().item<std::int64_t>(), len) << sentences[i];
    auto ref = torch::from_blob(ref_hidden.data.data() + row * ref_hidden.cols, {len, ref_hidden.cols}, torch::kFloat);
    worst = std::max(worst, (hidden[std::int64_t(i)].slice(0, 0, len) - ref).abs().max().item<float>());
    row += len;
  }
  std::cout << "[parity] random " << arch << " hidden states, " << sentences.size()
            << " sentences: max |diff| = " << worst << "\n";
  EXPECT_LE(worst, 1e-4f);
  if (arch != "roberta") {
    ASSERT_TRUE(encoder.has_pooler());
    auto ref_pooler = read_npy(dir / "ref" / "pooler.npy");
    std::vector<float> ours(out.pooler_output.data_ptr<float>(),
                            out.pooler_output.data_ptr<float>() + out.pooler_output.numel());
    float diff = max_abs_diff(ours, ref_pooler.data);
    std::cout << "[parity] random " << arch << " pooler output: max |diff| = " << diff << "\n";
    EXPECT_LE(diff, 1e-4f);
    EXPECT_EQ(encoder.default_pooling(), Pooling::Cls);
  } else {
    EXPECT_FALSE(encoder.has_pooler());
    EXPECT_EQ(encoder.default_pooling(), Pooling::ClsBeforePooler);
    EXPECT_THROW(encoder.encode({"a"}, pooled(Pooling::Cls)), std::invalid_argument);
  }
}
}  // namespace

TEST(RandomModels, BertWithPoolerMatchesTransformers) { check_random_model("bert"); }
TEST(RandomModels, RobertaMatchesTransformers) { check_random_model("roberta"); }
// MPNet: relative position bias, q/k/v/o attention, no token types; its
// tokenizer pads with id 1, MPNet's padding_idx, so padded rows take the
// pad positions (test_mpnet_parity.cpp checks the real all-mpnet-base-v2).
TEST(RandomModels, MpnetMatchesTransformers) { check_random_model("mpnet"); }

TEST(RandomModels, DropoutOnlyInTrainingMode) {
  auto encoder = Encoder::load(default_encoder().path);
  auto& impl = encoder.impl();
  auto [ids, mask] = impl.tokenize({"A man is playing a guitar."}, 0);
  torch::NoGradGuard no_grad;
  auto a = impl.embed(ids, mask, Pooling::Mean), b = impl.embed(ids, mask, Pooling::Mean);
  EXPECT_TRUE(torch::equal(a, b));
  impl.model->train();
  auto c = impl.embed(ids, mask, Pooling::Mean), d = impl.embed(ids, mask, Pooling::Mean);
  impl.model->eval();
  EXPECT_FALSE(torch::equal(c, d));
  EXPECT_GT((c - a).abs().max().item<float>(), 1e-3f);
}
