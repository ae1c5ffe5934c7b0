// One Adam update of every parameter in one fused kernel (ATen's
// _fused_adam_, the kernel of torch.optim.Adam(fused=True)) instead of
// torch::optim::Adam::step's ten tensor operations per parameter, each a
// pass over memory: on all-MiniLM-L6-v2 (22.7M parameters, 11.7M of them
// word embeddings) that loop was 11% of a training step. The state stays in
// `optimizer` (exp_avg, exp_avg_sq, step), so checkpoints and --resume read
// and write it as before; the formula is Adam::step's (Kingma & Ba with bias
// correction, L2 weight decay), to rounding.
#pragma once
#include <torch/torch.h>

namespace ranksent {

void fused_adam_step(torch::optim::Adam& optimizer);

}  // namespace ranksent
