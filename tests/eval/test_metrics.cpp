// Metrics against scipy.stats / sklearn.metrics (tests/reference/
// metrics_reference.py) on random and tie-heavy inputs, to 1e-9.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <random>

#include <nlohmann/json.hpp>

#include "ranksent/eval/metrics.h"
#include "ranksent/eval/text_files.h"
#include "support/environment.h"

using namespace ranksent;
using nlohmann::json;

TEST(Metrics, AverageRanksShareTies) {
  EXPECT_EQ(eval::average_ranks({10, 20, 20, 30, 20}), (std::vector<double>{1, 3, 3, 5, 3}));
  EXPECT_EQ(eval::average_ranks({}), std::vector<double>{});
}

TEST(Metrics, SmallCases) {
  EXPECT_NEAR(eval::spearman({1, 2, 3, 4}, {10, 20, 30, 40}), 1.0, 1e-15);
  EXPECT_NEAR(eval::spearman({1, 2, 3, 4}, {4, 3, 2, 1}), -1.0, 1e-15);
  EXPECT_TRUE(std::isnan(eval::pearson({1, 1, 1}, {1, 2, 3})));
  // One relevant item at rank 2: AP = 1/2, RR = 1/2.
  EXPECT_DOUBLE_EQ(eval::average_precision({false, true, false}, {0.9, 0.5, 0.1}), 0.5);
  EXPECT_DOUBLE_EQ(eval::reciprocal_rank_at({false, true, false}, {0.9, 0.5, 0.1}, 10), 0.5);
  EXPECT_DOUBLE_EQ(eval::reciprocal_rank_at({false, true, false}, {0.9, 0.5, 0.1}, 1), 0.0);
  // Tied with the one negative: both enter at the same threshold, precision 1/2.
  EXPECT_DOUBLE_EQ(eval::average_precision({false, true}, {0.5, 0.5}), 0.5);
  EXPECT_DOUBLE_EQ(eval::accuracy({1, 0, 1, 1}, {1, 1, 1, 0}), 0.5);
}

TEST(Metrics, WhitespaceJoinIsPythonSplitJoin) {
  EXPECT_EQ(eval::whitespace_join("  a  b\tc \r\n"), "a b c");
  EXPECT_EQ(eval::whitespace_join("a\xc2\xa0"
                                  "b\xe3\x80\x80"
                                  "c"),
            "a b c");  // NBSP, ideographic space
  EXPECT_EQ(eval::whitespace_join("caf\xc3\xa9  au lait"), "caf\xc3\xa9 au lait");
  EXPECT_EQ(eval::whitespace_join(" \t "), "");
}

TEST(Metrics, AgreeWithScipyAndSklearn) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> normal;
  std::uniform_int_distribution<int> small(0, 5), coin(0, 3);
  json spec, mine;
  for (int c = 0; c < 40; ++c) {
    const std::size_t n = 20 + 97 * std::size_t(c);
    std::vector<double> x(n), y(n);
    for (std::size_t i = 0; i < n; ++i) {
      if (c % 2 == 0) {  // continuous
        x[i] = normal(rng);
        y[i] = 0.5 * x[i] + normal(rng);
      } else {  // tie-heavy: six levels, like STS gold scores
        x[i] = small(rng);
        y[i] = std::round(x[i] + normal(rng));
      }
    }
    spec["correlation"].push_back({{"x", x}, {"y", y}});
    mine["correlation"].push_back({eval::spearman(x, y), eval::pearson(x, y)});
  }
  for (int c = 0; c < 60; ++c) {
    const std::size_t n = 2 + std::size_t(c) % 40;
    std::vector<bool> rel(n);
    std::vector<double> s(n);
    std::vector<int> rel_int(n);
    for (std::size_t i = 0; i < n; ++i) {
      rel[i] = coin(rng) == 0;
      s[i] = c % 3 == 0 ? double(small(rng)) / 5.0 : normal(rng);  // every third case tie-heavy
    }
    rel[std::size_t(c) % n] = true;
    for (std::size_t i = 0; i < n; ++i) rel_int[i] = rel[i];
    spec["ranking"].push_back({{"relevant", rel_int}, {"scores", s}});
    mine["ranking"].push_back({eval::average_precision(rel, s), eval::reciprocal_rank_at(rel, s, 10)});
  }
  for (int c = 0; c < 10; ++c) {
    std::vector<int> t(200), p(200);
    for (int i = 0; i < 200; ++i) t[std::size_t(i)] = coin(rng) % 2, p[std::size_t(i)] = coin(rng) % 2;
    spec["classification"].push_back({{"truth", t}, {"predicted", p}});
    mine["classification"].push_back({eval::accuracy(t, p), eval::f1_binary(t, p)});
  }
  auto dir = test::scratch_dir("metrics");
  std::ofstream(dir / "in.json") << spec.dump();
  auto r = test::run_python("metrics_reference.py",
                            "'" + (dir / "in.json").string() + "' '" + (dir / "out.json").string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  json ref = json::parse(std::ifstream(dir / "out.json"));
  for (std::size_t i = 0; i < mine["correlation"].size(); ++i) {
    EXPECT_NEAR(mine["correlation"][i][0].get<double>(), ref["correlation"][i]["spearman"].get<double>(), 1e-9) << i;
    EXPECT_NEAR(mine["correlation"][i][1].get<double>(), ref["correlation"][i]["pearson"].get<double>(), 1e-9) << i;
  }
  for (std::size_t i = 0; i < mine["ranking"].size(); ++i) {
    EXPECT_NEAR(mine["ranking"][i][0].get<double>(), ref["ranking"][i]["ap"].get<double>(), 1e-9) << i;
    EXPECT_NEAR(mine["ranking"][i][1].get<double>(), ref["ranking"][i]["mrr10"].get<double>(), 1e-9) << i;
  }
  for (std::size_t i = 0; i < mine["classification"].size(); ++i) {
    EXPECT_NEAR(mine["classification"][i][0].get<double>(), ref["classification"][i]["accuracy"].get<double>(), 1e-12);
    EXPECT_NEAR(mine["classification"][i][1].get<double>(), ref["classification"][i]["f1"].get<double>(), 1e-12);
  }
}

// One cosine, one tie rule, for evaluation and model selection alike.
TEST(Cosine, BitwiseEqualRowsAreExactlyOne) {
  // A vector whose computed cosine with itself rounds below 1 in double.
  const std::vector<float> x = {0.1f, 0.2f, 0.3f, 0.7f, 1e-3f, 3.3f};
  const std::vector<float> copy = x;
  double xx = 0;
  for (float v : x) xx += double(v) * v;
  EXPECT_EQ(eval::cosine(x.data(), x.data(), x.size()), 1.0);
  EXPECT_EQ(eval::cosine(x.data(), copy.data(), x.size()), 1.0);
  std::vector<float> y = x;
  y[5] = 3.2f;
  const double c = eval::cosine(x.data(), y.data(), y.size());
  EXPECT_LT(c, 1.0);
  double dot = 0, yy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) dot += double(x[i]) * y[i], yy += double(y[i]) * y[i];
  EXPECT_DOUBLE_EQ(c, dot / (std::sqrt(xx) * std::sqrt(yy)));
  const std::vector<float> zero(6, 0.0f);
  EXPECT_EQ(eval::cosine(x.data(), zero.data(), 6), 0.0);  // norms clamped at 1e-8, as torch does
}
