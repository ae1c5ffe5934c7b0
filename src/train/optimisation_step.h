// One optimisation step on one ranking list (docs/method.md section 3.4): the
// teacher's targets, the student's ListMLE loss, backward, gradient
// clipping, one Adam update at the given learning rate.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "train/list_loss.h"

namespace ranksent {

double optimisation_step(const Encoder& student, const Encoder& teacher, const std::vector<std::string>& list,
                         torch::optim::Adam& optimizer, const ListLossOptions& options, double lr, double max_grad_norm,
                         std::optional<at::Generator> generator = std::nullopt);

// A list of a step and its place in the list schedule (ListSchedule::at):
// the place keys its dropout and tie-breaking draws, so a list gets the same
// draws whichever process, and whichever step of several lists, holds it.
struct StepList {
  const std::vector<std::string>* sentences = nullptr;
  std::uint64_t position = 0;
};

// One step of several lists (--lists-per-step; this process's share of them
// under data parallelism): each list's loss / `lists_in_step` is
// backpropagated, `reduce` (when set) sums the gradients and the loss over
// the processes, then clipping and one Adam update. Returns the step's mean
// loss over all its lists. `cache` (may be null) keeps the teacher's
// similarities of each list (teacher_cache.h).
double optimisation_step(const Encoder& student, const Encoder& teacher, TeacherCache* cache,
                         const std::vector<StepList>& lists, std::size_t lists_in_step, std::uint64_t seed,
                         torch::optim::Adam& optimizer, const ListLossOptions& options, double lr, double max_grad_norm,
                         const std::function<double(double)>& reduce = {});

}  // namespace ranksent
