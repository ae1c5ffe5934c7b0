// ListMLE: the Plackett-Luce likelihood by enumeration, gradients against
// finite differences, shift invariance, random tie-breaking.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "train/listmle.h"

using namespace ranksent;

namespace {
// Targets whose row 0 orders the other columns as `order` (best first).
torch::Tensor targets_for(std::int64_t n, const std::vector<std::int64_t>& order) {
  auto t = torch::rand({n, n}, torch::kDouble);
  for (std::size_t i = 0; i < order.size(); ++i) t[0][order[i]] = double(order.size() - i);
  return t;
}

// -log P(order | s) under Plackett-Luce, written out directly.
double plackett_luce_nll(const std::vector<double>& s, const std::vector<std::int64_t>& order) {
  double nll = 0;
  for (std::size_t i = 0; i < order.size(); ++i) {
    double denom = 0;
    for (std::size_t q = i; q < order.size(); ++q) denom += std::exp(s[std::size_t(order[q])]);
    nll -= s[std::size_t(order[i])] - std::log(denom);
  }
  return nll;
}
}  // namespace

TEST(ListMLE, EqualsPlackettLuceAndSumsToOneOverAllPermutations) {
  const std::int64_t n = 5;
  auto scores = torch::randn({n, n}, torch::kDouble) * 3;
  std::vector<double> row0(scores[0].data_ptr<double>(), scores[0].data_ptr<double>() + n);
  std::vector<std::int64_t> order = {1, 2, 3, 4};
  double total = 0;
  int count = 0;
  do {
    double l0 = listmle_row_losses(scores, targets_for(n, order), ListMleRows::Others)[0].item<double>();
    EXPECT_NEAR(l0, plackett_luce_nll(row0, order), 1e-12);
    total += std::exp(-l0);
    ++count;
  } while (std::next_permutation(order.begin(), order.end()));
  EXPECT_EQ(count, 24);
  EXPECT_NEAR(total, 1.0, 1e-12);  // a probability distribution over orders
}

TEST(ListMLE, LossIsTheMeanOfRows) {
  auto scores = torch::randn({6, 6}, torch::kDouble), targets = torch::randn({6, 6}, torch::kDouble);
  auto gen = at::make_generator<at::CPUGeneratorImpl>(7);
  auto rows = listmle_row_losses(scores, targets, ListMleRows::Others, gen);
  auto gen2 = at::make_generator<at::CPUGeneratorImpl>(7);
  EXPECT_NEAR(listmle_loss(scores, targets, ListMleRows::Others, gen2).item<double>(), rows.mean().item<double>(),
              1e-12);
}

TEST(ListMLE, GradientMatchesFiniteDifferences) {
  const std::int64_t n = 6;
  auto targets = torch::randn({n, n}, torch::kDouble);
  auto scores = (torch::randn({n, n}, torch::kDouble) * 2).requires_grad_(true);
  auto loss = listmle_loss(scores, targets, ListMleRows::Others);
  auto grad = torch::autograd::grad({loss}, {scores})[0];
  auto value = [&](const torch::Tensor& s) { return listmle_loss(s, targets, ListMleRows::Others).item<double>(); };
  const double h = 1e-6;
  double worst = 0;
  for (std::int64_t j = 0; j < n; ++j)
    for (std::int64_t k = 0; k < n; ++k) {
      torch::NoGradGuard ng;
      auto plus = scores.detach().clone(), minus = scores.detach().clone();
      plus[j][k] += h;
      minus[j][k] -= h;
      double fd = (value(plus) - value(minus)) / (2 * h);
      worst = std::max(worst, std::fabs(fd - grad[j][k].item<double>()));
    }
  EXPECT_LT(worst, 1e-6);
  // The diagonal never enters the loss.
  EXPECT_EQ(grad.diagonal().abs().max().item<double>(), 0.0);
}

TEST(ListMLE, InvariantToAddingAConstant) {
  auto scores = torch::randn({8, 8}, torch::kDouble), targets = torch::randn({8, 8}, torch::kDouble);
  double base = listmle_loss(scores, targets, ListMleRows::Others).item<double>();
  EXPECT_NEAR(listmle_loss(scores + 17.5, targets, ListMleRows::Others).item<double>(), base, 1e-10);
  // Also per row: each row's softmax only sees differences.
  auto shifts = torch::randn({8, 1}, torch::kDouble) * 10;
  EXPECT_NEAR(listmle_loss(scores + shifts, targets, ListMleRows::Others).item<double>(), base, 1e-10);
}

TEST(ListMLE, StableForLargeScores) {
  auto scores = torch::randn({5, 5}, torch::kDouble) * 1000;  // cos / tau reaches +-20; far beyond here
  auto targets = torch::randn({5, 5}, torch::kDouble);
  auto loss = listmle_loss(scores, targets, ListMleRows::Others);
  EXPECT_TRUE(std::isfinite(loss.item<double>()));
}

