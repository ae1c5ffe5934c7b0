// TokenLayout: which batches the dense layers see packed (padding over a
// tenth of the grid), and that packing then padding puts every real row
// back in place with zeros at padding.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "encode/transformer.h"

using namespace ranksent;

namespace {

torch::Tensor mask_of(const std::vector<std::int64_t>& lengths, std::int64_t seq) {
  auto m = torch::zeros({std::int64_t(lengths.size()), seq}, torch::kLong);
  for (std::size_t r = 0; r < lengths.size(); ++r) m[std::int64_t(r)].narrow(0, 0, lengths[r]).fill_(1);
  return m;
}

}  // namespace

TEST(TokenLayout, PacksOnlyWhenPaddingIsOverATenth) {
  EXPECT_FALSE(TokenLayout(mask_of({10, 10}, 10)).packed());             // no padding
  EXPECT_FALSE(TokenLayout(mask_of({10, 9}, 10)).packed());              // 19 of 20 real: 5% padding
  EXPECT_FALSE(TokenLayout(mask_of({10, 10, 10, 10, 6}, 10)).packed());  // 46 of 50: 8%
  EXPECT_TRUE(TokenLayout(mask_of({10, 10, 10, 10, 4}, 10)).packed());   // 44 of 50: 12%
  EXPECT_TRUE(TokenLayout(mask_of({10, 3}, 10)).packed());               // 13 of 20
}

TEST(TokenLayout, PackThenPadRestoresRealRowsAndZerosPadding) {
  const auto mask = mask_of({4, 1, 3}, 4);
  const TokenLayout layout(mask);
  ASSERT_TRUE(layout.packed());
  const auto x = torch::arange(3 * 4 * 2, torch::kFloat).view({3, 4, 2}) + 1;
  const auto rows = layout.pack(x);
  EXPECT_EQ(rows.size(0), 8);  // 4 + 1 + 3 real tokens
  const auto back = layout.pad(rows);
  const auto keep = mask.unsqueeze(-1).to(torch::kFloat);
  EXPECT_TRUE(torch::equal(back, x * keep));
  // Unpacked, both are views of the same values.
  const TokenLayout full(mask_of({4, 4, 4}, 4));
  EXPECT_TRUE(torch::equal(full.pad(full.pack(x)), x));
}
