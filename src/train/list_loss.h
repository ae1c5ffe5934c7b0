// The loss of one ranking list (docs/method.md section 3): teacher similarities,
// their refinement (or an ablation's targets), student scores, ListMLE.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "encode/encoder_impl.h"
#include "ranksent/train/trainer.h"
#include "train/refinement.h"

namespace ranksent {

struct ListLossOptions {
  TargetKind targets = TargetKind::Refined;
  RefineMode refine = RefineMode::Paper;
  double omega = 0.5;          // appendix C: 0.7 for SynCSE, 0.5 otherwise
  double teacher_tau = 0.05;   // tau_t, as the authors' code
  double student_tau = 0.05;   // tau: our choice, the paper is silent
  std::size_t max_length = 32; // sentences truncated to 32 tokens (appendix C)
  Pooling student_pooling = Pooling::Cls;
  Pooling teacher_pooling = Pooling::ClsBeforePooler;
  // Forward passes under autocast in this dtype (train --dtype); nullopt = float32.
  std::optional<torch::ScalarType> autocast;
};

// cos(a_i, b_j) for all pairs: [n, n].
torch::Tensor cosine_matrix(const torch::Tensor& embeddings);

// Phi = cos(h_j, h_k) / tau_t from the frozen teacher (no gradient).
torch::Tensor teacher_similarities(const Encoder::Impl& teacher, const std::vector<std::string>& list,
                                   const ListLossOptions& options);

// The targets ListMLE orders by, from Phi.
torch::Tensor list_targets(const torch::Tensor& phi, const ListLossOptions& options);

// ListMLE of the student's scores cos/tau against the targets; the student
// runs in whatever mode it is in (train mode = dropout on).
torch::Tensor list_loss(const Encoder::Impl& student, const std::vector<std::string>& list,
                        const torch::Tensor& targets, const ListLossOptions& options,
                        std::optional<at::Generator> generator = std::nullopt);

}  // namespace ranksent
