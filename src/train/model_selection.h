// Model selection over a run (docs/method.md section 3.5). Each evaluation's
// dev scores update, per metric, the best trained checkpoint: the earliest of
// equal scores, as the released trainer replaces its best only on a strictly
// greater one. A selection rule is a metric and whether the starting
// checkpoint competes; it picks the start when the start competes and scores
// at least the best trained checkpoint, else the best trained checkpoint.
#pragma once
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "train/dev_scores.h"

namespace ranksent {

class ModelSelection {
 public:
  struct Pick {
    std::int64_t step = 0;  // 0 = the starting checkpoint
    double dev = 0;         // its score under the rule's metric
  };

  ModelSelection() = default;
  explicit ModelSelection(const DevScores& start) : start_(start) {}

  // The scores of the checkpoint after `step`; returns the metrics whose best
  // trained checkpoint it now is.
  std::vector<SelectMetric> record(std::int64_t step, const DevScores& dev);

  // nullopt: nothing to pick (no evaluation yet, or the metric was not measured).
  std::optional<Pick> pick(SelectMetric metric, bool start_competes) const;
  const DevScores& start() const { return start_; }

  // For state.json; from_json names `file` and the field of a bad value.
  nlohmann::json to_json() const;
  static ModelSelection from_json(const nlohmann::json& j, const std::filesystem::path& file);

 private:
  DevScores start_;
  std::map<SelectMetric, Pick> best_trained_;
};

// Where each metric's best trained checkpoint is kept: <state_dir>/best-<metric>.
std::filesystem::path best_trained_dir(const std::filesystem::path& state_dir, SelectMetric metric);

// selection.json: the start's dev scores, each metric's best trained
// checkpoint, and every rule's pick with the directory that holds it
// (`output` for the rule given, the starting model, or best_trained_dir), so
// that a study can report either rule without training again.
void write_selection_file(const std::filesystem::path& file, const ModelSelection& selection, SelectMetric select,
                          bool start_competes, const std::filesystem::path& start_model,
                          const std::filesystem::path& output);

}  // namespace ranksent
