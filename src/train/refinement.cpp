#include "train/refinement.h"

#include <cmath>
#include <vector>

namespace ranksent {

torch::Tensor refine_similarities(const torch::Tensor& phi_in, double omega, RefineMode mode) {
  TORCH_CHECK(phi_in.dim() == 2 && phi_in.size(0) == phi_in.size(1), "refine_similarities: Phi must be square");
  auto phi = phi_in.detach().to(torch::kCPU, torch::kDouble).contiguous();
  const std::int64_t n = phi.size(0);
  auto out = phi.clone();
  const double* p = phi.data_ptr<double>();
  double* o = out.data_ptr<double>();
  std::vector<double> sorted;
  std::vector<std::int64_t> by_value;
  for (std::int64_t j = 0; j < n; ++j) {
    // Forward part of row j: items k = j..n-1, true rank r(k) = k - j.
    const std::int64_t m = n - j;
    sorted.assign(p + j * n + j, p + j * n + n);
    std::sort(sorted.begin(), sorted.end(), std::greater<>());
    if (mode == RefineMode::Literal) {
      // p(k): the item's position when the forward part is sorted by value.
      by_value.resize(std::size_t(m));
      for (std::int64_t r = 0; r < m; ++r) by_value[std::size_t(r)] = r;
      std::stable_sort(by_value.begin(), by_value.end(),
                       [&](auto a, auto b) { return p[j * n + j + a] > p[j * n + j + b]; });
    }
    std::vector<std::int64_t> position(static_cast<std::size_t>(m), 0);
    if (mode == RefineMode::Literal)
      for (std::int64_t s = 0; s < m; ++s) position[std::size_t(by_value[std::size_t(s)])] = s;
    for (std::int64_t k = j + 1; k < n; ++k) {
      const std::int64_t r = k - j;
      const double value = p[j * n + k];
      double delta = mode == RefineMode::Paper ? sorted[std::size_t(r)] - value
                                               : value - p[j * n + j + position[std::size_t(r)]];
      double refined = value + (delta > 0 ? 1.0 : delta < 0 ? -1.0 : 0.0) * std::log(omega * std::fabs(delta) + 1.0);
      o[j * n + k] = refined;
      o[k * n + j] = refined;  // mirror: PhiHat[k][j] = PhiHat[j][k]
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
