#include "train/fused_adam.h"

namespace ranksent {

void fused_adam_step(torch::optim::Adam& optimizer) {
  torch::NoGradGuard no_grad;
  auto& state = optimizer.state();
  for (auto& group : optimizer.param_groups()) {
    const auto& o = static_cast<const torch::optim::AdamOptions&>(group.options());
    if (o.amsgrad()) {  // not used by the trainer; the library's loop handles it
      optimizer.step();
      return;
    }
    std::vector<torch::Tensor> params, grads, exp_avgs, exp_avg_sqs, steps;
    for (auto& p : group.params()) {
      if (!p.grad().defined()) continue;
      auto& slot = state[p.unsafeGetTensorImpl()];
      if (!slot) {
        auto fresh = std::make_unique<torch::optim::AdamParamState>();
        fresh->exp_avg(torch::zeros_like(p, torch::MemoryFormat::Preserve));
        fresh->exp_avg_sq(torch::zeros_like(p, torch::MemoryFormat::Preserve));
        slot = std::move(fresh);
      }
      auto& s = static_cast<torch::optim::AdamParamState&>(*slot);
      s.step(s.step() + 1);
      params.push_back(p);
      grads.push_back(p.grad());
      exp_avgs.push_back(s.exp_avg());
      exp_avg_sqs.push_back(s.exp_avg_sq());
      // The kernel reads the step already counted (bias correction 1 - beta^step).
      steps.push_back(torch::full({}, double(s.step()), p.options().dtype(torch::kFloat)));
    }
    if (params.empty()) continue;
    at::_fused_adam_(params, grads, exp_avgs, exp_avg_sqs, {}, steps, o.lr(), std::get<0>(o.betas()),
                     std::get<1>(o.betas()), o.weight_decay(), o.eps(), false, false);
  }
}

}  // namespace ranksent
