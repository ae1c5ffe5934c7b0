// Directionally controlled decoding (section 3.1, Eq. 3-4): every token of
// sentence i >= 3 maximises
//     (1 + lambda) * log p(v | c1) - lambda * log p(v | c2),
// c1 = prompt(x(i-1)) + x_<t, c2 = prompt(x(i-2)) + x_<t: move away from
// x(i-2) in the direction x(i-2) -> x(i-1). Sentence 2 is plain greedy.
#include "ranksent/generate/directional_scores.h"

#include <algorithm>
#include <cmath>

namespace ranksent {

void log_softmax(const float* logits, int n, std::vector<float>& out) {
  out.resize(std::size_t(n));
  const float mx = *std::max_element(logits, logits + n);
  double sum = 0;
  for (int i = 0; i < n; ++i) sum += std::exp(double(logits[i]) - mx);
  const float lse = float(mx + std::log(sum));
  for (int i = 0; i < n; ++i) out[std::size_t(i)] = logits[i] - lse;
}

Token directional_scores(const float* c1_logits, const float* c2_logits, int n_vocab, double lambda,
                         std::vector<float>& scores) {
  log_softmax(c1_logits, n_vocab, scores);
  if (c2_logits) {
    thread_local std::vector<float> second;
    log_softmax(c2_logits, n_vocab, second);
    const float a = float(1.0 + lambda), b = float(lambda);
    for (int i = 0; i < n_vocab; ++i) scores[std::size_t(i)] = a * scores[std::size_t(i)] - b * second[std::size_t(i)];
  }
  return Token(std::max_element(scores.begin(), scores.end()) - scores.begin());
}

}  // namespace ranksent
