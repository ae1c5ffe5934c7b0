// The API's post-training and study calls (ranksent/api.h): tier names
// resolved, the data folder found as everywhere (models.h, data_dir).
#include "ranksent/api.h"

namespace ranksent {

TrainSummary train_encoder(TrainOptions options, const std::atomic<bool>* stop) {
  if (options.model.empty()) throw OptionError("model", "no starting model given (a tier name or a model folder)");
  if (options.lists.empty()) throw OptionError("lists", "no lists file given");
  if (options.output.empty()) throw OptionError("output", "no output folder given");
  options.model = resolve_encoder(options.model.string());
  if (!options.teacher.empty()) options.teacher = resolve_encoder(options.teacher.string());
  options.data = data_dir(options.data);
  return train(options, stop);
}

int run_study_file(const std::filesystem::path& file, const std::filesystem::path& out,
                   const std::filesystem::path& program, bool dry_run) {
  const StudyPlan plan = plan_study(file);
  RunOptions o;
  o.out = out.empty() ? std::filesystem::path("out") / plan.name : out;
  o.program = program;
  o.dry_run = dry_run;
  return run_study(plan, o);
}

}  // namespace ranksent
