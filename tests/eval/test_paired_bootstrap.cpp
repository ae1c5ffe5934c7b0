// The intervals of STS differences (paired_bootstrap.h): hand-computed
// estimates and percentiles, the invariants a paired interval must keep, and
// the intervals over training seeds on synthetic runs whose seed-to-seed and
// test-pair variance are known.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
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

// The message of the std::invalid_argument paired_bootstrap throws.
std::string refusal(const std::vector<PairedTask>& tasks) {
  try {
    eval::paired_bootstrap(tasks, {10, 0.95, 0});
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(accepted)";
}

TEST(PairedBootstrap, MismatchedInputsAreRefusedSayingWhat) {
  PairedTask t{"T", {1, 2, 3, 4}, {{1, 2, 3}}, {{1, 2, 3, 4}}};
  EXPECT_NE(refusal({t}).find("task T: 3 cosines for 4 gold scores"), std::string::npos) << refusal({t});
  PairedTask seeds{"T", {1, 2, 3, 4}, {{1, 2, 3, 4}}, {}};
  EXPECT_NE(refusal({seeds}).find("task T has 1 run(s) of a and 0 of b"), std::string::npos) << refusal({seeds});
  // A second task with a seed more than the first: the pairing of seeds is lost.
  PairedTask one{"STS12", {1, 2, 3, 4}, {{1, 2, 3, 4}}, {{1, 2, 4, 3}}};
  PairedTask two{"STS13", {1, 2, 3, 4}, {{1, 2, 3, 4}, {1, 2, 3, 4}}, {{1, 2, 4, 3}, {1, 2, 4, 3}}};
  const auto msg = refusal({one, two});
  EXPECT_NE(msg.find("task STS13 has 2 run(s) of a and 2 of b where task STS12 has 1"), std::string::npos) << msg;
  EXPECT_EQ(refusal({}), "paired bootstrap: no task");
  EXPECT_THROW(eval::paired_bootstrap({one}, {0, 0.95, 0}), std::invalid_argument);
  EXPECT_THROW(eval::paired_bootstrap({one}, {10, 1.0, 0}), std::invalid_argument);
}

// Intervals over training seeds. A seed's runs: a and b of n pairs whose
// gold scores are 0..n-1 in a shuffled order.
std::vector<double> distinct_gold(std::size_t n, std::uint64_t seed) {
  std::vector<double> g(n);
  for (std::size_t i = 0; i < n; ++i) g[i] = double(i);
  std::shuffle(g.begin(), g.end(), std::mt19937_64(seed));
  return g;
}

TEST(PairedBootstrap, OneSeedHasNoIntervalOverSeeds) {
  const auto gold = ramp(200);
  PairedTask t{"T", gold, {noisy(gold, 1.0, 1)}, {noisy(gold, 2.0, 2)}};
  const auto r = eval::paired_bootstrap({t}, {200, 0.95, 3});
  EXPECT_FALSE(r.over_seeds.has_value());
  EXPECT_FALSE(r.t_over_seeds.has_value());
  // The training seeds' draws come from a stream of their own: adding a seed
  // leaves the first seed's pair-only interval as it was, to the bit.
  PairedTask two{"T", gold, {t.a[0], noisy(gold, 1.2, 5)}, {t.b[0], noisy(gold, 1.8, 6)}};
  const auto r2 = eval::paired_bootstrap({two}, {200, 0.95, 3});
  EXPECT_EQ(r2.per_seed[0].low, r.per_seed[0].low);
  EXPECT_EQ(r2.per_seed[0].high, r.per_seed[0].high);
  ASSERT_TRUE(r2.over_seeds && r2.t_over_seeds);
}

TEST(PairedBootstrap, ZeroSeedVarianceGivesTheTwoLevelIntervalThePairOnlyOne) {
  // Every seed's a and b the same runs: whichever seeds a replicate draws,
  // their mean is the pair draw's one difference, so the two-level interval
  // is the pair-only one exactly, and the t interval has no width.
  const auto gold = ramp(300);
  const auto a = noisy(gold, 1.0, 11), b = noisy(gold, 1.6, 12);
  PairedTask t{"T", gold, {a, a, a, a}, {b, b, b, b}};
  PairedTask u{"U", ramp(150), {}, {}};
  for (int s = 0; s < 4; ++s) u.a.push_back(noisy(u.gold, 0.5, 13)), u.b.push_back(noisy(u.gold, 0.4, 14));
  const auto r = eval::paired_bootstrap({t, u}, {500, 0.95, 9});
  ASSERT_TRUE(r.over_seeds && r.t_over_seeds);
  EXPECT_LT(r.pooled.low, r.pooled.estimate);  // a real interval, not a point
  EXPECT_GT(r.pooled.high, r.pooled.estimate);
  EXPECT_DOUBLE_EQ(r.over_seeds->estimate, r.pooled.estimate);
  EXPECT_DOUBLE_EQ(r.over_seeds->low, r.pooled.low);
  EXPECT_DOUBLE_EQ(r.over_seeds->high, r.pooled.high);
  EXPECT_EQ(r.t_over_seeds->sd, 0.0);
  EXPECT_DOUBLE_EQ(r.t_over_seeds->low, r.pooled.estimate);
  EXPECT_DOUBLE_EQ(r.t_over_seeds->high, r.pooled.estimate);
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

TEST(PairedBootstrap, SeedSpreadWidensTheTwoLevelIntervalToTheBootstrapOverSeeds) {
  // a = the gold order itself (Spearman 100 under every draw of the pairs);
  // seed s's b is gold plus Gaussian noise scaled for a Pearson correlation
  // of 1 - (2 + 2s) / 100: ten differences spread about evenly over 2-20
  // points (sd about 6), against a test-pair noise of a few tenths.
  constexpr std::size_t n = 10, pairs = 800;
  const auto gold = distinct_gold(pairs, 21);
  const double gold_sd = double(pairs) / std::sqrt(12.0);
  PairedTask t{"T", gold, {}, {}};
  for (std::size_t s = 0; s < n; ++s) {
    const double rho = 1 - (2.0 + 2.0 * double(s)) / 100;
    t.a.push_back(gold);
    t.b.push_back(noisy(gold, gold_sd * std::sqrt(1 / (rho * rho) - 1), 100 + s));
  }
  const auto r = eval::paired_bootstrap({t}, {4000, 0.95, 5});
  ASSERT_TRUE(r.over_seeds && r.t_over_seeds);
  double mean = 0, squares = 0;
  for (const auto& i : r.per_seed) mean += i.estimate / double(n);
  for (const auto& i : r.per_seed) squares += (i.estimate - mean) * (i.estimate - mean);
  const double sd = std::sqrt(squares / double(n - 1));
  // The bootstrap over seeds of a mean of n values has sd sd x sqrt((n-1)/n)
  // / sqrt(n) (the plug-in variance); the test pairs add the pair-only
  // interval's own spread, independent of which seeds are drawn.
  const double seeds_part = sd * std::sqrt(double(n - 1) / double(n)) / std::sqrt(double(n));
  const double pairs_part = (r.pooled.high - r.pooled.low) / (2 * 1.959964);
  ASSERT_GT(sd, 4.0);                        // the construction: a wide spread over seeds
  ASSERT_LT(pairs_part, 0.25 * seeds_part);  // and little test-pair noise beside it
  const double expected = 1.959964 * std::hypot(seeds_part, pairs_part);
  const double half = (r.over_seeds->high - r.over_seeds->low) / 2;
  // Tolerance 6%: with R = 4000 replicates each percentile's standard error
  // is sqrt(0.025 x 0.975 / R) / phi(1.96) = 0.042 sd, the half-width's
  // about 0.03 sd, 1.5% of 1.96 sd (over bootstrap seeds 5-9 the ratio
  // half / expected ran 0.984-1.030). The normal approximation leaves out
  // about 1% more: a seed drawn twice weights its own pair noise twice (the
  // pairs part grows by up to sqrt(1.9), and it is a fifth of the seeds
  // part), and the mean of ten evenly spread values is not quite normal
  // (< 0.5% at the 97.5th percentile). 6% is that 1% and three standard errors.
  EXPECT_NEAR(half, expected, 0.06 * expected) << "seeds part " << seeds_part << ", pairs part " << pairs_part;
  EXPECT_GT(half, 3 * (r.pooled.high - r.pooled.low) / 2);  // far wider than test pairs only
  EXPECT_NEAR((r.over_seeds->high + r.over_seeds->low) / 2, r.over_seeds->estimate, 0.1 * expected);
  EXPECT_DOUBLE_EQ(r.over_seeds->estimate, mean);
  // The t interval: mean ± t_{0.975, 9} sd / sqrt(n).
  EXPECT_NEAR(r.t_over_seeds->high - mean, 2.262157162798205 * sd / std::sqrt(double(n)), 1e-9);
  EXPECT_NEAR(mean - r.t_over_seeds->low, 2.262157162798205 * sd / std::sqrt(double(n)), 1e-9);
}

// Three seeds of four pairs with Spearman differences of exactly 20, 40 and
// 60 points: rho(gold, a) = 1 at every seed; b's ranks 1 2 4 3 (sum of
// squared rank differences 2: rho 0.8), 2 1 4 3 (4: 0.6), 2 3 1 4 (6: 0.4).
PairedTask twenty_forty_sixty() {
  const std::vector<double> a{1, 2, 3, 4};
  return {"T", {1, 2, 3, 4}, {a, a, a}, {{1, 2, 4, 3}, {2, 1, 4, 3}, {2, 3, 1, 4}}};
}

TEST(PairedBootstrap, TIntervalOverSeedsByHand) {
  const auto r = eval::paired_bootstrap({twenty_forty_sixty()}, {100, 0.95, 0});
  ASSERT_TRUE(r.t_over_seeds.has_value());
  const auto& t = *r.t_over_seeds;
  // mean 40, sd 20, half-width t_{0.975, 2} x 20 / sqrt(3) = 4.302653 x 11.547005 = 49.682754.
  EXPECT_NEAR(t.estimate, 40.0, 1e-9);
  EXPECT_NEAR(t.sd, 20.0, 1e-9);
  EXPECT_EQ(t.n, 3u);
  EXPECT_NEAR(t.low, 40.0 - 49.6827542350066, 1e-6);
  EXPECT_NEAR(t.high, 40.0 + 49.6827542350066, 1e-6);
  // All three intervals of the mean over seeds share its estimate.
  EXPECT_EQ(r.over_seeds->estimate, r.pooled.estimate);
  EXPECT_EQ(t.estimate, r.pooled.estimate);
}

TEST(PairedBootstrap, TheTableSaysWhatEachIntervalResamples) {
  const auto r = eval::paired_bootstrap({twenty_forty_sixty()}, {100, 0.95, 0});
  const auto md = eval::markdown_bootstrap(r, "A", "B", {"seed 42", "seed 1", "seed 2"});
  EXPECT_NE(md.find("| seed | interval | what it resamples | difference | 95% interval |"), std::string::npos) << md;
  EXPECT_NE(md.find("| seed 1 | test pairs only (this trained model) | each STS task's test pairs"), std::string::npos)
      << md;
  EXPECT_NE(md.find("| mean over seeds | test pairs only (these trained models) | "), std::string::npos) << md;
  EXPECT_NE(md.find("| mean over seeds | over training seeds and test pairs | the 3 training seeds"), std::string::npos)
      << md;
  EXPECT_NE(md.find("| mean over seeds | t over seeds (n-1 df) | nothing: the 3 per-seed differences on all test "
                    "pairs, sd 20.00, Student t with 2 df | +40.00 | [-9.68, +89.68] |"),
            std::string::npos)
      << md;
  // One seed: its row, and why the intervals over seeds are absent.
  PairedTask one = twenty_forty_sixty();
  one.a.resize(1), one.b.resize(1);
  const auto md1 = eval::markdown_bootstrap(eval::paired_bootstrap({one}, {100, 0.95, 0}), "A", "B", {"seed 42"});
  EXPECT_NE(md1.find("| seed 42 | test pairs only (this trained model) |"), std::string::npos) << md1;
  EXPECT_EQ(md1.find("| mean over seeds |"), std::string::npos) << md1;
  EXPECT_NE(md1.find("One training seed: only the test pairs are resampled"), std::string::npos) << md1;
  EXPECT_NE(md1.find("need two seeds or more"), std::string::npos) << md1;
}
