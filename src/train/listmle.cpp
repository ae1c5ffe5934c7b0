#include "train/listmle.h"

namespace ranksent {

torch::Tensor target_orders(const torch::Tensor& targets, ListMleRows rows, std::optional<at::Generator> generator) {
  TORCH_CHECK(targets.dim() == 2 && targets.size(0) == targets.size(1), "listmle: targets must be square");
  const std::int64_t n = targets.size(0);
  auto t = targets.detach().to(torch::kCPU, torch::kDouble);
  // The ranked columns of each row (all, or all but the diagonal), in a
  // random order first so that a stable sort breaks ties at random (as the
  // authors' code does).
  auto cols = torch::arange(n, torch::kLong).unsqueeze(0).expand({n, n});
  const std::int64_t m = rows == ListMleRows::Whole ? n : n - 1;
  auto candidates =
      rows == ListMleRows::Whole ? cols.contiguous() : cols.masked_select(~torch::eye(n, torch::kBool)).view({n, m});
  std::vector<torch::Tensor> shuffles;
  for (std::int64_t j = 0; j < n; ++j)
    shuffles.push_back(generator ? torch::randperm(m, *generator, torch::kLong) : torch::randperm(m, torch::kLong));
  candidates = candidates.gather(1, torch::stack(shuffles));
  auto values = t.gather(1, candidates);
  auto order = std::get<1>(values.sort(/*stable=*/true, /*dim=*/1, /*descending=*/true));
  return candidates.gather(1, order);
}

torch::Tensor listmle_row_losses(const torch::Tensor& scores, const torch::Tensor& targets, ListMleRows rows,
                                 std::optional<at::Generator> generator) {
  auto orders = target_orders(targets, rows, generator).to(scores.device());
  auto s = scores.gather(1, orders);  // row j: s[j][pi_j(1)], ..., s[j][pi_j(m)]
  // logsumexp over q = i..m for every i: logcumsumexp from the bottom.
  auto tail_lse = s.flip(1).logcumsumexp(1).flip(1);
  return (tail_lse - s).sum(1);
}

torch::Tensor listmle_loss(const torch::Tensor& scores, const torch::Tensor& targets, ListMleRows rows,
                           std::optional<at::Generator> generator) {
  return listmle_row_losses(scores, targets, rows, std::move(generator)).mean();
}

}  // namespace ranksent
