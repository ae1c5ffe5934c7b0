#include "train/dev_scores.h"

namespace ranksent {

std::optional<double> DevScores::metric(SelectMetric m) const {
  if (m == SelectMetric::Stsb) return stsb;
  if (!sickr) return std::nullopt;
  return (stsb + *sickr) / 2;  // the released trainer's eval_avg_sts
}

std::string select_metric_name(SelectMetric m) { return m == SelectMetric::Stsb ? "stsb" : "stsb-sickr"; }

}  // namespace ranksent
