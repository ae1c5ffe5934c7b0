// The scorers of the LLM strategies: greedy (ablations (a) and (b)) and
// Eq. 4 (section 3.1), both on the log-probabilities, so that a re-decode
// (fixed_point_escape.h) samples and penalises on one scale.
#include "ranksent/generate/token_scorer.h"

#include <algorithm>

#include "ranksent/generate/directional_scores.h"

namespace ranksent {

namespace {

class GreedyScorer final : public TokenScorer {
 public:
  bool needs_c2() const override { return false; }
  Token score(const StepLogits& logits, std::vector<float>& scores) const override {
    log_softmax(logits.c1, logits.n_vocab, scores);
    return Token(std::max_element(scores.begin(), scores.end()) - scores.begin());
  }
  Token choose(const StepLogits& logits) const override {
    return directional_argmax(logits.c1, nullptr, logits.n_vocab, 0.0);
  }
};

// Eq. 4 from sentence 3 on; sentence 2 (no c2) is greedy, lambda = 0
// (docs/method.md section 2.2). c2 is read even at lambda = 0 (the equality
// test runs it).
class DirectionalScorer final : public TokenScorer {
 public:
  explicit DirectionalScorer(double lambda) : lambda_(lambda) {}
  bool needs_c2() const override { return true; }
  Token score(const StepLogits& logits, std::vector<float>& scores) const override {
    return directional_scores(logits.c1, logits.c2, logits.n_vocab, logits.c2 ? lambda_ : 0.0, scores);
  }
  Token choose(const StepLogits& logits) const override {
    return directional_argmax(logits.c1, logits.c2, logits.n_vocab, logits.c2 ? lambda_ : 0.0);
  }

 private:
  double lambda_;
};

}  // namespace

std::shared_ptr<const TokenScorer> greedy_scorer() { return std::make_shared<GreedyScorer>(); }

std::shared_ptr<const TokenScorer> directional_scorer(double lambda) {
  return std::make_shared<DirectionalScorer>(lambda);
}

}  // namespace ranksent
