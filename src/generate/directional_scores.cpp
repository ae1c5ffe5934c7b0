// Directionally controlled decoding (section 3.1, Eq. 3-4): every token of
// sentence i >= 3 maximises
//     (1 + lambda) * log p(v | c1) - lambda * log p(v | c2),
// c1 = prompt(x(i-1)) + x_<t, c2 = prompt(x(i-2)) + x_<t: move away from
// x(i-2) in the direction x(i-2) -> x(i-1). Sentence 2 is plain greedy.
//
// This file is compiled without floating-point contraction (CMakeLists.txt):
// its roundings are those the reference lists were written with, whatever
// instruction set the build targets.
#include "ranksent/generate/directional_scores.h"

#include <algorithm>
#include <cmath>

namespace ranksent {

namespace {
// One score of Eq. 4 from the two log-probabilities, in float as every
// entry of directional_scores is combined.
inline float combine(float log_p1, float log_p2, float a, float b) { return a * log_p1 - b * log_p2; }
inline float weight_c1(double lambda) { return float(1.0 + lambda); }
}  // namespace

float log_normaliser(const float* logits, int n) {
  const float mx = *std::max_element(logits, logits + n);
  double sum = 0;
  for (int i = 0; i < n; ++i) sum += std::exp(double(logits[i]) - mx);
  return float(mx + std::log(sum));
}

void log_softmax(const float* logits, int n, std::vector<float>& out) {
  out.resize(std::size_t(n));
  const float lse = log_normaliser(logits, n);
  for (int i = 0; i < n; ++i) out[std::size_t(i)] = logits[i] - lse;
}

Token directional_scores(const float* c1_logits, const float* c2_logits, int n_vocab, double lambda,
                         std::vector<float>& scores) {
  log_softmax(c1_logits, n_vocab, scores);
  if (c2_logits) {
    thread_local std::vector<float> second;
    log_softmax(c2_logits, n_vocab, second);
    const float a = weight_c1(lambda), b = float(lambda);
    for (int i = 0; i < n_vocab; ++i)
      scores[std::size_t(i)] = combine(scores[std::size_t(i)], second[std::size_t(i)], a, b);
  }
  return Token(std::max_element(scores.begin(), scores.end()) - scores.begin());
}

float directional_score_at(const float* c1_logits, float c1_normaliser, const float* c2_logits, float c2_normaliser,
                           double lambda, int v) {
  const float log_p1 = c1_logits[v] - c1_normaliser;
  if (!c2_logits) return log_p1;
  return combine(log_p1, c2_logits[v] - c2_normaliser, weight_c1(lambda), float(lambda));
}

}  // namespace ranksent
