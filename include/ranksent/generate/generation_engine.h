// The batched scheduler behind every LLM strategy: many ranking lists in
// flight at once, each sentence decoded from one context (c1) or two (c1 and
// c2, Eq. 3-4, when the strategy's TokenScorer needs c2), all contexts of
// all active lists in ONE llama_decode per step, new seeds admitted as soon
// as a list finishes. Its parts, in src/generate/:
// - kv_batch: batch planning and KV reuse (docs/method.md section 2.3): the
//   shared prompt prefix evaluated once, c1's prompt kept as the next c2;
// - token_scorer: the step's scores (Eq. 4 or greedy);
// - sentence_end: where a sentence ends (end of generation, line, cap);
// - redecode: a sentence that fails a sentence rule is decoded again when a
//   fixed-point escape is set (fixed_point_escape.h).
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "ranksent/generate/decoding_options.h"
#include "ranksent/generate/llm.h"
#include "ranksent/generate/prompts.h"
#include "ranksent/generate/ranking_list.h"
#include "ranksent/generate/token_scorer.h"

namespace ranksent {

// One decoding step of one list, as seen by an observer (tests, tracing).
struct DecodeStep {
  std::size_t seed_index;         // into the seeds given to run()
  int sentence;                   // 1-based position in the list (2..n)
  int token;                      // index of the token within the sentence
  const std::vector<Token>* c1;   // prompt(x(i-1)) + tokens so far
  const std::vector<Token>* c2;   // prompt(x(i-2)) + tokens so far; null with one context
  std::span<const float> scores;  // the score of every vocabulary entry
  Token chosen;                   // argmax of scores (or the sampled token when re-decoding)
  int attempt = 0;                // 0, then 1.. for each re-decode of the sentence
};
using StepObserver = std::function<void(const DecodeStep&)>;

struct EngineConfig {
  DecodingOptions decoding;  // GenerateOptions::decoding as it is (single-step: its own cap, no escape)
  // Eq. 4 (directional) or greedy scores; c2 exists when the scorer needs it.
  std::shared_ptr<const TokenScorer> scorer;
  int sentences = 0;  // sentences to decode after the seed (the steps; 1 for single-step)
  // Stop a list at its first sentence that breaks a rule of `rules`
  // (check_sentence): verification rejects it whatever follows, so the rest
  // is not decoded.
  bool stop_on_reject = true;
  // The sentence rules; rules.hygiene also cleans each decoded sentence.
  VerifyOptions rules;
  StepObserver observer;
  std::function<void()> sentence_done;  // each sentence that enters a list (progress)
};

// A seed as the engine takes it: its text and the key that seeds the
// random draws of its list (a hash of the list id).
struct EngineSeed {
  std::string text;
  std::uint64_t key = 0;
};

// What the engine hands back for each list, in the order lists finish.
struct DecodedList {
  std::size_t seed_index = 0;
  std::vector<std::string> sentences;  // seed first, then the decoded sentences (cleaned)
  std::vector<SentenceFlags> flags;    // one per sentence
  std::vector<std::string> raw;        // the decoded text of each sentence before cleaning
  std::int64_t tokens = 0;             // tokens chosen for this list (end-of-generation included)
  int redecodes = 0;                   // sentences decoded again (fixed-point escape)
};

// Where the engine's own time goes, outside llama_decode (seconds).
struct EnginePhases {
  double logits = 0;  // reading each context's logits (on a GPU: waiting for them)
  // The token of every ready list (Eq. 4's argmax or greedy, a re-decode's
  // draw), and a first step's logits saved for the next sentence's c2.
  double scoring = 0;
  double rules = 0;    // where a sentence ends, output hygiene, the sentence rules, re-decode decisions
  double batch = 0;    // planning the next llama_decode's rows
  double kv = 0;       // KV cache bookkeeping: sharing the prefix, dropping and keeping tokens
  double prompts = 0;  // rendering and tokenising the next sentence's prompt
  double output = 0;   // handing finished lists back (verified and written by the caller)

  EnginePhases& operator+=(const EnginePhases& other);
  double total() const;
  // name -> seconds, the names of the fields above.
  std::map<std::string, double> named() const;
};

struct EngineStats {
  std::int64_t lists = 0, sentences = 0;
  std::int64_t generated_tokens = 0;     // tokens chosen (end-of-generation included)
  std::int64_t prompt_tokens = 0;        // prompt tokens actually evaluated
  std::int64_t naive_prompt_tokens = 0;  // what two full prompts per sentence would evaluate
  std::int64_t evaluated_tokens = 0;     // every token through llama_decode
  std::int64_t decode_calls = 0;
  std::int64_t ubatches = 0;  // llama.cpp's forward passes over those calls (ubatch_order.h)
  std::int64_t redecodes = 0;
  std::map<std::string, std::int64_t> redecodes_by_rule;  // the rule that triggered each re-decode
  std::int64_t two_context_steps = 0;  // tokens chosen from c1 and c2 (Eq. 4), the rest from c1 alone
  double seconds = 0;
  double decode_seconds = 0;  // of which inside llama_decode
  EnginePhases phases;        // and of the rest

  EngineStats& operator+=(const EngineStats& other);
};

// The most lists in flight (--parallel): llama.cpp's sequence ids
// (LLAMA_MAX_SEQ, 256 as released) less the shared prefix's, two per list.
int max_parallel_lists();

class GenerationEngine {
 public:
  GenerationEngine(LlmContext& ctx, const PromptRenderer& prompts, EngineConfig config);
  ~GenerationEngine();

  // Decodes a list for each seed; `done` is called as each list finishes.
  // Stops admitting seeds and returns after the current step once `stop`
  // turns true (lists still in flight are dropped, not reported).
  void run(const std::vector<EngineSeed>& seeds, const std::function<void(DecodedList&&)>& done,
           const std::atomic<bool>* stop = nullptr);

  const EngineStats& stats() const { return stats_; }
  // The LlmOptions a context needs for this config (sequences, KV cells, batch).
  static LlmOptions context_options(const EngineConfig& config, int prompt_tokens_max, int threads);

 private:
  class Scheduler;
  LlmContext& ctx_;
  const PromptRenderer& prompts_;
  EngineConfig config_;
  EngineStats stats_;
};

}  // namespace ranksent
