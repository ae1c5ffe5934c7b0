// The evaluation loaders on the real data (sizes as SentEval/SimCSE report
// them) and on broken copies: every error names the file and the line.
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "ranksent/error.h"
#include "ranksent/eval/rerank_data.h"
#include "ranksent/eval/sts_data.h"
#include "ranksent/eval/text_files.h"
#include "ranksent/eval/transfer.h"
#include "ranksent/eval/transfer_data.h"
#include "support/environment.h"

using namespace ranksent;
namespace fs = std::filesystem;

namespace {
std::size_t pairs(const eval::StsTask& t) {
  std::size_t n = 0;
  for (const auto& s : t.subsets) n += s.gold.size();
  return n;
}
void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}
// Runs `f`, expecting an InputError whose message holds every `parts`.
template <class F>
void expect_input_error(F f, const std::vector<std::string>& parts) {
  try {
    f();
    ADD_FAILURE() << "no InputError";
  } catch (const InputError& e) {
    for (const auto& p : parts) EXPECT_NE(std::string(e.what()).find(p), std::string::npos) << e.what() << " / " << p;
  }
}
}  // namespace

TEST(EvalData, StsSizesMatchSentEval) {
  const auto root = test::data_dir();
  EXPECT_EQ(pairs(eval::load_sts_task(root, "STS12")), 3108u);
  EXPECT_EQ(pairs(eval::load_sts_task(root, "STS13")), 1500u);
  EXPECT_EQ(pairs(eval::load_sts_task(root, "STS14")), 3750u);
  EXPECT_EQ(pairs(eval::load_sts_task(root, "STS15")), 3000u);  // unscored lines dropped
  auto sts16 = eval::load_sts_task(root, "STS16");
  EXPECT_EQ(pairs(sts16), 1186u);
  EXPECT_EQ(sts16.subsets[0].name, "answer-answer");
  EXPECT_EQ(sts16.subsets[0].gold.size(), 254u);
  EXPECT_EQ(pairs(eval::load_sts_task(root, "STSBenchmark")), 1379u);
  EXPECT_EQ(pairs(eval::load_sts_benchmark(root, "dev")), 1500u);
  auto sick = eval::load_sts_task(root, "SICKRelatedness");
  EXPECT_EQ(pairs(sick), 4927u);
  EXPECT_EQ(sick.subsets[0].a[0].find('\r'), std::string::npos);
}

TEST(EvalData, TransferSizes) {
  const auto root = test::data_dir();
  auto mr = eval::load_transfer_task(root, "MR");
  EXPECT_EQ(mr.train.a.size(), 10662u);
  EXPECT_EQ(mr.train.y.front(), 1);
  EXPECT_EQ(eval::load_transfer_task(root, "CR").train.a.size(), 3775u);
  EXPECT_EQ(eval::load_transfer_task(root, "SUBJ").train.a.size(), 10000u);
  EXPECT_EQ(eval::load_transfer_task(root, "MPQA").train.a.size(), 10606u);
  auto sst = eval::load_transfer_task(root, "SST2");
  EXPECT_EQ(sst.train.a.size(), 67349u);
  EXPECT_EQ(sst.dev.a.size(), 872u);
  EXPECT_EQ(sst.test.a.size(), 1821u);
  auto trec = eval::load_transfer_task(root, "TREC");
  EXPECT_EQ(trec.train.a.size(), 5452u);
  EXPECT_EQ(trec.test.a.size(), 500u);
  EXPECT_EQ(trec.classes, 6);
  EXPECT_EQ(trec.test.a[0], "How far is it from Denver to Aspen ?");
  EXPECT_EQ(trec.test.y[0], 5);  // NUM
  auto mrpc = eval::load_transfer_task(root, "MRPC");
  EXPECT_EQ(mrpc.train.a.size(), 4076u);
  EXPECT_EQ(mrpc.test.a.size(), 1725u);
  EXPECT_EQ(std::count(mrpc.test.y.begin(), mrpc.test.y.end(), 1), 1147);
}

