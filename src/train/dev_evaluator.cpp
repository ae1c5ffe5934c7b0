#include "train/dev_evaluator.h"

#include <unordered_map>

#include "ranksent/encode/encoder_tensors.h"
#include "ranksent/error.h"
#include "ranksent/eval/metrics.h"
#include "ranksent/eval/sts_data.h"
#include "ranksent/eval/text_files.h"

namespace ranksent {

namespace {
// A dev set that picks the checkpoint (docs/method.md section 3.5): without
// it the run cannot start, and the --data folder is what to fix.
eval::StsTask load_dev(const std::filesystem::path& data_root, bool sickr) {
  try {
    return sickr ? eval::load_sick_relatedness(data_root, "trial") : eval::load_sts_benchmark(data_root, "dev");
  } catch (const eval::TaskMissing& e) {
    throw InputError(data_root.string(), std::string("--data: ") + e.what() +
                                             (sickr ? " (SICK-R dev selects the checkpoint with --select stsb-sickr)"
                                                    : " (STS-B dev selects the checkpoint)"));
  }
}
}  // namespace

DevEvaluator::DevEvaluator(const std::filesystem::path& data_root, Pooling pooling, bool need_sickr)
    : stsb_(load_dev(data_root, false)), pooling_(pooling) {
  if (need_sickr || std::filesystem::exists(data_root / "SICK" / "SICK_trial.txt")) sickr_ = load_dev(data_root, true);
}

DevScores DevEvaluator::scores(Encoder& encoder) const {
  DevScores s;
  s.stsb = spearman(encoder, stsb_);
  if (sickr_) s.sickr = spearman(encoder, *sickr_);
  return s;
}

double DevEvaluator::spearman(Encoder& encoder, const eval::StsTask& task) const {
  const bool was_training = is_training(encoder);
  set_training(encoder, false);
  const auto& pairs = task.subsets.at(0);
  EncodeOptions opt;
  opt.pooling = pooling_;
  opt.normalize = false;
  // Each distinct sentence embedded once, as evaluation does, so that the
  // same sentence on both sides is one row (eval::cosine's tie rule).
  std::vector<std::string> unique;
  std::unordered_map<std::string, std::size_t> row;
  for (const auto* side : {&pairs.a, &pairs.b})
    for (const auto& s : *side)
      if (row.emplace(s, unique.size()).second) unique.push_back(s);
  const auto e = encoder.encode(unique, opt);
  if (was_training) set_training(encoder, true);
  const std::size_t dim = std::size_t(encoder.dim());
  std::vector<double> cos(pairs.a.size());
  for (std::size_t i = 0; i < cos.size(); ++i)
    cos[i] = eval::cosine(&e[row.at(pairs.a[i]) * dim], &e[row.at(pairs.b[i]) * dim], dim);
  return 100.0 * eval::spearman(cos, pairs.gold);
}

}  // namespace ranksent
