#include "py_generate_args.h"

namespace ranksent::py {

GenerateRun generate_run(const GenerateArgs& a) {
  GenerateRun run;
  GenerateOptions& o = run.options;
  o.strategy = parse_option<Strategy>(a.strategy, "strategy");
  o.steps = a.steps;
  o.decoding.lambda = a.lam;
  o.decoding.parallel = a.parallel;
  o.decoding.max_new_tokens = a.max_new_tokens;
  o.decoding.escape.mode = parse_option<FixedPointEscape>(a.escape, "escape");
  o.threads = a.threads;
  o.shuffle_seed = a.shuffle_seed;
  if (a.paper_exact) make_paper_exact(o);
  run.model = a.model;
  run.progress = a.progress;
  if (a.lists) run.lists = *a.lists;
  return run;
}

}  // namespace ranksent::py
