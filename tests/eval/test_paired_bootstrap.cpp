// The paired bootstrap of STS differences (paired_bootstrap.h): hand-computed
// estimates and percentiles, and the invariants a paired interval must keep.
#include <gtest/gtest.h>

#include <random>

#include "ranksent/error.h"
#include "ranksent/eval/paired_bootstrap.h"

using namespace ranksent;
using eval::PairedTask;

namespace {

// gold plus Gaussian noise of the given scale, one run.
std::vector<double> noisy(const std::vector<double>& gold, double scale, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> n(0.0, scale);
  std::vector<double> out;
  for (double g : gold) out.push_back(g + n(rng));
  return out;
}

std::vector<double> ramp(std::size_t n) {
  std::vector<double> g;
  for (std::size_t i = 0; i < n; ++i) g.push_back(double(i % 50) / 10.0);
  return g;
}

}  // namespace

TEST(PairedBootstrap, PercentileInterpolatesLikeNumpy) {
  std::vector<double> v;
  for (int i = 1; i <= 100; ++i) v.push_back(i);
  EXPECT_DOUBLE_EQ(eval::percentile(v, 2.5), 3.475);  // 1 + 0.025 * 99
  EXPECT_DOUBLE_EQ(eval::percentile(v, 97.5), 97.525);
  EXPECT_DOUBLE_EQ(eval::percentile({1, 2, 3}, 50), 2);
  EXPECT_DOUBLE_EQ(eval::percentile({1, 2, 3}, 0), 1);
  EXPECT_DOUBLE_EQ(eval::percentile({1, 2, 3}, 100), 3);
}

TEST(PairedBootstrap, EstimateIsTheDifferenceOfSpearmanOnThePairsAsTheyAre) {
  // rho(gold, a) = 1; rho(gold, b) = 1 - 6 * 2 / (4 * 15) = 0.8: +20 points.
  PairedTask t{"T", {1, 2, 3, 4}, {{1, 2, 3, 4}}, {{1, 2, 4, 3}}};
  const auto r = eval::paired_bootstrap({t}, {200, 0.95, 1});
  EXPECT_NEAR(r.per_seed.at(0).estimate, 20.0, 1e-12);
  EXPECT_NEAR(r.pooled.estimate, 20.0, 1e-12);
  // Two tasks: the STS average is their mean, so is the difference.
  PairedTask same{"U", {1, 2, 3, 4}, {{4, 3, 2, 1}}, {{4, 3, 2, 1}}};
  EXPECT_NEAR(eval::paired_bootstrap({t, same}, {200, 0.95, 1}).pooled.estimate, 10.0, 1e-12);
}

TEST(PairedBootstrap, IdenticalRunsGiveAZeroInterval) {
  const auto gold = ramp(300);
  const auto run = noisy(gold, 1.0, 3);
  PairedTask t{"T", gold, {run, run}, {run, run}};
  const auto r = eval::paired_bootstrap({t}, {300, 0.95, 7});
  for (const auto& i : r.per_seed) {
    EXPECT_EQ(i.estimate, 0.0);
    EXPECT_EQ(i.low, 0.0);
    EXPECT_EQ(i.high, 0.0);
  }
}

TEST(PairedBootstrap, SwappingTheSidesNegatesTheInterval) {
  const auto gold = ramp(400);
  PairedTask ab{"T", gold, {noisy(gold, 1.0, 1), noisy(gold, 1.0, 2)}, {noisy(gold, 1.5, 3), noisy(gold, 1.2, 4)}};
  PairedTask ba{"T", gold, ab.b, ab.a};
  const auto x = eval::paired_bootstrap({ab}, {400, 0.9, 11});
  const auto y = eval::paired_bootstrap({ba}, {400, 0.9, 11});
  for (std::size_t s = 0; s < 2; ++s) {
    EXPECT_NEAR(x.per_seed[s].estimate, -y.per_seed[s].estimate, 1e-9);
    EXPECT_NEAR(x.per_seed[s].low, -y.per_seed[s].high, 1e-9);
    EXPECT_NEAR(x.per_seed[s].high, -y.per_seed[s].low, 1e-9);
  }
  // The pooled estimate is the mean over seeds of each seed's.
  EXPECT_NEAR(x.pooled.estimate, (x.per_seed[0].estimate + x.per_seed[1].estimate) / 2, 1e-12);
}

TEST(PairedBootstrap, AClearlyBetterRunLiesAboveZeroAndTheSameSeedRepeats) {
  const auto gold = ramp(2000);
  PairedTask t{"T", gold, {noisy(gold, 0.5, 5)}, {noisy(gold, 3.0, 6)}};
  const auto r = eval::paired_bootstrap({t}, {500, 0.95, 42});
  const auto& i = r.per_seed.at(0);
  EXPECT_GT(i.low, 0.0);
  EXPECT_LE(i.low, i.estimate);
  EXPECT_GE(i.high, i.estimate);
  const auto again = eval::paired_bootstrap({t}, {500, 0.95, 42});
  EXPECT_EQ(again.per_seed[0].low, i.low);
  EXPECT_EQ(again.per_seed[0].high, i.high);
  // A wider level holds the narrower interval.
  const auto wide = eval::paired_bootstrap({t}, {500, 0.99, 42}).per_seed[0];
  EXPECT_LE(wide.low, i.low);
  EXPECT_GE(wide.high, i.high);
}

TEST(PairedBootstrap, MismatchedInputsAreRefused) {
  PairedTask t{"T", {1, 2, 3, 4}, {{1, 2, 3}}, {{1, 2, 3, 4}}};
  EXPECT_THROW(eval::paired_bootstrap({t}, {}), std::invalid_argument);
  PairedTask seeds{"T", {1, 2, 3, 4}, {{1, 2, 3, 4}}, {}};
  EXPECT_THROW(eval::paired_bootstrap({seeds}, {}), std::invalid_argument);
  EXPECT_THROW(eval::paired_bootstrap({}, {}), std::invalid_argument);
}

TEST(PairedBootstrap, PairsComeFromResultsFilesAndMustShareGold) {
  auto results = [](std::vector<double> gold, std::vector<double> cos) {
    nlohmann::json r;
    r["sts"]["STS12"] = {{"spearman", 1.0}, {"pairs", {{"gold", gold}, {"cos", cos}}}};
    r["sts"]["avg"] = 1.0;
    return r;
  };
  const auto a = results({1, 2, 3, 4}, {1, 2, 3, 4}), b = results({1, 2, 3, 4}, {1, 2, 4, 3});
  const auto tasks = eval::paired_tasks({a}, {"a.json"}, {b}, {"b.json"});
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_EQ(tasks[0].name, "STS12");
  EXPECT_EQ(tasks[0].b.at(0), (std::vector<double>{1, 2, 4, 3}));
  const auto other_gold = results({1, 2, 3, 5}, {1, 2, 4, 3});
  try {
    eval::paired_tasks({a}, {"a.json"}, {other_gold}, {"b.json"});
    FAIL() << "gold scores that differ must be refused";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("b.json"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("sts.STS12.pairs.gold"), std::string::npos) << e.what();
  }
  nlohmann::json old;
  old["sts"]["STS12"] = {{"spearman", 1.0}};
  EXPECT_THROW(eval::paired_tasks({old}, {"old.json"}, {b}, {"b.json"}), InputError);
}
