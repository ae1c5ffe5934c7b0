// The loss of one ranking list (docs/method.md section 3): teacher similarities,
// their refinement (or an ablation's targets), student scores, ListMLE.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "ranksent/encode/encoder_tensors.h"
#include "ranksent/train/trainer.h"
#include "train/refinement.h"

namespace ranksent {

class TeacherCache;

// The loss options as given (trainer.h), with what the trainer resolved from the models.
struct ListLossOptions {
  LossOptions loss;
  Pooling student_pooling = Pooling::Cls;
  Pooling teacher_pooling = Pooling::ClsBeforePooler;
  // Forward passes under autocast in this dtype (train --dtype); nullopt = float32.
  std::optional<torch::ScalarType> autocast;
};

// cos(a_i, b_j) for all pairs: [n, n].
torch::Tensor cosine_matrix(const torch::Tensor& embeddings);

// cos(h_j, h_k) of the frozen teacher (no gradient), its own tokenizer,
// pooling and max length: the part of Phi that the cache keeps.
torch::Tensor teacher_cosines(const Encoder& teacher, const std::vector<std::string>& list,
                              const ListLossOptions& options);

// Phi = cos(h_j, h_k) / tau_t (section 3.1); from `cache` when it holds the
// list, else computed (and stored there when a cache is given).
torch::Tensor teacher_similarities(const Encoder& teacher, const std::vector<std::string>& list,
                                   const ListLossOptions& options, TeacherCache* cache = nullptr);

// The targets ListMLE orders by, from Phi.
torch::Tensor list_targets(const torch::Tensor& phi, const ListLossOptions& options);

// ListMLE of the student's scores cos/tau against the targets; the student
// runs in whatever mode it is in (train mode = dropout on).
torch::Tensor list_loss(const Encoder& student, const std::vector<std::string>& list, const torch::Tensor& targets,
                        const ListLossOptions& options, std::optional<at::Generator> generator = std::nullopt);

}  // namespace ranksent
