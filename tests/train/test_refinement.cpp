// Refinement of teacher similarities (Eq. 6-7, Algorithm 1) on hand-computed
// examples, and the crossing property docs/method.md section 3.2 states.
#include <gtest/gtest.h>

#include <cmath>

#include "train/refinement.h"

using namespace ranksent;

namespace {
const double L15 = std::log(1.5);  // log(0.5 * 1 + 1)
const double L25 = std::log(2.5);  // log(0.5 * 3 + 1)

torch::Tensor symmetric(std::vector<std::vector<double>> upper) {
  const auto n = std::int64_t(upper.size());
  auto t = torch::zeros({n, n}, torch::kDouble);
  for (std::int64_t j = 0; j < n; ++j)
    for (std::int64_t k = j; k < n; ++k) t[j][k] = t[k][j] = upper[j][k - j];
  return t;
}

void expect_matrix(const torch::Tensor& got, const torch::Tensor& want) {
  ASSERT_EQ(got.sizes(), want.sizes());
  EXPECT_LE((got - want).abs().max().item<double>(), 1e-9) << "got\n" << got << "\nwant\n" << want;
}

// Rows 0 and 1 each hold one swapped pair in their forward part.
torch::Tensor phi4() { return symmetric({{20, 15, 16, 10}, {20, 12, 13}, {20, 14}, {20}}); }
// Row 0 holds two inversions (sizes 3 and 1); rows 1-5 follow list order.
torch::Tensor phi6() {
  return symmetric({{20, 18, 14, 17, 12, 13}, {20, 16, 15, 11, 10}, {20, 15, 14, 9}, {20, 16, 15}, {20, 19}, {20}});
}
}  // namespace

TEST(Refinement, Paper4x4ByHand) {
  // Row 0: sorted forward part [20, 16, 15, 10]; item 1 should hold 16 (Delta = +1),
  // item 2 should hold 15 (Delta = -1). Row 1: [20, 13, 12] likewise.
  auto want = symmetric({{20, 15 + L15, 16 - L15, 10}, {20, 12 + L15, 13 - L15}, {20, 14}, {20}});
  expect_matrix(refine_similarities(phi4(), 0.5, RefineMode::Paper), want);
}

TEST(Refinement, Literal4x4ByHand) {
  // Algorithm 1 as printed: Delta = Phi[j][k] - Phi[j][j + p(k)], which pushes a
  // swapped pair further apart.
  auto want = symmetric({{20, 15 - L15, 16 + L15, 10}, {20, 12 - L15, 13 + L15}, {20, 14}, {20}});
  expect_matrix(refine_similarities(phi4(), 0.5, RefineMode::Literal), want);
}

TEST(Refinement, Paper6x6ByHand) {
  // Row 0 forward [20, 18, 14, 17, 12, 13] sorted [20, 18, 17, 14, 13, 12]:
  // Delta = 0, +3, -3, +1, -1.
  auto want = symmetric({{20, 18, 14 + L25, 17 - L25, 12 + L15, 13 - L15},
                         {20, 16, 15, 11, 10}, {20, 15, 14, 9}, {20, 16, 15}, {20, 19}, {20}});
  expect_matrix(refine_similarities(phi6(), 0.5, RefineMode::Paper), want);
}

TEST(Refinement, Literal6x6ByHand) {
  // Sorted positions p(r): r1 -> 1, r2 -> 3, r3 -> 2, r4 -> 5, r5 -> 4.
  auto want = symmetric({{20, 18, 14 - L25, 17 + L25, 12 - L15, 13 + L15},
                         {20, 16, 15, 11, 10}, {20, 15, 14, 9}, {20, 16, 15}, {20, 19}, {20}});
  expect_matrix(refine_similarities(phi6(), 0.5, RefineMode::Literal), want);
}

TEST(Refinement, ConsistentPhiIsUnchanged) {
  auto phi = symmetric({{20, 17, 15, 12, 9}, {20, 16, 13, 11}, {20, 18, 12}, {20, 17}, {20}});
  for (auto mode : {RefineMode::Paper, RefineMode::Literal})
    for (double omega : {0.5, 0.7, 2.0}) expect_matrix(refine_similarities(phi, omega, mode), phi);
}

TEST(Refinement, OutputIsSymmetricAndKeepsDtype) {
  auto phi = torch::rand({7, 7}, torch::kFloat);
  phi = (phi + phi.t()) / 2;
  auto out = refine_similarities(phi, 0.5);
  EXPECT_EQ(out.dtype(), torch::kFloat);
  EXPECT_TRUE(torch::allclose(out, out.t()));
}

TEST(Refinement, SwappedPairCrossesBackOnlyAboveHalf) {
  // Two neighbours swapped by d: after refinement the item that belongs
  // first is ahead iff 2 log(1 + omega d) > d, never for omega <= 0.5.
  for (double d : {0.05, 0.2, 0.5, 1.0, 3.0}) {
    auto phi = symmetric({{20, 15, 15 + d, 10}, {20, 14, 12}, {20, 13}, {20}});
    for (double omega : {0.3, 0.5}) {
      auto r = refine_similarities(phi, omega);
      EXPECT_LT(r[0][1].item<double>(), r[0][2].item<double>()) << "omega " << omega << " d " << d;
    }
    auto r = refine_similarities(phi, 0.7);
    bool uncrossed = r[0][1].item<double>() > r[0][2].item<double>();
    EXPECT_EQ(uncrossed, 2 * std::log(1 + 0.7 * d) > d) << "d " << d;
    if (d <= 0.5) {
      EXPECT_TRUE(uncrossed) << "omega 0.7 corrects a small inversion, d " << d;
    }
  }
}

TEST(Refinement, RankOnlyTargetsFollowListOrder) {
  auto t = rank_only_targets(4, torch::TensorOptions().dtype(torch::kDouble));
  expect_matrix(t, symmetric({{0, -1, -2, -3}, {0, -1, -2}, {0, -1}, {0}}));
}
