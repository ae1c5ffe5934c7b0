// Eq. 4's argmax without the scores (directional_argmax) is the token the
// scores give (directional_scores), always: on random rows of the Qwen2.5
// vocabulary's size, on rows built so that rounding decides between tokens
// (equal logits, logits one unit in the last place apart), at several
// lambdas, with and without c2, and on rows holding a NaN or an infinity.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include "ranksent/generate/directional_scores.h"
#include "ranksent/generate/token_scorer.h"

using namespace ranksent;

namespace {

constexpr int kQwenVocab = 151936;

std::vector<float> normal_row(std::mt19937& g, int n, float sigma, float mean = 0) {
  std::normal_distribution<float> d(mean, sigma);
  std::vector<float> row(static_cast<std::size_t>(n));
  for (auto& x : row) x = d(g);
  return row;
}

Token with_scores(const std::vector<float>& c1, const std::vector<float>* c2, double lambda) {
  std::vector<float> scores;
  return directional_scores(c1.data(), c2 ? c2->data() : nullptr, int(c1.size()), lambda, scores);
}

void expect_same(const std::vector<float>& c1, const std::vector<float>* c2, double lambda, const std::string& what) {
  EXPECT_EQ(directional_argmax(c1.data(), c2 ? c2->data() : nullptr, int(c1.size()), lambda),
            with_scores(c1, c2, lambda))
      << what << ", lambda " << lambda << (c2 ? ", two rows" : ", one row");
}

}  // namespace

TEST(DirectionalArgmax, RandomRowsGiveTheScoresArgmax) {
  std::mt19937 g(7);
  for (int trial = 0; trial < 12; ++trial) {
    const float sigma = trial % 3 == 0 ? 0.05f : trial % 3 == 1 ? 2.0f : 40.0f;
    const auto c1 = normal_row(g, kQwenVocab, sigma, 3), c2 = normal_row(g, kQwenVocab, sigma, -5);
    for (double lambda : {0.0, 0.5, 1.0, 3.0}) expect_same(c1, &c2, lambda, "random " + std::to_string(trial));
    expect_same(c1, nullptr, 0.0, "random " + std::to_string(trial));
  }
}

TEST(DirectionalArgmax, ShortRowsAndTails) {
  std::mt19937 g(3);
  for (int n : {1, 2, 3, 5, 8, 9, 2047, 2048, 2049, 4101}) {
    const auto c1 = normal_row(g, n, 1), c2 = normal_row(g, n, 1);
    expect_same(c1, &c2, 0.5, "n " + std::to_string(n));
    expect_same(c1, nullptr, 0.0, "n " + std::to_string(n));
  }
}

// Equal best logits: the first one wins, as in std::max_element.
TEST(DirectionalArgmax, ExactTiesGoToTheFirstToken) {
  std::mt19937 g(11);
  auto c1 = normal_row(g, kQwenVocab, 1), c2 = normal_row(g, kQwenVocab, 1);
  for (int v : {100, 90000, 151000}) c1[std::size_t(v)] = 50, c2[std::size_t(v)] = 1;
  EXPECT_EQ(directional_argmax(c1.data(), c2.data(), kQwenVocab, 0.5), 100);
  EXPECT_EQ(directional_argmax(c1.data(), nullptr, kQwenVocab, 0.0), 100);
  expect_same(c1, &c2, 0.5, "tie");
}

// Two logits one unit in the last place apart, small next to the row's
// log-sum-exp: log_softmax rounds them to one value, so the first token
// wins although the second has the larger logit.
TEST(DirectionalArgmax, RoundingThatMergesTwoLogitsIsFollowed) {
  std::vector<float> c1(20000, 0.4999f);
  c1[3] = 0.5f;
  c1[7] = std::nextafter(0.5f, 1.0f);
  std::vector<float> scores;
  log_softmax(c1.data(), int(c1.size()), scores);
  ASSERT_EQ(scores[3], scores[7]) << "the example no longer merges the two";
  EXPECT_EQ(with_scores(c1, nullptr, 0.0), 3);
  EXPECT_EQ(directional_argmax(c1.data(), nullptr, int(c1.size()), 0.0), 3);
  // The same through Eq. 4: c2 equal for both tokens.
  std::vector<float> c2(c1.size(), 0.25f);
  expect_same(c1, &c2, 0.5, "merged");
}

// Many near-ties at random places, of every size of gap around the
// rounding margin.
TEST(DirectionalArgmax, NearTiesOfEveryGap) {
  std::mt19937 g(5);
  std::uniform_int_distribution<int> at(0, kQwenVocab - 1), ulps(0, 64);
  for (int trial = 0; trial < 60; ++trial) {
    auto c1 = normal_row(g, kQwenVocab, 1.5f), c2 = normal_row(g, kQwenVocab, 1.5f);
    const int i = at(g), j = at(g);
    c1[std::size_t(i)] = 30, c2[std::size_t(i)] = 2;
    float x = 30, y = 2;
    for (int k = ulps(g); k > 0; --k) x = std::nextafter(x, trial % 2 ? 100.0f : -100.0f);
    for (int k = ulps(g) / 8; k > 0; --k) y = std::nextafter(y, 100.0f);
    c1[std::size_t(j)] = x, c2[std::size_t(j)] = y;
    expect_same(c1, &c2, trial % 3 ? 0.5 : 2.0, "near-tie " + std::to_string(trial));
    expect_same(c1, nullptr, 0.0, "near-tie " + std::to_string(trial));
  }
}

TEST(DirectionalArgmax, RowsWithANanOrAnInfinityTakeTheScores) {
  std::mt19937 g(9);
  const auto base = normal_row(g, 5000, 1);
  for (float bad : {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
                    -std::numeric_limits<float>::infinity()}) {
    auto c1 = base, c2 = base;
    c1[17] = bad;
    expect_same(c1, &c2, 0.5, "c1 holds " + std::to_string(bad));
    expect_same(c1, nullptr, 0.0, "c1 holds " + std::to_string(bad));
    expect_same(c2, &c1, 0.5, "c2 holds " + std::to_string(bad));
  }
}

TEST(DirectionalArgmax, ScorersChooseWhatTheyScore) {
  std::mt19937 g(13);
  const auto c1 = normal_row(g, kQwenVocab, 2), c2 = normal_row(g, kQwenVocab, 2);
  std::vector<float> scores;
  for (const auto& scorer : {greedy_scorer(), directional_scorer(0.5)}) {
    for (const float* second : {static_cast<const float*>(nullptr), c2.data()}) {
      const StepLogits logits{c1.data(), scorer->needs_c2() ? second : nullptr, kQwenVocab};
      EXPECT_EQ(scorer->choose(logits), scorer->score(logits, scores));
    }
  }
}
