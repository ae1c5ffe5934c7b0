// The ways of writing ranking lists (docs/method.md section 2), each a class
// behind one interface: `directional` (the paper's method, Eq. 3-4),
// `step-by-step` and `single-step` (ablations (a) and (b); llm_strategy.h),
// and `shuffle` (ablation (c): an existing list with sentences 2..n
// permuted; shuffle.h). This header: the strategies' names, their options and
// the interface.
#pragma once
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ranksent/options.h"

#include "ranksent/generate/decoding_options.h"
#include "ranksent/generate/generation_engine.h"
#include "ranksent/generate/llm.h"
#include "ranksent/generate/output_hygiene.h"
#include "ranksent/generate/ranking_list.h"

namespace ranksent {

// "directional", "step-by-step", "single-step", "shuffle" (the record's and the CLI's spelling).
std::string strategy_name(Strategy s);
std::optional<Strategy> parse_strategy(std::string_view name);

// One unit of work: a seed sentence, or for `shuffle` a list to permute.
struct SeedItem {
  nlohmann::json id;
  std::string text;
  std::optional<RankingList> source;  // shuffle only
};

struct GenerateOptions {
  Strategy strategy = Strategy::directional;
  int steps = 32;
  DecodingOptions decoding;                  // lambda, token cap, lists in flight, KV reuse, escape: the engine's as is
  int single_step_tokens_per_sentence = 48;  // single-step: cap = this * steps + 32
  int max_seed_tokens = 128;                 // longer seeds are skipped with a reason
  int threads = 0;
  int gpu_layers = 0;                                // llama.cpp offload (-1 = all); needs a GPU build
  std::optional<std::filesystem::path> prompt_file;  // else the built-in template
  std::optional<std::string> prompt_builtin;         // a built-in template by name (e.g. "step-by-step")
  bool all_in_user = false;
  VerifyOptions verify;    // steps is taken from `steps`
  HygieneOptions hygiene;  // beyond the paper, on by default
  std::uint64_t shuffle_seed = 0;
  std::string model_name, model_sha256;  // for the record
  StepObserver observer;
  std::function<void()> on_sentence;  // each decoded sentence (progress)
};

// The paper's decoder and verification exactly: no escape, no hygiene.
void make_paper_exact(GenerateOptions& options);

class RankingStrategy {
 public:
  virtual ~RankingStrategy() = default;
  virtual std::string name() const = 0;
  // Produces one record per item, handed to `done` as each finishes
  // (rejected ones included); returns early, dropping unfinished items,
  // once `stop` turns true.
  virtual void generate(const std::vector<SeedItem>& items, const std::function<void(RankingList&&)>& done,
                        const std::atomic<bool>* stop) = 0;
  virtual EngineStats stats() const { return {}; }
  // What every record of this run carries, for checking a file to resume.
  virtual RankingList record_template() const = 0;
};

}  // namespace ranksent
