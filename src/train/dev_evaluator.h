// Model selection during post-training: STS-B dev Spearman x 100 of cosine
// similarities (every --eval-every steps, as the authors' trainer does with
// SentEval's STSBenchmark dev split).
#pragma once
#include <filesystem>

#include "ranksent/encode/encoder.h"
#include "ranksent/eval/datasets.h"

namespace ranksent {

class DevEvaluator {
 public:
  DevEvaluator(const std::filesystem::path& data_root, Pooling pooling);
  // Puts the model in eval mode for the measurement and back in train mode.
  double spearman(Encoder& encoder) const;

 private:
  eval::StsTask dev_;
  Pooling pooling_;
};

}  // namespace ranksent
