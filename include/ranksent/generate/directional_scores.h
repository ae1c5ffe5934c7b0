// Eq. 4 of the paper, the score every token of a directional step maximises.
#pragma once
#include <vector>

#include "ranksent/generate/llm.h"

namespace ranksent {

// score = (1 + lambda) * log_softmax(c1) - lambda * log_softmax(c2), over the
// full vocabulary; with c2 == nullptr, log_softmax(c1). Returns the argmax
// (the first one on exact ties).
Token directional_scores(const float* c1_logits, const float* c2_logits, int n_vocab, double lambda,
                         std::vector<float>& scores);

// log_softmax of one logit row, into `out`.
void log_softmax(const float* logits, int n, std::vector<float>& out);

}  // namespace ranksent
