// The part every LLM strategy shares: seed checks, the context, one
// GenerationEngine run, and turning decoded lists into verified records.
#pragma once
#include <optional>

#include "ranksent/generate/prompts.h"
#include "ranksent/generate/strategy.h"

namespace ranksent {

class LlmStrategy : public RankingStrategy {
 public:
  LlmStrategy(Strategy strategy, std::shared_ptr<LlmModel> model, GenerateOptions options, EngineConfig config);
  std::string name() const override { return strategy_name(strategy_); }
  void generate(const std::vector<SeedItem>& items, const std::function<void(RankingList&&)>& done,
                const std::atomic<bool>* stop) override;
  EngineStats stats() const override { return stats_; }
  RankingList record_template() const override;

 protected:
  // The decoded list as a record, verified (appendix A's rules).
  virtual RankingList assemble(const SeedItem& item, DecodedList&& decoded) const;
  RankingList base_record(const SeedItem& item) const;

  Strategy strategy_;
  std::shared_ptr<LlmModel> model_;
  GenerateOptions options_;
  EngineConfig config_;
  PromptRenderer renderer_;
  OutputHygiene hygiene_;  // referenced by options_.verify and config_.rules
  std::unique_ptr<LlmContext> ctx_;
  EngineStats stats_;
};

std::unique_ptr<RankingStrategy> make_directional_decoder(std::shared_ptr<LlmModel> model,
                                                          const GenerateOptions& options);
std::unique_ptr<RankingStrategy> make_step_by_step(std::shared_ptr<LlmModel> model, const GenerateOptions& options);
std::unique_ptr<RankingStrategy> make_single_step(std::shared_ptr<LlmModel> model, const GenerateOptions& options);

// The template of a strategy: --prompt FILE, else the built-in one.
PromptTemplate strategy_prompt(Strategy strategy, const GenerateOptions& options);
// The engine settings of a strategy: the decoding options as they are, its
// scorer, one decoded sentence per step.
EngineConfig engine_config(const GenerateOptions& options, std::shared_ptr<const TokenScorer> scorer);

}  // namespace ranksent
