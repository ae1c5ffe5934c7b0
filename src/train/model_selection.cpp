#include "train/model_selection.h"

#include "ranksent/io/atomic_file.h"
#include "ranksent/io/json_file.h"

namespace ranksent {

namespace {
constexpr SelectMetric kMetrics[] = {SelectMetric::Stsb, SelectMetric::StsbSickr};
}  // namespace

std::vector<SelectMetric> ModelSelection::record(std::int64_t step, const DevScores& dev) {
  std::vector<SelectMetric> improved;
  for (SelectMetric m : kMetrics) {
    const auto score = dev.metric(m);
    if (!score) continue;
    auto it = best_trained_.find(m);
    if (it == best_trained_.end() || *score > it->second.dev) {
      best_trained_[m] = {step, *score};
      improved.push_back(m);
    }
  }
  return improved;
}

std::optional<ModelSelection::Pick> ModelSelection::pick(SelectMetric metric, bool start_competes) const {
  const auto start = start_.metric(metric);
  if (!start) return std::nullopt;
  auto it = best_trained_.find(metric);
  if (start_competes && (it == best_trained_.end() || *start >= it->second.dev)) return Pick{0, *start};
  if (it == best_trained_.end()) return std::nullopt;
  return it->second;
}

nlohmann::json ModelSelection::to_json() const {
  nlohmann::json best = nlohmann::json::object();
  for (const auto& [m, p] : best_trained_) best[select_metric_name(m)] = {{"step", p.step}, {"dev", p.dev}};
  return {
      {"start", {{"stsb", start_.stsb}, {"sickr", start_.sickr ? nlohmann::json(*start_.sickr) : nlohmann::json()}}},
      {"best_trained", best}};
}

ModelSelection ModelSelection::from_json(const nlohmann::json& j, const std::filesystem::path& file) {
  ModelSelection s;
  nlohmann::json start, best;
  json_field(j, file, "start", start);
  json_field(j, file, "best_trained", best);
  json_field(start, file, "stsb", s.start_.stsb);
  if (start.contains("sickr") && !start["sickr"].is_null()) {
    double sickr = 0;
    json_field(start, file, "sickr", sickr);
    s.start_.sickr = sickr;
  }
  for (SelectMetric m : kMetrics) {
    const std::string name = select_metric_name(m);
    if (!best.contains(name)) continue;
    Pick p;
    json_field(best[name], file, "step", p.step);
    json_field(best[name], file, "dev", p.dev);
    if (p.step < 1) throw InputError(file.string(), "a trained checkpoint's step is at least 1", 0, "best_trained");
    s.best_trained_[m] = p;
  }
  return s;
}

std::filesystem::path best_trained_dir(const std::filesystem::path& state_dir, SelectMetric metric) {
  return state_dir / ("best-" + select_metric_name(metric));
}

void write_selection_file(const std::filesystem::path& file, const ModelSelection& selection, SelectMetric select,
                          bool start_competes, const std::filesystem::path& start_model,
                          const std::filesystem::path& output) {
  nlohmann::json rules = nlohmann::json::array();
  for (SelectMetric m : kMetrics)
    for (bool competes : {true, false}) {
      const auto p = selection.pick(m, competes);
      if (!p) continue;
      const bool given = m == select && competes == start_competes;
      const auto model = given ? output : p->step == 0 ? start_model : best_trained_dir(file.parent_path(), m);
      rules.push_back({{"select", select_metric_name(m)},
                       {"start_competes", competes},
                       {"step", p->step},
                       {"dev", p->dev},
                       {"model", model.string()},
                       {"output", given}});
    }
  auto j = selection.to_json();
  j["select"] = select_metric_name(select);
  j["start_competes"] = start_competes;
  j["rules"] = rules;
  write_file_atomic(file, j.dump(2) + "\n");
}

}  // namespace ranksent
