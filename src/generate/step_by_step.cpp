// Ablation (b), appendix A "Iterative Step-by-step Generation": sentence i is
// greedy-decoded from prompt(I_step, x(i-1)) alone.
#include "generate/llm_strategy_impl.h"

namespace ranksent {

namespace {

class StepByStep final : public LlmStrategy {
 public:
  StepByStep(std::shared_ptr<LlmModel> model, const GenerateOptions& options)
      : LlmStrategy(Strategy::step_by_step, std::move(model), options, engine_config(options, greedy_scorer())) {}
};

}  // namespace

std::unique_ptr<RankingStrategy> make_step_by_step(std::shared_ptr<LlmModel> model, const GenerateOptions& options) {
  return std::make_unique<StepByStep>(std::move(model), options);
}

}  // namespace ranksent
