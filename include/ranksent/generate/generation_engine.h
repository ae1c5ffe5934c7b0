// The batched scheduler behind every LLM strategy: many ranking lists in
// flight at once, each sentence decoded from one context (c1) or two (c1 and
// c2, Eq. 3-4), all contexts of all active lists in ONE llama_decode per
// step, new seeds admitted as soon as a list finishes.
//
// KV reuse (docs/method.md section 2.3):
// - the prompt prefix every prompt shares is evaluated once on sequence 0
//   and shared with each new context through llama_memory_seq_cp;
// - c2 of sentence i is c1 of sentence i-1 without its generated tokens, so
//   that sequence is kept (llama_memory_seq_rm of the generated part) and
//   becomes c2: every sentence's prompt is prefilled once per list.
// A sentence that fails a sentence rule is decoded again when a fixed-point
// escape is set (fixed_point_escape.h): only its generated tokens are dropped.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "ranksent/generate/fixed_point_escape.h"
#include "ranksent/generate/llm.h"
#include "ranksent/generate/prompts.h"
#include "ranksent/generate/ranking_list.h"

namespace ranksent {

// One decoding step of one list, as seen by an observer (tests, tracing).
struct DecodeStep {
  std::size_t seed_index;            // into the seeds given to run()
  int sentence;                      // 1-based position in the list (2..n)
  int token;                         // index of the token within the sentence
  const std::vector<Token>* c1;      // prompt(x(i-1)) + tokens so far
  const std::vector<Token>* c2;      // prompt(x(i-2)) + tokens so far; null with one context
  std::span<const float> scores;     // the score of every vocabulary entry
  Token chosen;                      // argmax of scores (or the sampled token when re-decoding)
  int attempt = 0;                   // 0, then 1.. for each re-decode of the sentence
};
using StepObserver = std::function<void(const DecodeStep&)>;

struct EngineConfig {
  int sentences = 32;          // sentences to decode after the seed (1 for single-step)
  int max_new_tokens = 100;    // per decoded sentence; reaching it marks it truncated
  bool two_contexts = false;   // directional: c2 from sentence 3 on
  double lambda = 0.5;         // Eq. 4 weight of the two contexts (sentence 2 uses 0)
  int parallel = 8;            // lists in flight
  bool share_prefix = true;    // KV reuse of the shared prompt prefix
  bool reuse_c2 = true;        // KV reuse of c1's prompt as the next c2
  // Stop a list at its first sentence that breaks a rule of `rules`
  // (check_sentence): verification rejects it whatever follows, so the rest
  // is not decoded.
  bool stop_on_reject = true;
  // The sentence rules; rules.hygiene also cleans each decoded sentence.
  VerifyOptions rules;
  EscapeOptions escape{.mode = FixedPointEscape::none};
  // One KV stream per sequence (the default) or one buffer for all. With
  // the unified buffer llama.cpp's results for a sequence change with what
  // else is in the batch (measured: up to 0.45 in a log-probability on the
  // default model); with a stream each they are bit-identical to a
  // single-sequence run. The price: sharing the prefix copies a stream.
  bool kv_unified = false;
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

struct EngineStats {
  std::int64_t lists = 0, sentences = 0;
  std::int64_t generated_tokens = 0;      // tokens chosen (end-of-generation included)
  std::int64_t prompt_tokens = 0;         // prompt tokens actually evaluated
  std::int64_t naive_prompt_tokens = 0;   // what two full prompts per sentence would evaluate
  std::int64_t evaluated_tokens = 0;      // every token through llama_decode
  std::int64_t decode_calls = 0;
  std::int64_t redecodes = 0;
  std::map<std::string, std::int64_t> redecodes_by_rule;  // the rule that triggered each re-decode
  double seconds = 0;
  double decode_seconds = 0;              // of which inside llama_decode

  EngineStats& operator+=(const EngineStats& other);
};

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
