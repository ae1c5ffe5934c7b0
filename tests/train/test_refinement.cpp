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

// The three readings of Delta (trainer.h, RefineMode) on one 4x4 Phi, omega
// = 0.5. Rows 0 and 1 each hold one swapped pair; row 2's forward part is
// [16, 19]: its diagonal is below its neighbour (not a cosine matrix, but
// Algorithm 1 runs over j = i..n, and in a 4x4 with the diagonal largest the
// released reading equals the paper's: see Released4x4WithLargestDiagonal).
//   row 0: forward [20, 15, 16, 10], sorted S = [20, 16, 15, 10], sorted
//          places p = [0, 2, 1, 3] (by rank r = k).
//   row 1: forward [20, 12, 13], S = [20, 13, 12], p = [0, 2, 1].
//   row 2: forward [16, 19], S = [19, 16], p = [1, 0].
torch::Tensor phi4_low_diagonal() { return symmetric({{20, 15, 16, 10}, {20, 12, 13}, {16, 19}, {20}}); }

TEST(Refinement, PaperLowDiagonal4x4ByHand) {
  // Delta = S[r] - Phi: row 0: 16 - 15 = +1 at k = 1, 15 - 16 = -1 at k = 2;
  // row 1: 13 - 12 = +1, 12 - 13 = -1; row 2: 19 - 16 = +3 on the diagonal,
  // 16 - 19 = -3 at k = 3.
  auto want = symmetric({{20, 15 + L15, 16 - L15, 10}, {20, 12 + L15, 13 - L15}, {16 + L25, 19 - L25}, {20}});
  expect_matrix(refine_similarities(phi4_low_diagonal(), 0.5, RefineMode::Paper), want);
}

TEST(Refinement, LiteralLowDiagonal4x4ByHand) {
  // Delta = Phi[j][k] - Phi[j][j + p(r)]: row 0: 15 - Phi[0][2] = -1, 16 - Phi[0][1] = +1;
  // row 1: 12 - Phi[1][3] = -1, 13 - Phi[1][2] = +1; row 2: 16 - Phi[2][3] = -3 on the
  // diagonal, 19 - Phi[2][2] = +3.
  auto want = symmetric({{20, 15 - L15, 16 + L15, 10}, {20, 12 - L15, 13 + L15}, {16 - L25, 19 + L25}, {20}});
  expect_matrix(refine_similarities(phi4_low_diagonal(), 0.5, RefineMode::Literal), want);
}

TEST(Refinement, ReleasedLowDiagonal4x4ByHand) {
  // refine_similarity_matrix: |Phi[j][k] - S[r]|, negative iff p(r) < k (the
  // absolute column, not the rank r = k - j). Row 0 (k = r): as the paper.
  // Row 1: k = 2: p = 2, not < 2: +|12 - 13|; k = 3: p = 1 < 3: -|13 - 12|;
  // the diagonal: p = 0 < 1 but |20 - 20| = 0. Row 2: the diagonal k = 2:
  // p = 1 < 2: -|16 - 19|, where the paper raises it; k = 3: p = 0 < 3: -|19 - 16|.
  auto want = symmetric({{20, 15 + L15, 16 - L15, 10}, {20, 12 + L15, 13 - L15}, {16 - L25, 19 - L25}, {20}});
  expect_matrix(refine_similarities(phi4_low_diagonal(), 0.5, RefineMode::Released), want);
}

TEST(Refinement, Released4x4WithLargestDiagonalByHand) {
  // phi4 (diagonal largest): row i's items are read differently only when
  // the teacher ranks them too low by fewer than i places (r < p < r + i),
  // which rows 2 and 3 of a 4x4 (one item after the diagonal) cannot hold;
  // rows 0 and 1 give the paper's Delta: row 0: p = [0, 2, 1, 3]: k = 1:
  // p = 2 >= 1: +|15 - 16|; k = 2: p = 1 < 2: -|16 - 15|. Row 1: p = [0, 2, 1]:
  // k = 2: p = 2 >= 2: +|12 - 13|; k = 3: p = 1 < 3: -|13 - 12|.
  auto want = symmetric({{20, 15 + L15, 16 - L15, 10}, {20, 12 + L15, 13 - L15}, {20, 14}, {20}});
  expect_matrix(refine_similarities(phi4(), 0.5, RefineMode::Released), want);
}

TEST(Refinement, Released5x5PushesDownAnItemTooLowByFewerThanIPlaces) {
  // Diagonal largest; only row 2 is out of order: forward [20, 14, 17]
  // (columns 2, 3, 4), S = [20, 17, 14], p = [0, 2, 1]. Column 3 (r = 1) is
  // ranked one place too low, fewer than i = 2: the released code compares
  // p = 2 with its column 3 and lowers it (-|14 - 17|), where the paper
  // raises it (+3); column 4: p = 1 < 4: -|17 - 14| in both.
  auto phi = symmetric({{20, 18, 17, 15, 12}, {20, 16, 14, 13}, {20, 14, 17}, {20, 18}, {20}});
  auto paper = symmetric({{20, 18, 17, 15, 12}, {20, 16, 14, 13}, {20, 14 + L25, 17 - L25}, {20, 18}, {20}});
  auto released = symmetric({{20, 18, 17, 15, 12}, {20, 16, 14, 13}, {20, 14 - L25, 17 - L25}, {20, 18}, {20}});
  // Literal: 14 - Phi[2][2 + 2] = -3, 17 - Phi[2][2 + 1] = +3.
  auto literal = symmetric({{20, 18, 17, 15, 12}, {20, 16, 14, 13}, {20, 14 - L25, 17 + L25}, {20, 18}, {20}});
  expect_matrix(refine_similarities(phi, 0.5, RefineMode::Paper), paper);
  expect_matrix(refine_similarities(phi, 0.5, RefineMode::Released), released);
  expect_matrix(refine_similarities(phi, 0.5, RefineMode::Literal), literal);
}

TEST(Refinement, Paper6x6ByHand) {
  // Row 0 forward [20, 18, 14, 17, 12, 13] sorted [20, 18, 17, 14, 13, 12]:
  // Delta = 0, +3, -3, +1, -1.
  auto want = symmetric({{20, 18, 14 + L25, 17 - L25, 12 + L15, 13 - L15},
                         {20, 16, 15, 11, 10},
                         {20, 15, 14, 9},
                         {20, 16, 15},
                         {20, 19},
                         {20}});
  expect_matrix(refine_similarities(phi6(), 0.5, RefineMode::Paper), want);
  // Row 0 compares places with columns k = r: the released reading is the paper's.
  expect_matrix(refine_similarities(phi6(), 0.5, RefineMode::Released), want);
}

TEST(Refinement, Literal6x6ByHand) {
  // Sorted positions p(r): r1 -> 1, r2 -> 3, r3 -> 2, r4 -> 5, r5 -> 4.
  auto want = symmetric({{20, 18, 14 - L25, 17 + L25, 12 - L15, 13 + L15},
                         {20, 16, 15, 11, 10},
                         {20, 15, 14, 9},
                         {20, 16, 15},
                         {20, 19},
                         {20}});
  expect_matrix(refine_similarities(phi6(), 0.5, RefineMode::Literal), want);
}

TEST(Refinement, ConsistentPhiIsUnchanged) {
  auto phi = symmetric({{20, 17, 15, 12, 9}, {20, 16, 13, 11}, {20, 18, 12}, {20, 17}, {20}});
  for (auto mode : {RefineMode::Paper, RefineMode::Literal, RefineMode::Released})
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
