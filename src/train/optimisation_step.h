// One optimisation step on one ranking list (docs/method.md section 3.4): the
// teacher's targets, the student's ListMLE loss, backward, gradient
// clipping, one Adam update at the given learning rate.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "train/list_loss.h"

namespace ranksent {

double optimisation_step(const Encoder::Impl& student, const Encoder::Impl& teacher,
                         const std::vector<std::string>& list, torch::optim::Adam& optimizer,
                         const ListLossOptions& options, double lr, double max_grad_norm,
                         std::optional<at::Generator> generator = std::nullopt);

}  // namespace ranksent