TEST(ListMLE, TiesAreBrokenAtRandomWithTheGenerator) {
  auto targets = torch::zeros({6, 6}, torch::kDouble);  // all tied
  auto g1 = at::make_generator<at::CPUGeneratorImpl>(1), g1b = at::make_generator<at::CPUGeneratorImpl>(1);
  auto a = target_orders(targets, ListMleRows::Others, g1), b = target_orders(targets, ListMleRows::Others, g1b);
  EXPECT_TRUE(torch::equal(a, b));  // same seed, same order
  bool differs = false;
  for (std::uint64_t seed = 2; seed < 12 && !differs; ++seed) {
    auto g = at::make_generator<at::CPUGeneratorImpl>(seed);
    differs = !torch::equal(target_orders(targets, ListMleRows::Others, g), a);
  }
  EXPECT_TRUE(differs);
  // Without ties the order is the targets' order whatever the generator.
  auto distinct = torch::arange(36, torch::kDouble).view({6, 6});
  auto g3 = at::make_generator<at::CPUGeneratorImpl>(3);
  auto o = target_orders(distinct, ListMleRows::Others, g3);
  EXPECT_EQ(o[0][0].item<std::int64_t>(), 5);
  EXPECT_EQ(o[5][4].item<std::int64_t>(), 0);
  // Every row lists each other column exactly once.
  auto sorted = std::get<0>(o.sort(1));
  for (std::int64_t j = 0; j < 6; ++j) {
    std::vector<std::int64_t> want;
    for (std::int64_t k = 0; k < 6; ++k)
      if (k != j) want.push_back(k);
    EXPECT_TRUE(torch::equal(sorted[j], torch::tensor(want)));
  }
}

// Whole rows (Eq. 8's phi^j = [phi_j1 .. phi_jn], the released ListMLE) on
// a hand-computed row. Row 0: scores with exp(s) = [3, 1, 2], targets
// [10, 5, 7] order the columns 0, 2, 1 (the sentence itself first):
//   whole:  (log(3 + 2 + 1) - log 3) + (log(2 + 1) - log 2) + 0 = log 2 + log 1.5 = log 3
//   others: columns 2, 1:             (log(2 + 1) - log 2) + 0 = log 1.5
// so the whole row adds -log P(the sentence itself first) = log(6 / 3).
TEST(ListMLE, WholeRowsRankTheSentenceItselfByHand) {
  auto scores = torch::tensor({std::log(3.0), 0.0, std::log(2.0), 0.5, 0.1, -0.3, 1.0, 2.0, 0.0}, torch::kDouble);
  scores = scores.view({3, 3});
  auto targets = torch::tensor({10.0, 5.0, 7.0, 1.0, 9.0, 2.0, 3.0, 4.0, 8.0}, torch::kDouble).view({3, 3});
  auto whole = listmle_row_losses(scores, targets, ListMleRows::Whole);
  auto others = listmle_row_losses(scores, targets, ListMleRows::Others);
  EXPECT_NEAR(whole[0].item<double>(), std::log(3.0), 1e-12);
  EXPECT_NEAR(others[0].item<double>(), std::log(1.5), 1e-12);
  auto orders = target_orders(targets, ListMleRows::Whole);
  ASSERT_EQ(orders.sizes(), (std::vector<std::int64_t>{3, 3}));
  EXPECT_TRUE(torch::equal(orders[0], torch::tensor({0, 2, 1}, torch::kLong)));
  EXPECT_TRUE(torch::equal(orders[1], torch::tensor({1, 2, 0}, torch::kLong)));
  EXPECT_TRUE(torch::equal(orders[2], torch::tensor({2, 1, 0}, torch::kLong)));
}

TEST(ListMLE, WholeRowsEqualOthersPlusTheSentenceFirstTerm) {
  // With the diagonal the largest target, each whole row is the k != j loss
  // plus logsumexp_k s[j][k] - s[j][j]; the diagonal then has a gradient.
  const std::int64_t n = 6;
  auto targets = torch::randn({n, n}, torch::kDouble) + 100 * torch::eye(n, torch::kDouble);
  auto scores = (torch::randn({n, n}, torch::kDouble) * 2).requires_grad_(true);
  auto whole = listmle_row_losses(scores, targets, ListMleRows::Whole);
  auto others = listmle_row_losses(scores, targets, ListMleRows::Others);
  auto first = scores.logsumexp(1) - scores.diagonal();
  EXPECT_LT((whole - others - first).abs().max().item<double>(), 1e-12);
  auto grad = torch::autograd::grad({whole.mean()}, {scores})[0];
  EXPECT_GT(grad.diagonal().abs().min().item<double>(), 0.0);
}
