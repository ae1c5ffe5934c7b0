// The strategies that write lists with an LLM (docs/method.md section 2):
// `directional` (Eq. 3-4), `step-by-step` and `single-step`, and the check
// that a GGUF can write them.
#pragma once
#include <filesystem>
#include <memory>

#include "ranksent/generate/llm.h"
#include "ranksent/generate/strategy.h"

namespace ranksent {

// `directional`, `step-by-step` or `single-step` on a loaded model.
std::unique_ptr<RankingStrategy> make_llm_strategy(std::shared_ptr<LlmModel> model, const GenerateOptions& options);

// Refuses, with an InputError naming the file, a GGUF that cannot write
// ranking lists: an embedding model (pooling type, non-causal attention or an
// encoder architecture), or one without a chat template unless
// `allow_plain_prompt` (then prompts use the plain "role: content" layout).
void check_generative_model(const std::filesystem::path& path, bool allow_plain_prompt);

}  // namespace ranksent
