// Ablation (a), appendix A "Single-step Generation": one greedy completion
// of the few-shot prompt asks for the whole list; its numbered lines are the
// sentences.
#include "generate/llm_strategy_impl.h"

namespace ranksent {

namespace {

class SingleStep final : public LlmStrategy {
 public:
  SingleStep(std::shared_ptr<LlmModel> model, const GenerateOptions& options)
      : LlmStrategy(Strategy::single_step, std::move(model), options, config(options)) {}

 private:
  static EngineConfig config(const GenerateOptions& options) {
    EngineConfig c = engine_config(options, greedy_scorer());
    c.sentences = 1;  // one decoded "sentence": the whole numbered list
    c.decoding.max_new_tokens = options.single_step_tokens_per_sentence * options.steps + 32;
    c.stop_on_reject = false;                         // the output is multi-line by design
    c.decoding.escape.mode = FixedPointEscape::none;  // one decode writes the whole list: nothing to re-decode
    return c;
  }

  RankingList assemble(const SeedItem& item, DecodedList&& decoded) const override {
    RankingList r = base_record(item);
    r.sentences = {decoded.sentences.at(0)};
    for (auto& s : parse_numbered_list(decoded.raw.at(1)))
      r.sentences.push_back(hygiene_.enabled() ? hygiene_.clean(s) : std::move(s));
    std::vector<SentenceFlags> flags(r.sentences.size());
    if (decoded.flags.at(1).truncated) {
      r.rejected =
          "truncated: the output hit the cap of " + std::to_string(config_.decoding.max_new_tokens) + " new tokens";
    } else {
      r.rejected = verify_list(r.sentences, flags, options_.verify);
    }
    return r;
  }
};

}  // namespace

std::unique_ptr<RankingStrategy> make_single_step(std::shared_ptr<LlmModel> model, const GenerateOptions& options) {
  return std::make_unique<SingleStep>(std::move(model), options);
}

}  // namespace ranksent
