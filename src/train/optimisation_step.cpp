#include "train/optimisation_step.h"

#include "train/fused_adam.h"

namespace ranksent {

namespace {

void update(const Encoder& student, torch::optim::Adam& optimizer, double lr, double max_grad_norm) {
  if (max_grad_norm > 0) torch::nn::utils::clip_grad_norm_(parameters(student), max_grad_norm);
  for (auto& group : optimizer.param_groups()) static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
  fused_adam_step(optimizer);
}

}  // namespace

double optimisation_step(const Encoder& student, const Encoder& teacher, const std::vector<std::string>& list,
                         torch::optim::Adam& optimizer, const ListLossOptions& options, double lr, double max_grad_norm,
                         std::optional<at::Generator> generator) {
  auto targets = list_targets(teacher_similarities(teacher, list, options), options);
  auto loss = list_loss(student, list, targets, options, std::move(generator));
  optimizer.zero_grad();
  loss.backward();
  update(student, optimizer, lr, max_grad_norm);
  return loss.item<double>();
}

double optimisation_step(const Encoder& student, const Encoder& teacher, TeacherCache* cache,
                         const std::vector<StepList>& lists, std::size_t lists_in_step, std::uint64_t seed,
                         torch::optim::Adam& optimizer, const ListLossOptions& options, double lr, double max_grad_norm,
                         const std::function<double(double)>& reduce) {
  optimizer.zero_grad();
  double total = 0;
  for (const auto& l : lists) {
    // The draws of one list (dropout, ListMLE's tie-breaking), fixed by its place.
    torch::manual_seed(seed * 1000003 + l.position);
    auto gen = at::make_generator<at::CPUGeneratorImpl>(seed * 7919 + l.position);
    auto targets = list_targets(teacher_similarities(teacher, *l.sentences, options, cache), options);
    auto loss = list_loss(student, *l.sentences, targets, options, gen) / double(lists_in_step);
    loss.backward();
    total += loss.item<double>();
  }
  if (reduce) total = reduce(total);
  update(student, optimizer, lr, max_grad_norm);
  return total;
}

}  // namespace ranksent
