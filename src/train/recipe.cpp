#include "ranksent/train/recipe.h"

#include <fmt/core.h>

#include "ranksent/io/atomic_file.h"
#include "train/dev_scores.h"

namespace ranksent {

namespace {
const char* targets_name(TargetKind t) {
  return t == TargetKind::Refined ? "refined" : t == TargetKind::Rank ? "rank" : "semantic";
}
const char* refine_name(RefineMode m) {
  return m == RefineMode::Paper ? "paper" : m == RefineMode::Literal ? "literal" : "released";
}
}  // namespace

nlohmann::json recipe_json(const TrainOptions& o, const Encoder& teacher, Pooling teacher_pooling) {
  nlohmann::json r;
  r["teacher"] = o.teacher.empty() ? "self" : teacher.directory().filename().string();
  r["teacher_path"] = teacher.directory().string();
  r["teacher_pooling"] = pooling_name(teacher_pooling);
  r["teacher_max_length"] = o.loss.teacher_length();
  r["targets"] = targets_name(o.loss.targets);
  r["refine"] = refine_name(o.loss.refine);
  r["omega"] = o.loss.omega;
  r["listmle_rows"] = o.loss.listmle_rows == ListMleRows::Whole ? "whole" : "others";
  r["lr"] = o.lr;
  r["lr_schedule"] = o.lr_schedule == LrSchedule::Linear ? "linear" : "constant";
  r["select"] = select_metric_name(o.select);
  r["start_competes"] = o.start_competes;
  return r;
}

std::string recipe_line(const nlohmann::json& r) {
  const std::string teacher = r.at("teacher") == "self" ? std::string("self (a frozen copy of the student)")
                                                        : r.at("teacher").get<std::string>();
  std::string targets = r.at("targets").get<std::string>();
  if (targets == "refined")
    targets += fmt::format(" (refine {}, omega {})", r.at("refine").get<std::string>(), r.at("omega").get<double>());
  return fmt::format("teacher {} ({} pooling, {} tokens); targets {}; ListMLE over {} rows; lr {} {}; selection {}, {}",
                     teacher, r.at("teacher_pooling").get<std::string>(), r.at("teacher_max_length").get<std::size_t>(),
                     targets, r.at("listmle_rows") == "whole" ? "whole" : "k != j", r.at("lr").get<double>(),
                     r.at("lr_schedule").get<std::string>(),
                     r.at("select") == "stsb" ? "STS-B dev" : "mean(STS-B dev, SICK-R dev)",
                     r.at("start_competes").get<bool>() ? "the start competing" : "trained checkpoints only");
}

void write_recipe_file(const std::filesystem::path& file, const nlohmann::json& recipe) {
  write_file_atomic(file, recipe.dump(2) + "\n");
}

}  // namespace ranksent
