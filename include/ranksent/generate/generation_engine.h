// The batched scheduler behind every LLM strategy: many ranking lists in
// flight at once, each sentence decoded greedily from one context (c1) or
// two (c1 and c2, Eq. 3-4), all contexts of all active lists in ONE
// llama_decode per step, new seeds admitted as soon as a list finishes.
//
// KV reuse (METHOD.md section 2, "Engine"):
// - the prompt prefix every prompt shares is evaluated once on sequence 0
//   and shared with each new context through llama_memory_seq_cp;
// - c2 of sentence i is c1 of sentence i-1 without its generated tokens, so
//   that sequence is kept (llama_memory_seq_rm of the generated part) and
//   becomes c2: every sentence's prompt is prefilled once per list.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

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
  Token chosen;                      // argmax of scores
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
  // Stop a list at its first truncated, empty or multi-line sentence, and
  // (with stop_on_duplicate) at two equal consecutive sentences: verification
  // rejects it whatever follows, so the rest is not decoded.
  bool stop_on_reject = true;
  bool stop_on_duplicate = true;
  // One KV stream per sequence (the default) or one buffer for all. With
  // the unified buffer llama.cpp's results for a sequence change with what
  // else is in the batch (measured: up to 0.45 in a log-probability on the
  // default model); with a stream each they are bit-identical to a
  // single-sequence run. The price: sharing the prefix copies a stream.
  bool kv_unified = false;
  StepObserver observer;
};

// What the engine hands back for each list, in the order lists finish.
struct DecodedList {
  std::size_t seed_index = 0;
  std::vector<std::string> sentences;  // seed first, then the decoded sentences (cleaned)
  std::vector<SentenceFlags> flags;    // one per sentence
  std::vector<std::string> raw;        // the decoded text of each sentence before cleaning
  std::int64_t tokens = 0;             // tokens chosen for this list (end-of-generation included)
};

struct EngineStats {
  std::int64_t lists = 0, sentences = 0;
  std::int64_t generated_tokens = 0;      // tokens chosen (end-of-generation included)
  std::int64_t prompt_tokens = 0;         // prompt tokens actually evaluated
  std::int64_t naive_prompt_tokens = 0;   // what two full prompts per sentence would evaluate
  std::int64_t evaluated_tokens = 0;      // every token through llama_decode
  std::int64_t decode_calls = 0;
  double seconds = 0;
  double decode_seconds = 0;              // of which inside llama_decode
};

class GenerationEngine {
 public:
  GenerationEngine(LlmContext& ctx, const PromptRenderer& prompts, EngineConfig config);

  // Decodes a list for each seed; `done` is called as each list finishes.
  // Stops admitting seeds and returns after the current step once `stop`
  // turns true (lists still in flight are dropped, not reported).
  void run(const std::vector<std::string>& seeds, const std::function<void(DecodedList&&)>& done,
           const std::atomic<bool>* stop = nullptr);

  const EngineStats& stats() const { return stats_; }
  // The LlmOptions a context needs for this config (sequences, KV cells, batch).
  static LlmOptions context_options(const EngineConfig& config, int prompt_tokens_max, int threads);

 private:
  struct Impl;
  LlmContext& ctx_;
  const PromptRenderer& prompts_;
  EngineConfig config_;
  EngineStats stats_;
};

// Eq. 4: score = (1 + lambda) * log_softmax(c1) - lambda * log_softmax(c2),
// over the full vocabulary; with c2 == nullptr, log_softmax(c1). Returns the
// argmax (the first one on exact ties).
Token directional_scores(const float* c1_logits, const float* c2_logits, int n_vocab, double lambda,
                         std::vector<float>& scores);

// log_softmax of one logit row, in place into `out`.
void log_softmax(const float* logits, int n, std::vector<float>& out);

}  // namespace ranksent
