// Reranking end to end on a set built from real data (SNLI test premises,
// docs/evaluation.md): our MAP and MRR@10 against sentence-transformers +
// sklearn's average_precision_score (tests/reference/rerank_reference.py).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include <fmt/core.h>

#include "ranksent/eval/evaluate.h"
#include "ranksent/eval/rerank_data.h"
#include "ranksent/models.h"
#include "support/environment.h"

using namespace ranksent;
using nlohmann::json;

TEST(RerankParity, SnliSetMatchesReference) {
  auto dir = test::scratch_dir("rerank");
  eval::SnliRerankOptions so;
  so.max_queries = 600;
  auto set = eval::build_snli_rerank(test::data_dir() / "SNLI", so);
  eval::write_rerank_jsonl(dir / "SNLIRerank" / "test.jsonl", set);
  ASSERT_EQ(eval::read_rerank_jsonl(dir / "SNLIRerank" / "test.jsonl", "x").samples.size(), 600u);

  auto encoder = Encoder::load(default_encoder().path);
  eval::EvalOptions o;
  o.data = test::data_dir();
  o.rerank_data = dir;
  o.tasks = {"SNLIRerank"};
  const json ours = eval::evaluate(encoder, {}, o);
  ASSERT_TRUE(ours["errors"].empty()) << ours.dump();
  const auto& a = ours["rerank"]["SNLIRerank"];

  auto r = test::run_python("rerank_reference.py", "--model '" + default_encoder().path.string() + "' --input '" +
                                                       (dir / "SNLIRerank" / "test.jsonl").string() + "' --output '" +
                                                       (dir / "ref.json").string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const json ref = json::parse(std::ifstream(dir / "ref.json"));
  fmt::print("SNLIRerank (600 queries): MAP ours {:.4f} reference {:.4f}; MRR@10 ours {:.4f} reference {:.4f}\n",
             a["map"].get<double>(), ref["map"].get<double>(), a["mrr@10"].get<double>(), ref["mrr@10"].get<double>());
  EXPECT_EQ(a["queries"], ref["queries"]);
  EXPECT_LT(std::fabs(a["map"].get<double>() - ref["map"].get<double>()), 0.01);
  EXPECT_LT(std::fabs(a["mrr@10"].get<double>() - ref["mrr@10"].get<double>()), 0.01);
  EXPECT_GT(a["map"].get<double>(), 30.0);  // far above chance for a sentence encoder
}
