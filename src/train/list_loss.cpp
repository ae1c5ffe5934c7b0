#include "train/list_loss.h"

#include "train/listmle.h"
#include "train/mixed_precision.h"
#include "train/teacher_cache.h"

namespace ranksent {

namespace {

// The encoder's forward pass, under autocast when asked; the embeddings come
// back as float32 so that the cosines and the loss keep full precision.
torch::Tensor embed_for_loss(const Encoder& encoder, const std::vector<std::string>& list,
                             const ListLossOptions& options, Pooling pooling, std::size_t max_length) {
  auto [ids, mask] = tokenize_batch(encoder, list, max_length);
  const Autocast autocast(ids.device().type(), options.autocast);
  return embed_batch(encoder, ids, mask, pooling).to(torch::kFloat);
}

}  // namespace

torch::Tensor cosine_matrix(const torch::Tensor& e) {
  auto unit = torch::nn::functional::normalize(e, torch::nn::functional::NormalizeFuncOptions().dim(1).eps(1e-8));
  return unit.matmul(unit.t());
}

torch::Tensor teacher_cosines(const Encoder& teacher, const std::vector<std::string>& list,
                              const ListLossOptions& options) {
  torch::NoGradGuard no_grad;
  return cosine_matrix(embed_for_loss(teacher, list, options, options.teacher_pooling, options.loss.teacher_length()));
}

torch::Tensor teacher_similarities(const Encoder& teacher, const std::vector<std::string>& list,
                                   const ListLossOptions& options, TeacherCache* cache) {
  auto compute = [&] { return teacher_cosines(teacher, list, options); };
  // Cached cosines come back on the CPU: refinement and ListMLE's orders are computed there anyway.
  return (cache ? cache->cosines(list, compute) : compute()) / options.loss.teacher_tau;
}

torch::Tensor list_targets(const torch::Tensor& phi, const ListLossOptions& options) {
  switch (options.loss.targets) {
    case TargetKind::Refined:
      return refine_similarities(phi, options.loss.omega, options.loss.refine);
    case TargetKind::Rank:
      return rank_only_targets(phi.size(0), phi.options());
    case TargetKind::Semantic:
      return phi;
  }
  return phi;
}

torch::Tensor list_loss(const Encoder& student, const std::vector<std::string>& list, const torch::Tensor& targets,
                        const ListLossOptions& options, std::optional<at::Generator> generator) {
  auto scores =
      cosine_matrix(embed_for_loss(student, list, options, options.student_pooling, options.loss.max_length)) /
      options.loss.tau;
  return listmle_loss(scores, targets, options.loss.listmle_rows, generator);
}

}  // namespace ranksent
