#include "train/list_loss.h"

#include "train/listmle.h"
#include "train/mixed_precision.h"

namespace ranksent {

namespace {

// The encoder's forward pass, under autocast when asked; the embeddings come
// back as float32 so that the cosines and the loss keep full precision.
torch::Tensor embed_for_loss(const Encoder::Impl& encoder, const std::vector<std::string>& list,
                             const ListLossOptions& options, Pooling pooling) {
  auto [ids, mask] = encoder.tokenize(list, options.max_length);
  const Autocast autocast(ids.device().type(), options.autocast);
  return encoder.embed(ids, mask, pooling).to(torch::kFloat);
}

}  // namespace

torch::Tensor cosine_matrix(const torch::Tensor& e) {
  auto unit = torch::nn::functional::normalize(e, torch::nn::functional::NormalizeFuncOptions().dim(1).eps(1e-8));
  return unit.matmul(unit.t());
}

torch::Tensor teacher_similarities(const Encoder::Impl& teacher, const std::vector<std::string>& list,
                                   const ListLossOptions& options) {
  torch::NoGradGuard no_grad;
  return cosine_matrix(embed_for_loss(teacher, list, options, options.teacher_pooling)) / options.teacher_tau;
}

torch::Tensor list_targets(const torch::Tensor& phi, const ListLossOptions& options) {
  switch (options.targets) {
    case TargetKind::Refined: return refine_similarities(phi, options.omega, options.refine);
    case TargetKind::Rank: return rank_only_targets(phi.size(0), phi.options());
    case TargetKind::Semantic: return phi;
  }
  return phi;
}

torch::Tensor list_loss(const Encoder::Impl& student, const std::vector<std::string>& list,
                        const torch::Tensor& targets, const ListLossOptions& options,
                        std::optional<at::Generator> generator) {
  auto scores = cosine_matrix(embed_for_loss(student, list, options, options.student_pooling)) / options.student_tau;
  return listmle_loss(scores, targets, generator);
}

}  // namespace ranksent