TEST(EvalData, StratifiedFolds) {
  std::vector<int> y;
  for (int i = 0; i < 103; ++i) y.push_back(i % 3 == 0);
  auto folds = eval::stratified_folds(y, 10, 1111);
  std::vector<int> size(10), pos(10);
  for (std::size_t i = 0; i < y.size(); ++i) ++size[std::size_t(folds[i])], pos[std::size_t(folds[i])] += y[i];
  for (int f = 0; f < 10; ++f) {
    EXPECT_GE(size[std::size_t(f)], 10);
    EXPECT_LE(size[std::size_t(f)], 11);
    EXPECT_GE(pos[std::size_t(f)], 3);
    EXPECT_LE(pos[std::size_t(f)], 4);
  }
  EXPECT_EQ(folds, eval::stratified_folds(y, 10, 1111));
  EXPECT_NE(folds, eval::stratified_folds(y, 10, 1112));
}

TEST(EvalData, MissingTaskFolder) {
  auto dir = test::scratch_dir("data");
  EXPECT_THROW(eval::load_sts_task(dir, "STS12"), eval::TaskMissing);
  EXPECT_THROW(eval::load_transfer_task(dir, "MR"), eval::TaskMissing);
  EXPECT_THROW(eval::load_rerank_task(dir, "SciDocsRR"), eval::TaskMissing);
}

TEST(EvalData, BadStsFiles) {
  auto dir = test::scratch_dir("data");
  const auto year = dir / "STS13";
  write(year / "STS.input.FNWN.txt", "a b\tc d\ne f\tg h\n");
  write(year / "STS.gs.FNWN.txt", "1.5\n\n");
  write(year / "STS.input.headlines.txt", "a\tb\nc\td\n");
  write(year / "STS.gs.headlines.txt", "2\n4.x\n");  // non-numeric score, line 2
  write(year / "STS.input.OnWN.txt", "a\tb\n");
  write(year / "STS.gs.OnWN.txt", "1\n");
  expect_input_error([&] { eval::load_sts_task(dir, "STS13"); }, {"STS.gs.headlines.txt:2", "4.x"});
  write(year / "STS.gs.headlines.txt", "2\n4\n3\n");  // 3 gold lines for 2 inputs
  expect_input_error([&] { eval::load_sts_task(dir, "STS13"); }, {"STS.gs.headlines.txt", "3 gold lines", "2 lines"});
  write(year / "STS.gs.headlines.txt", "2\n4\n");
  write(year / "STS.input.OnWN.txt", "only one sentence\n");  // wrong column count
  expect_input_error([&] { eval::load_sts_task(dir, "STS13"); }, {"STS.input.OnWN.txt:1", "2 tab-separated"});
  write(year / "STS.input.OnWN.txt", "a\tb\n");
  auto t = eval::load_sts_task(dir, "STS13");
  EXPECT_EQ(t.subsets[0].gold.size(), 1u);  // the unscored second FNWN line is dropped
  EXPECT_EQ(t.subsets[0].a[0], "a b");
  fs::remove(year / "STS.gs.OnWN.txt");
  expect_input_error([&] { eval::load_sts_task(dir, "STS13"); }, {"STS.gs.OnWN.txt", "not found"});

  write(dir / "SICK" / "SICK_test_annotated.txt",
        "pair_ID\tsentence_A\tsentence_B\trelatedness_score\tentailment_judgment\r\n"
        "1\tA b\tC d\t4.5\tNEUTRAL\r\n2\tA b\tC d\tfour\tNEUTRAL\r\n");
  expect_input_error([&] { eval::load_sts_task(dir, "SICKRelatedness"); }, {"SICK_test_annotated.txt:3", "four"});
  write(dir / "STSBenchmark" / "sts-test.csv", "g\tf\ty\t1\t2.0\ta\tb\ng\tf\ty\t1\t2.0\ta\n");
  expect_input_error([&] { eval::load_sts_task(dir, "STSBenchmark"); }, {"sts-test.csv:2", "7 tab-separated"});
}

TEST(EvalData, BadTransferFiles) {
  auto dir = test::scratch_dir("data");
  write(dir / "SST2" / "sentiment-train", "good film .\t1\nbad film .\t2\n");
  write(dir / "SST2" / "sentiment-dev", "ok\t1\n");
  write(dir / "SST2" / "sentiment-test", "ok\t1\n");
  expect_input_error([&] { eval::load_transfer_task(dir, "SST2"); }, {"sentiment-train:2", "label"});
  write(dir / "TREC" / "train_5500.label", "NUM:dist How far ?\nFOO:bar What ?\n");
  write(dir / "TREC" / "TREC_10.label", "NUM:dist How far ?\n");
  expect_input_error([&] { eval::load_transfer_task(dir, "TREC"); }, {"train_5500.label:2", "FOO"});
  write(dir / "MRPC" / "msr_paraphrase_train.txt", "Quality\t#1 ID\t#2 ID\t#1 String\t#2 String\n1\t1\t2\ta\n");
  write(dir / "MRPC" / "msr_paraphrase_test.txt", "Quality\t#1 ID\t#2 ID\t#1 String\t#2 String\n1\t1\t2\ta\tb\n");
  expect_input_error([&] { eval::load_transfer_task(dir, "MRPC"); }, {"msr_paraphrase_train.txt:2", "5 tab"});
}

