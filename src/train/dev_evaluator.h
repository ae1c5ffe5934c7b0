// Model selection's measurements during post-training (docs/method.md
// section 3.5): Spearman x 100 of cosine similarities on STS-B dev and on
// SICK-R dev (SentEval's SICK_trial split), as the released trainer scores
// every --eval-every steps.
#pragma once
#include <filesystem>
#include <optional>

#include "ranksent/encode/encoder.h"
#include "ranksent/eval/sts_data.h"
#include "train/dev_scores.h"

namespace ranksent {

class DevEvaluator {
 public:
  // STS-B dev is required; SICK-R dev when `need_sickr`, else measured when
  // the data holds it. InputError naming --data otherwise.
  DevEvaluator(const std::filesystem::path& data_root, Pooling pooling, bool need_sickr);
  // Puts the model in eval mode for the measurement and back in train mode.
  DevScores scores(Encoder& encoder) const;

 private:
  double spearman(Encoder& encoder, const eval::StsTask& task) const;
  eval::StsTask stsb_;
  std::optional<eval::StsTask> sickr_;
  Pooling pooling_;
};

}  // namespace ranksent
