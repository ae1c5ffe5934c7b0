#include "train/optimisation_step.h"

namespace ranksent {

double optimisation_step(const Encoder::Impl& student, const Encoder::Impl& teacher,
                         const std::vector<std::string>& list, torch::optim::Adam& optimizer,
                         const ListLossOptions& options, double lr, double max_grad_norm,
                         std::optional<at::Generator> generator) {
  auto targets = list_targets(teacher_similarities(teacher, list, options), options);
  auto loss = list_loss(student, list, targets, options, std::move(generator));
  optimizer.zero_grad();
  loss.backward();
  if (max_grad_norm > 0) torch::nn::utils::clip_grad_norm_(student.model->parameters(), max_grad_norm);
  for (auto& group : optimizer.param_groups()) static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
  optimizer.step();
  return loss.item<double>();
}

}  // namespace ranksent
