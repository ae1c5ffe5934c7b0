#include "ranksent/eval/metrics.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace ranksent::eval {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

std::vector<double> average_ranks(const std::vector<double>& x) {
  const std::size_t n = x.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
  std::vector<double> ranks(n);
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i + 1;
    while (j < n && x[order[j]] == x[order[i]]) ++j;
    // Positions i..j-1 (0-based) hold equal values: all get the mean of ranks i+1..j.
    const double r = 0.5 * double(i + 1 + j);
    for (std::size_t k = i; k < j; ++k) ranks[order[k]] = r;
    i = j;
  }
  return ranks;
}

double pearson(const std::vector<double>& x, const std::vector<double>& y) {
  const std::size_t n = x.size();
  if (n != y.size() || n < 2) return kNaN;
  // Two-pass with centred sums, as scipy does, for accuracy on large means.
  long double mx = 0, my = 0;
  for (std::size_t i = 0; i < n; ++i) mx += x[i], my += y[i];
  mx /= n, my /= n;
  long double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const long double dx = x[i] - mx, dy = y[i] - my;
    sxy += dx * dy, sxx += dx * dx, syy += dy * dy;
  }
  if (sxx == 0 || syy == 0) return kNaN;
  double r = double(sxy / std::sqrt(sxx * syy));
  return std::clamp(r, -1.0, 1.0);
}

double spearman(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() != y.size()) return kNaN;
  return pearson(average_ranks(x), average_ranks(y));
}

double average_precision(const std::vector<bool>& relevant, const std::vector<double>& scores) {
  if (relevant.size() != scores.size()) throw std::invalid_argument("average_precision: size mismatch");
  const std::size_t n = scores.size();
  const auto positives = std::size_t(std::count(relevant.begin(), relevant.end(), true));
  if (positives == 0) return kNaN;
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
  // sklearn: AP = sum_k (R_k - R_{k-1}) P_k over distinct thresholds.
  double ap = 0;
  std::size_t tp = 0, seen = 0, prev_tp = 0;
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j < n && scores[order[j]] == scores[order[i]]) {
      tp += relevant[order[j]] ? 1 : 0;
      ++j;
    }
    seen = j;
    if (tp > prev_tp) ap += double(tp - prev_tp) / double(positives) * (double(tp) / double(seen));
    prev_tp = tp;
    i = j;
  }
  return ap;
}

double reciprocal_rank_at(const std::vector<bool>& relevant, const std::vector<double>& scores, std::size_t k) {
  if (relevant.size() != scores.size()) throw std::invalid_argument("reciprocal_rank_at: size mismatch");
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
  for (std::size_t r = 0; r < std::min(k, order.size()); ++r)
    if (relevant[order[r]]) return 1.0 / double(r + 1);
  return 0.0;
}

double accuracy(const std::vector<int>& truth, const std::vector<int>& predicted) {
  if (truth.size() != predicted.size() || truth.empty()) return kNaN;
  std::size_t ok = 0;
  for (std::size_t i = 0; i < truth.size(); ++i) ok += truth[i] == predicted[i];
  return double(ok) / double(truth.size());
}

double f1_binary(const std::vector<int>& truth, const std::vector<int>& predicted) {
  if (truth.size() != predicted.size()) return kNaN;
  std::size_t tp = 0, fp = 0, fn = 0;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    tp += truth[i] == 1 && predicted[i] == 1;
    fp += truth[i] != 1 && predicted[i] == 1;
    fn += truth[i] == 1 && predicted[i] != 1;
  }
  if (2 * tp + fp + fn == 0) return 0.0;  // sklearn's zero_division default
  return 2.0 * double(tp) / double(2 * tp + fp + fn);
}

double cosine(const float* x, const float* y, std::size_t dim) {
  if (x == y || std::memcmp(x, y, dim * sizeof(float)) == 0) return 1.0;
  double xy = 0, xx = 0, yy = 0;
  for (std::size_t d = 0; d < dim; ++d) {
    xy += double(x[d]) * y[d];
    xx += double(x[d]) * x[d];
    yy += double(y[d]) * y[d];
  }
  return xy / (std::max(std::sqrt(xx), 1e-8) * std::max(std::sqrt(yy), 1e-8));
}

}  // namespace ranksent::eval
