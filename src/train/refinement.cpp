#include "train/refinement.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

namespace ranksent {

namespace {

// Delta of Eq. 6 for the item at rank r (column j + r) of row j's forward
// part, whose place in that part sorted by value is p; S = the part sorted.
double delta(RefineMode mode, const double* row, std::int64_t j, std::int64_t r, std::int64_t p,
             const std::vector<double>& sorted) {
  const double value = row[j + r];
  switch (mode) {
    case RefineMode::Paper:
      return sorted[std::size_t(r)] - value;
    // Algorithm 1, line 7 as printed: j' (the sorted place) read as a column.
    case RefineMode::Literal:
      return value - row[j + p];
    // refine_similarity_matrix: the size of the paper's Delta, negative iff
    // the sorted place is before the absolute column j + r (not the rank r).
    case RefineMode::Released:
      return (p < j + r ? -1.0 : 1.0) * std::fabs(value - sorted[std::size_t(r)]);
  }
  return 0;
}

}  // namespace

torch::Tensor refine_similarities(const torch::Tensor& phi_in, double omega, RefineMode mode) {
  TORCH_CHECK(phi_in.dim() == 2 && phi_in.size(0) == phi_in.size(1), "refine_similarities: Phi must be square");
  auto phi = phi_in.detach().to(torch::kCPU, torch::kDouble).contiguous();
  const std::int64_t n = phi.size(0);
  auto out = phi.clone();
  const double* p = phi.data_ptr<double>();
  double* o = out.data_ptr<double>();
  std::vector<std::int64_t> by_value;
  std::vector<std::int64_t> place;
  std::vector<double> sorted;
  for (std::int64_t j = 0; j < n; ++j) {
    // Forward part of row j: items k = j..n-1, true rank r(k) = k - j.
    const double* row = p + j * n;
    const auto m = std::size_t(n - j);
    by_value.resize(m);
    std::iota(by_value.begin(), by_value.end(), 0);
    std::stable_sort(by_value.begin(), by_value.end(), [&](auto a, auto b) { return row[j + a] > row[j + b]; });
    place.resize(m);
    sorted.resize(m);
    for (std::size_t s = 0; s < m; ++s) {
      place[std::size_t(by_value[s])] = std::int64_t(s);
      sorted[s] = row[j + by_value[s]];
    }
    for (std::int64_t r = 0; r < std::int64_t(m); ++r) {
      const double d = delta(mode, row, j, r, place[std::size_t(r)], sorted);
      const double refined = row[j + r] + (d > 0 ? 1.0 : d < 0 ? -1.0 : 0.0) * std::log(omega * std::fabs(d) + 1.0);
      o[j * n + j + r] = refined;
      if (r > 0) o[(j + r) * n + j] = refined;  // mirror: PhiHat[k][j] = PhiHat[j][k]
    }
  }
  return out.to(phi_in.dtype());
}

torch::Tensor rank_only_targets(std::int64_t n, const torch::TensorOptions& options) {
  auto idx = torch::arange(n, torch::TensorOptions().dtype(torch::kDouble));
  auto dtype = options.has_dtype() ? options.dtype().toScalarType() : torch::kFloat;
  return -(idx.unsqueeze(1) - idx.unsqueeze(0)).abs().to(dtype);
}

}  // namespace ranksent
