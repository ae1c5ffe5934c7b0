// The argmax of Eq. 4 (docs/method.md section 2.2) without the scores.
//
// directional_scores subtracts each row's log-sum-exp, a constant per row,
// so its scores are s(v) = a*l1[v] - b*l2[v] - C up to rounding (a = 1 +
// lambda, b = lambda; C = a*lse1 - b*lse2), and its argmax is that of the
// shifted score f(v) = a*l1[v] - b*l2[v] unless rounding reorders tokens
// whose f are within a few units in the last place. So: one pass over the
// two rows for the largest f and the largest |logit| (which bounds every
// rounding error), then only the tokens within that bound of the largest f
// are candidates. One candidate is the answer; several (a near-tie) are
// scored exactly as directional_scores scores them, after computing the two
// normalisers, and the first best wins as in std::max_element. Rows holding
// a NaN or an infinity take directional_scores itself.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "ranksent/generate/directional_scores.h"

namespace ranksent {

namespace {

constexpr int kBlock = 2048;  // the second pass rescans only blocks whose largest f is a candidate
// Rows are read once, from memory rather than cache (a step's logits exceed
// it): prefetching one 4 KiB page ahead keeps the stream going across page
// boundaries, where the hardware prefetcher stops (measured: 120 -> 85 us for
// two Qwen2.5 rows).
constexpr int kAhead = 1024;
using Lanes = float __attribute__((vector_size(16)));
using LaneBits = int __attribute__((vector_size(16)));
constexpr int kLanes = int(sizeof(Lanes) / sizeof(float));

// What one pass over a block gives: its largest f, the largest |logit| of
// each row, and whether any f is not finite.
struct BlockScan {
  float top = -std::numeric_limits<float>::infinity();
  float abs1 = 0, abs2 = 0;
  bool finite = true;
};

inline float shifted(const float* l1, const float* l2, float a, float b, int v) {
  return l2 ? a * l1[v] - b * l2[v] : l1[v];
}

inline Lanes load(const float* p) {
  Lanes x;
  std::memcpy(&x, p, sizeof x);
  return x;
}

inline Lanes magnitude(Lanes x) { return Lanes(LaneBits(x) & 0x7fffffff); }

inline float horizontal_max(Lanes x) {
  float out = x[0];
  for (int k = 1; k < kLanes; ++k) out = std::max(out, x[k]);
  return out;
}

// The hot loop, in lanes the compiler maps onto the vector registers it has.
BlockScan scan_block(const float* l1, const float* l2, float a, float b, int lo, int hi, int n) {
  const float inf = std::numeric_limits<float>::infinity();
  Lanes top = Lanes{} - inf, abs1 = Lanes{}, abs2 = Lanes{}, poison = Lanes{};
  const Lanes va = Lanes{} + a, vb = Lanes{} + b;
  int v = lo;
  for (; v + kLanes <= hi; v += kLanes) {
    if (v % 16 == 0 && v + kAhead < n) {  // once a 64-byte line
      __builtin_prefetch(l1 + v + kAhead);
      if (l2) __builtin_prefetch(l2 + v + kAhead);
    }
    const Lanes x1 = load(l1 + v);
    Lanes f = x1;
    if (l2) {
      const Lanes x2 = load(l2 + v);
      f = va * x1 - vb * x2;
      abs2 = magnitude(x2) > abs2 ? magnitude(x2) : abs2;
    }
    top = f > top ? f : top;
    abs1 = magnitude(x1) > abs1 ? magnitude(x1) : abs1;
    poison += f - f;  // stays 0 while every f is finite
  }
  BlockScan out{horizontal_max(top), horizontal_max(abs1), horizontal_max(abs2), true};
  for (int k = 0; k < kLanes; ++k) out.finite = out.finite && poison[k] == 0;
  for (; v < hi; ++v) {
    const float f = shifted(l1, l2, a, b, v);
    out.top = std::max(out.top, f);
    out.abs1 = std::max(out.abs1, std::fabs(l1[v]));
    if (l2) out.abs2 = std::max(out.abs2, std::fabs(l2[v]));
    out.finite = out.finite && std::isfinite(f);
  }
  out.finite = out.finite && std::isfinite(out.abs1) && std::isfinite(out.abs2);
  return out;
}

// How far rounding can move two tokens' order: f carries at most 3 roundings
// of terms up to |a|*abs1 + |b|*abs2, directional_scores' score at most 4 of
// terms up to |a|*A1 + |b|*A2, where A = 2*abs + log(n) + 1 bounds
// |logit - lse| (lse lies between the row's max and max + log(n)); a pair's
// order needs twice the sum of both, and the margin doubles that again.
double rounding_margin(const BlockScan& row, float a, float b, int n) {
  const double u = std::ldexp(1.0, -24), log_n = std::log(double(n)) + 1;
  const double wa = std::fabs(double(a)), wb = std::fabs(double(b));
  const double shifted_error = 3 * u * (wa * row.abs1 + wb * row.abs2);
  const double score_error = 4 * u * (wa * (2 * row.abs1 + log_n) + wb * (2 * row.abs2 + log_n));
  return 4 * (shifted_error + score_error) + 1e-30;
}

// The first best of directional_scores' scores among the candidates (in
// increasing order): a near-tie, scored as directional_scores does.
Token exact_among(const std::vector<int>& candidates, const float* l1, const float* l2, double lambda, int n) {
  const float lse1 = log_normaliser(l1, n), lse2 = l2 ? log_normaliser(l2, n) : 0.0f;
  Token best = candidates.front();
  float best_score = directional_score_at(l1, lse1, l2, lse2, lambda, best);
  for (std::size_t k = 1; k < candidates.size(); ++k) {
    const float s = directional_score_at(l1, lse1, l2, lse2, lambda, candidates[k]);
    if (s > best_score) best = candidates[k], best_score = s;
  }
  return best;
}

Token with_scores(const float* l1, const float* l2, int n, double lambda) {
  thread_local std::vector<float> scores;
  return directional_scores(l1, l2, n, lambda, scores);
}

}  // namespace

Token directional_argmax(const float* c1_logits, const float* c2_logits, int n_vocab, double lambda) {
  const float a = c2_logits ? float(1.0 + lambda) : 1.0f, b = c2_logits ? float(lambda) : 0.0f;
  thread_local std::vector<float> block_top;
  block_top.clear();
  BlockScan row;
  for (int lo = 0; lo < n_vocab; lo += kBlock) {
    const BlockScan s = scan_block(c1_logits, c2_logits, a, b, lo, std::min(n_vocab, lo + kBlock), n_vocab);
    block_top.push_back(s.top);
    row.top = std::max(row.top, s.top);
    row.abs1 = std::max(row.abs1, s.abs1), row.abs2 = std::max(row.abs2, s.abs2);
    row.finite = row.finite && s.finite;
  }
  if (!row.finite || n_vocab == 0) return with_scores(c1_logits, c2_logits, n_vocab, lambda);
  const double floor = double(row.top) - rounding_margin(row, a, b, n_vocab);
  thread_local std::vector<int> candidates;
  candidates.clear();
  for (std::size_t k = 0; k < block_top.size(); ++k) {
    if (double(block_top[k]) < floor) continue;
    const int hi = std::min(n_vocab, int(k + 1) * kBlock);
    for (int v = int(k) * kBlock; v < hi; ++v)
      if (double(shifted(c1_logits, c2_logits, a, b, v)) >= floor) candidates.push_back(v);
  }
  if (candidates.size() == 1) return candidates.front();
  // (None cannot happen: the largest f is one. The scores decide if it does.)
  if (candidates.empty()) return with_scores(c1_logits, c2_logits, n_vocab, lambda);
  return exact_among(candidates, c1_logits, c2_logits, lambda, n_vocab);
}

}  // namespace ranksent