TEST(EvalData, RerankJsonl) {
  auto dir = test::scratch_dir("data");
  write(dir / "SciDocsRR" / "test.jsonl",
        "{\"query\": \"q\", \"positive\": [\"p\"], \"negative\": [\"n1\", \"n2\"]}\n"
        "{\"query\": [\"q1\", \"q2\"], \"positive\": [], \"negative\": [\"n\"]}\n");
  auto t = eval::load_rerank_task(dir, "SciDocsRR");
  ASSERT_EQ(t.samples.size(), 2u);
  EXPECT_EQ(t.samples[1].query.size(), 2u);
  write(dir / "SciDocsRR" / "test.jsonl", "{\"query\": \"q\", \"positive\": [\"p\"]}\n");
  expect_input_error([&] { eval::load_rerank_task(dir, "SciDocsRR"); }, {"test.jsonl:1", "negative"});
  write(dir / "SciDocsRR" / "test.jsonl", "{\"query\": \"q\", \"positive\": [1], \"negative\": []}\n");
  expect_input_error([&] { eval::load_rerank_task(dir, "SciDocsRR"); }, {"test.jsonl:1", "positive"});
}

TEST(EvalData, SnliRerankIsDeterministic) {
  eval::SnliRerankOptions o;
  auto a = eval::build_snli_rerank(test::data_dir() / "SNLI", o);
  auto b = eval::build_snli_rerank(test::data_dir() / "SNLI", o);
  ASSERT_GT(a.samples.size(), 3000u);
  ASSERT_EQ(a.samples.size(), b.samples.size());
  for (std::size_t i = 0; i < a.samples.size(); i += 97) {
    EXPECT_EQ(a.samples[i].negative, b.samples[i].negative);
    EXPECT_FALSE(a.samples[i].positive.empty());
    // own neutral/contradiction hypotheses plus 10 from other premises
    EXPECT_GE(a.samples[i].negative.size(), 11u);
    std::set<std::string> pos(a.samples[i].positive.begin(), a.samples[i].positive.end());
    for (auto& n : a.samples[i].negative) EXPECT_FALSE(pos.count(n));
  }
  o.max_queries = 50;
  EXPECT_EQ(eval::build_snli_rerank(test::data_dir() / "SNLI", o).samples.size(), 50u);
}

TEST(EvalData, AskUbuntuImport) {
  // The release's text_tokenized.txt.gz is not here: a stand-in with a title
  // for every ID of test.txt and dev.txt checks the recipe (375 queries).
  const auto ids = test::data_dir() / "AskUbuntu-partial";
  std::set<std::string> all;
  for (const char* f : {"test.txt", "dev.txt"})
    for (auto& line : eval::read_lines(ids / f)) {
      std::string tok;
      for (char c : line + "\t") {
        if (c == '\t' || c == ' ') {
          if (!tok.empty() && tok.find('.') == std::string::npos) all.insert(tok);  // BM25 scores have a dot
          tok.clear();
        } else {
          tok += c;
        }
      }
    }
  auto dir = test::scratch_dir("askubuntu");
  {
    std::ofstream out(dir / "text_tokenized.txt");
    for (auto& id : all) out << id << "\ttitle of " << id << "\tbody\n";
  }
  auto r = test::run_command("gzip -f '" + (dir / "text_tokenized.txt").string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto t = eval::import_askubuntu({ids / "test.txt", ids / "dev.txt"}, dir / "text_tokenized.txt.gz");
  EXPECT_EQ(t.samples.size(), 375u);  // MTEB's AskUbuntuDupQuestions test size
  for (auto& s : t.samples) {
    EXPECT_FALSE(s.positive.empty());
    EXPECT_EQ(s.positive.size() + s.negative.size(), 20u);
  }
  EXPECT_EQ(t.samples[0].query[0].rfind("title of ", 0), 0u);
}
