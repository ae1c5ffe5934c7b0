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

// The token directional_scores returns, always the same one, without the
// scores: Eq. 4's argmax does not move when a constant is added to every
// score, so the two normalisers are left out, and only the tokens that
// rounding could make the winner are scored as directional_scores scores them
// (directional_argmax.cpp).
Token directional_argmax(const float* c1_logits, const float* c2_logits, int n_vocab, double lambda);

// log_softmax of one logit row, into `out`.
void log_softmax(const float* logits, int n, std::vector<float>& out);

// The constant log_softmax subtracts from every logit: float(max + log(sum
// of exp(logit - max))), summed in double.
float log_normaliser(const float* logits, int n);

// Entry v of directional_scores' scores, bit for bit, from the two rows'
// normalisers (c2 == nullptr: log_softmax(c1)[v]).
float directional_score_at(const float* c1_logits, float c1_normaliser, const float* c2_logits, float c2_normaliser,
                           double lambda, int v);

}  // namespace ranksent
