// How one decoding step scores the vocabulary from its contexts' logits:
// each LLM strategy supplies its scorer to the engine, and whether a list
// needs a second context (c2) follows from it.
#pragma once
#include <memory>
#include <vector>

#include "ranksent/generate/llm.h"

namespace ranksent {

// The logits of one step: c1 = prompt(x(i-1)) + x_<t, and c2 =
// prompt(x(i-2)) + x_<t, null while the list has one predecessor.
struct StepLogits {
  const float* c1 = nullptr;
  const float* c2 = nullptr;
  int n_vocab = 0;
};

class TokenScorer {
 public:
  virtual ~TokenScorer() = default;
  // Whether sentences from 3 on are decoded from c1 and c2 (Eq. 3).
  virtual bool needs_c2() const = 0;
  // Fills `scores` (one per vocabulary entry) and returns their argmax (the
  // first one on exact ties).
  virtual Token score(const StepLogits& logits, std::vector<float>& scores) const = 0;
  // The token score() returns, always the same one, without the scores (a
  // greedy step needs no more); safe to call from several threads at once.
  virtual Token choose(const StepLogits& logits) const = 0;
};

// Greedy decoding from c1 alone (step-by-step, single-step): log p(v | c1),
// whose argmax is the logits' argmax.
std::shared_ptr<const TokenScorer> greedy_scorer();
// Directionally controlled decoding, Eq. 4 (directional_scores.h).
std::shared_ptr<const TokenScorer> directional_scorer(double lambda);

}  // namespace ranksent
