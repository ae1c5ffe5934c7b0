// The LibTorch encoder against Hugging Face transformers and
// sentence-transformers: embeddings of the default model on real sentences
// for every pooling mode, hidden states of random BERT and RoBERTa models,
// and save/load round trips.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "encode/encoder_impl.h"
#include "ranksent/encode/encoder.h"
#include "ranksent/io/npy.h"
#include "ranksent/io/safetensors.h"
#include "ranksent/models.h"
#include "support/environment.h"

using namespace ranksent;

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
  std::vector<std::string> out;
  std::set<std::string> seen;
  auto take = [&](const std::filesystem::path& file, std::vector<int> columns, bool skip_header) {
    std::ifstream in(file);
    std::string line;
    if (skip_header) std::getline(in, line);
    while (out.size() < count && std::getline(in, line)) {
      std::vector<std::string> cols;
      std::size_t start = 0, tab;
      while ((tab = line.find('\t', start)) != std::string::npos) {
        cols.push_back(line.substr(start, tab - start));
        start = tab + 1;
      }
      cols.push_back(line.substr(start));
      for (int c : columns)
        if (std::size_t(c) < cols.size() && !cols[c].empty() && seen.insert(cols[c]).second) out.push_back(cols[c]);
    }
  };
  take(test::data_dir() / "STSBenchmark" / "sts-test.csv", {5, 6}, false);
  take(test::data_dir() / "SICK" / "SICK_test_annotated.txt", {1, 2}, true);
  return out;
}

std::filesystem::path write_jsonl(const std::filesystem::path& dir, const std::vector<std::string>& sentences) {
  auto p = dir / "sentences.jsonl";
  std::ofstream out(p);
  for (const auto& s : sentences) out << nlohmann::json(s).dump() << "\n";
  return p;
}

float max_abs_diff(const std::vector<float>& a, const std::vector<float>& b) {
  EXPECT_EQ(a.size(), b.size());
  float m = 0;
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) m = std::max(m, std::fabs(a[i] - b[i]));
  return m;
}

NpyMatrix reference_embeddings(const std::filesystem::path& model, const std::filesystem::path& input,
                               const std::filesystem::path& out, const std::string& pooling) {
  auto r = test::run_python("encoder_reference.py", "embed --model '" + model.string() + "' --input '" +
                                                        input.string() + "' --output '" + out.string() +
                                                        "' --pooling " + pooling);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  return read_npy(out);
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
  EXPECT_TRUE(encoder_->has_pooler());  // the checkpoint keeps BERT's pooler weights
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
  auto dir = test::scratch_dir("pool");
  auto input = write_jsonl(dir, *sentences_);
  for (Pooling p : {Pooling::Mean, Pooling::ClsBeforePooler, Pooling::Cls}) {
    auto ref = reference_embeddings(default_encoder().path, input, dir / "ref.npy", pooling_name(p));
    auto ours = encoder_->encode(*sentences_, {.batch_size = 32, .pooling = p, .normalize = false});
    float diff = max_abs_diff(ours, ref.data);
    std::cout << "[parity] pooling " << pooling_name(p) << ", " << ref.rows << " sentences: max |diff| = " << diff << "\n";
    EXPECT_LE(diff, 1e-4f) << pooling_name(p);
  }
}

TEST_F(DefaultEncoder, BatchingAndOrderDoNotChangeEmbeddings) {
  std::vector<std::string> few(sentences_->begin(), sentences_->begin() + 40);
  auto batched = encoder_->encode(few, batches_of(16));
  auto single = encoder_->encode(few, batches_of(1));
  EXPECT_LE(max_abs_diff(batched, single), 1e-5f);
}

TEST_F(DefaultEncoder, SaveLoadRoundTripIsBitIdenticalAndLoadsInSentenceTransformers) {
  auto dir = test::scratch_dir("save");
  encoder_->save(dir / "saved");
  for (const char* f : {"config.json", "tokenizer.json", "modules.json", "1_Pooling/config.json", "model.safetensors"})
    EXPECT_TRUE(std::filesystem::exists(dir / "saved" / f)) << f;
  // Every parameter is stored bit for bit.
  auto original = SafetensorsFile::open(default_encoder().path / "model.safetensors");
  auto saved = SafetensorsFile::open(dir / "saved" / "model.safetensors");
  for (const auto& t : saved.tensors()) {
    const auto& o = original.at(t.name);
    ASSERT_EQ(o.shape, t.shape) << t.name;
    auto a = original.bytes(o), b = saved.bytes(t);
    ASSERT_EQ(a.size(), b.size());
    EXPECT_EQ(std::memcmp(a.data(), b.data(), a.size()), 0) << t.name;
  }
  // Loads back to the same embeddings, here and in sentence-transformers.
  std::vector<std::string> few(sentences_->begin(), sentences_->begin() + 200);
  auto reloaded = Encoder::load(dir / "saved");
  auto ours = encoder_->encode(few);
  EXPECT_EQ(reloaded.encode(few), ours);
  auto ref = reference_embeddings(dir / "saved", write_jsonl(dir, few), dir / "st.npy", "st");
  float diff = max_abs_diff(ours, ref.data);
  std::cout << "[parity] saved directory in sentence-transformers: max |diff| = " << diff << "\n";
  EXPECT_LE(diff, 1e-5f);
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
    auto r = test::run_python("tokenizer_reference.py", "train-bpe --corpus '" + corpus.string() +
                                                            "' --output-dir '" + tokenizer_dir.string() + "'");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    input = write_jsonl(dir, sentences);
  }
  auto model_dir = dir / "model";
  auto r = test::run_python("encoder_reference.py", "make-random --arch " + arch + " --tokenizer-dir '" +
                                                        tokenizer_dir.string() + "' --output-dir '" + model_dir.string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = test::run_python("encoder_reference.py", "hidden --model '" + model_dir.string() + "' --input '" +
                                                   input.string() + "' --output-dir '" + (dir / "ref").string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto ref_hidden = read_npy(dir / "ref" / "hidden.npy");
  auto ref_lengths = read_npy(dir / "ref" / "lengths.npy");

  auto encoder = Encoder::load(model_dir);
  EXPECT_EQ(encoder.config().architecture, arch == "roberta" ? Architecture::Roberta : Architecture::Bert);
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
  std::cout << "[parity] random " << arch << " hidden states, " << sentences.size() << " sentences: max |diff| = " << worst << "\n";
  EXPECT_LE(worst, 1e-4f);
  if (arch == "bert") {
    ASSERT_TRUE(encoder.has_pooler());
    auto ref_pooler = read_npy(dir / "ref" / "pooler.npy");
    std::vector<float> ours(out.pooler_output.data_ptr<float>(), out.pooler_output.data_ptr<float>() + out.pooler_output.numel());
    float diff = max_abs_diff(ours, ref_pooler.data);
    std::cout << "[parity] random bert pooler output: max |diff| = " << diff << "\n";
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
