// Refinement of teacher similarities with rank information (Eq. 6-7,
// Algorithm 1; docs/method.md section 3.2) and the ablation targets (d), (e).
#pragma once
#include <torch/torch.h>

#include "ranksent/train/trainer.h"

namespace ranksent {

// PhiHat from Phi ([n, n], symmetric, row j = similarities of sentence j):
// for each row j the forward part k = j..n-1 (Algorithm 1, lines 3-8) is
// compared with its own values sorted descending (ties: list order first),
// PhiHat[j][k] = Phi[j][k] + sign(Delta) * log(omega * |Delta| + 1) (Eq. 7),
// and mirrored to PhiHat[k][j] for k > j (line 10). `mode` says how Delta is
// read (trainer.h). O(n^2 log n). Where similarity already follows list
// order, Delta = 0 and PhiHat = Phi in every mode.
torch::Tensor refine_similarities(const torch::Tensor& phi, double omega, RefineMode mode = RefineMode::Paper);

// Ablation (d), rank only: targets that are the list order itself, most
// similar = nearest in the list (-|j - k|).
torch::Tensor rank_only_targets(std::int64_t n, const torch::TensorOptions& options = {});

}  // namespace ranksent
