// MPNet's relative position buckets and bias against values worked out by
// hand from T5's formula: 16 buckets each way, exact below 8, then bucket
// 8 + floor(8 * log(n / 8) / log(128 / 8)), at most 15; so bucket b >= 8
// starts at distance ceil(8 * 16^((b - 8) / 8)).
#include <gtest/gtest.h>

#include "encode/relative_position.h"

using namespace ranksent;

namespace {
// First distance of each bucket 0..15: 8 * 16^(1/8) = 11.31, 8 * 16^(3/8) =
// 22.63, 8 * 16^(5/8) = 45.25, 8 * 16^(7/8) = 90.51 round up; the others are exact.
const std::int64_t kStart[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 23, 32, 46, 64, 91};

std::int64_t expected_bucket(std::int64_t distance) {
  std::int64_t b = 0;
  while (b + 1 < 16 && kStart[b + 1] <= distance) ++b;
  return b;
}
}  // namespace

TEST(RelativePosition, BucketsFollowT5sFormula) {
  auto relative = torch::arange(-600, 601, torch::kLong);
  auto buckets = relative_position_bucket(relative);
  for (std::int64_t i = 0; i < relative.size(0); ++i) {
    const std::int64_t r = relative[i].item<std::int64_t>();
    // Keys at or before the query use buckets 0..15, keys after it 16..31.
    const std::int64_t want = r <= 0 ? expected_bucket(-r) : 16 + expected_bucket(r);
    ASSERT_EQ(buckets[i].item<std::int64_t>(), want) << "relative position " << r;
  }
}

TEST(RelativePosition, DistancesPastTheMaximumShareTheLastBucket) {
  auto buckets = relative_position_bucket(torch::tensor({-128, -129, -5000, 128, 129, 5000}, torch::kLong));
  EXPECT_TRUE(torch::equal(buckets, torch::tensor({15, 15, 15, 31, 31, 31}, torch::kLong)));
}

TEST(RelativePosition, BiasLooksUpEachQueryKeyPairPerHead) {
  const std::int64_t heads = 3, n = 40;
  torch::nn::Embedding table(32, heads);
  {
    torch::NoGradGuard no_grad;
    // Weight (bucket, head) = 10 * bucket + head, so every entry names its source.
    table->weight.copy_(torch::arange(32).unsqueeze(1) * 10 + torch::arange(heads).unsqueeze(0));
  }
  auto bias = relative_position_bias(table, n);
  ASSERT_EQ(bias.sizes(), (std::vector<std::int64_t>{1, heads, n, n}));
  for (std::int64_t h = 0; h < heads; ++h)
    for (std::int64_t q = 0; q < n; ++q)
      for (std::int64_t k = 0; k < n; ++k) {
        const std::int64_t bucket = k <= q ? expected_bucket(q - k) : 16 + expected_bucket(k - q);
        ASSERT_EQ(bias[0][h][q][k].item<float>(), float(10 * bucket + h))
            << "head " << h << " query " << q << " key " << k;
      }
}
