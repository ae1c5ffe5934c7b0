// ListMLE (Xia et al., 2008) over each row of a list's similarity matrix
// (docs/method.md section 3.4).
#pragma once
#include <optional>

#include <torch/torch.h>

#include "ranksent/train/trainer.h"

namespace ranksent {

// scores, targets: [n, n]. Row j ranks its items (`rows`: every k, the
// sentence itself included, or k != j) by targets[j] descending (ties broken
// at random with `generator`), and
//   L_j = sum_i ( logsumexp_{q >= i} s[j][pi(q)] - s[j][pi(i)] )      (Eq. 8)
// computed stably with a reversed logcumsumexp. Returns the mean over rows;
// differentiable in scores.
torch::Tensor listmle_loss(const torch::Tensor& scores, const torch::Tensor& targets, ListMleRows rows,
                           std::optional<at::Generator> generator = std::nullopt);

// L_j of every row, [n].
torch::Tensor listmle_row_losses(const torch::Tensor& scores, const torch::Tensor& targets, ListMleRows rows,
                                 std::optional<at::Generator> generator = std::nullopt);

// The per-row target orders used above: column indices, [n, n] for whole
// rows, [n, n-1] for k != j.
torch::Tensor target_orders(const torch::Tensor& targets, ListMleRows rows,
                            std::optional<at::Generator> generator = std::nullopt);

}  // namespace ranksent
