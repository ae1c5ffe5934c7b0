// The dev scores of one checkpoint and how each selection metric reads them
// (docs/method.md section 3.5).
#pragma once
#include <optional>
#include <string>

#include "ranksent/train/trainer.h"

namespace ranksent {

struct DevScores {
  double stsb = 0;              // STS-B dev Spearman x 100
  std::optional<double> sickr;  // SICK-R dev (SICK_trial) Spearman x 100, when the data holds it
  // The metric's score; nullopt when it needs SICK-R and that was not measured.
  std::optional<double> metric(SelectMetric m) const;
};

std::string select_metric_name(SelectMetric m);  // "stsb" | "stsb-sickr", as `train --select` spells them

}  // namespace ranksent
