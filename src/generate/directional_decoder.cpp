// The paper's method (section 3.1): each sentence from sentence 3 on is
// decoded from two contexts, c1 = prompt(x(i-1)) and c2 = prompt(x(i-2)),
// scored by Eq. 4 (directional_scorer, token_scorer.cpp); the engine runs
// both in one batch.
#include "generate/llm_strategy_impl.h"

namespace ranksent {

namespace {

class DirectionalDecoder final : public LlmStrategy {
 public:
  DirectionalDecoder(std::shared_ptr<LlmModel> model, const GenerateOptions& options)
      : LlmStrategy(Strategy::directional, std::move(model), options,
                    engine_config(options, directional_scorer(options.decoding.lambda))) {}
};

}  // namespace

std::unique_ptr<RankingStrategy> make_directional_decoder(std::shared_ptr<LlmModel> model,
                                                          const GenerateOptions& options) {
  return std::make_unique<DirectionalDecoder>(std::move(model), options);
}

}  // namespace ranksent
