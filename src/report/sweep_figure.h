// Fig. 3 at this scale (docs/study.md, "[[sweep]]"): each sweep of a study
// as the STS average of its arms against their x (omega of Eq. 7, the share
// of the lists, ...), the mean over training seeds with a band of the 95% t
// interval over seeds (n - 1 df; docs/method.md section 4), the encoder
// before post-training as a dashed line as in the paper; the plotted points
// written beside the PNG and SVG as CSV.
#pragma once
#include <cmath>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ranksent {

// A stage's eval.json by its id; null while the stage is not done.
using EvalLookup = std::function<nlohmann::json(const std::string& stage_id)>;

struct SweepPoint {
  double x = 0;
  std::string arm;
  std::size_t planned = 0;       // the arm's training seeds
  std::vector<long> seeds;       // those evaluated so far, in the arm's order
  std::vector<double> sts_avg;   // their STS averages (Spearman x 100)
  double mean = NAN, sd = NAN;   // over the evaluated seeds (sd: n - 1)
  double low = NAN, high = NAN;  // the 95% t interval of the mean: two seeds or more
};

// One [[sweep]] (normalised) over the study's training arms.
std::vector<SweepPoint> sweep_points(const nlohmann::json& sweep, const nlohmann::json& train,
                                     const EvalLookup& eval_of);

// The report's section: per sweep its figure (figures/sweep-NAME.png, .svg),
// the points (figures/sweep-NAME.csv) and their table; "" for a study
// without sweeps. `drawn` counts the PNGs written.
std::string sweep_section(const nlohmann::json& spec, const nlohmann::json& base, const EvalLookup& eval_of,
                          const std::filesystem::path& figures, std::size_t& drawn);

}  // namespace ranksent
