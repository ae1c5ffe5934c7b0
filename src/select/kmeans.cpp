// k-means as scikit-learn's KMeans(algorithm="lloyd") computes it
// (sklearn/cluster/_kmeans.py: _kmeans_plusplus, _kmeans_single_lloyd,
// _relocate_empty_clusters_dense), on LibTorch: distances by one GEMM per
// chunk of points, centres by index_add.
#include "ranksent/select/kmeans.h"

#include <cmath>
#include <random>

#include <fmt/core.h>
#include <torch/torch.h>

#include "ranksent/common/progress.h"
#include "ranksent/error.h"

namespace ranksent {

namespace {

constexpr std::int64_t kChunk = 8192;  // points per distance GEMM: [8192, K] floats at a time

torch::Tensor as_matrix(const std::vector<float>& v, std::size_t dim) {
  if (dim == 0 || v.size() % dim != 0) throw std::invalid_argument("k-means: data size is not a multiple of dim");
  return torch::from_blob(const_cast<float*>(v.data()), {std::int64_t(v.size() / dim), std::int64_t(dim)},
                          torch::kFloat);
}

std::vector<float> to_vector(const torch::Tensor& t) {
  auto c = t.contiguous();
  return {c.data_ptr<float>(), c.data_ptr<float>() + c.numel()};
}

// Squared distances of every point to its nearest centre, and that centre.
std::pair<torch::Tensor, torch::Tensor> nearest(const torch::Tensor& x, const torch::Tensor& x_sq,
                                                const torch::Tensor& c) {
  const auto n = x.size(0);
  auto best = torch::empty({n}, torch::kFloat), label = torch::empty({n}, torch::kLong);
  const auto c_sq = (c * c).sum(1);
  for (std::int64_t s = 0; s < n; s += kChunk) {
    const auto e = std::min(n, s + kChunk);
    auto d2 = torch::addmm(x_sq.slice(0, s, e).unsqueeze(1) + c_sq.unsqueeze(0), x.slice(0, s, e), c.t(), 1.0, -2.0);
    auto [v, i] = d2.min(1);
    best.slice(0, s, e).copy_(v.clamp_min(0));
    label.slice(0, s, e).copy_(i);
  }
  return {best, label};
}

}  // namespace

std::vector<float> kmeans_plus_plus(const std::vector<float>& points, std::size_t dim, int clusters,
                                    std::uint64_t seed) {
  torch::NoGradGuard no_grad;
  const auto x = as_matrix(points, dim);
  const auto n = x.size(0);
  if (clusters < 1 || clusters > n)
    throw UsageError("k-means: " + std::to_string(clusters) + " clusters for " + std::to_string(n) + " points");
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  const int trials = 2 + int(std::log(double(clusters)));
  auto centres = torch::empty({clusters, x.size(1)}, torch::kFloat);
  const auto x_sq = (x * x).sum(1);
  auto sq_dist_to = [&](const torch::Tensor& rows) {  // [m, n] squared distances of `rows` to every point
    return torch::addmm((rows * rows).sum(1).unsqueeze(1) + x_sq.unsqueeze(0), rows, x.t(), 1.0, -2.0).clamp_min(0);
  };
  const auto first = std::int64_t(uniform(rng) * double(n)) % n;
  centres[0].copy_(x[first]);
  auto closest = sq_dist_to(x[first].unsqueeze(0))[0].to(torch::kDouble);
  double potential = closest.sum().item<double>();
  for (int c = 1; c < clusters; ++c) {
    // Candidates drawn with probability proportional to their squared distance.
    auto cumulative = closest.cumsum(0);
    std::vector<double> draws(static_cast<std::size_t>(trials), 0.0);
    for (auto& d : draws) d = uniform(rng) * potential;
    auto ids = torch::searchsorted(cumulative, torch::tensor(draws, torch::kDouble)).clamp_max(n - 1);
    auto to_candidates = torch::minimum(closest.unsqueeze(0), sq_dist_to(x.index_select(0, ids)).to(torch::kDouble));
    auto pots = to_candidates.sum(1);
    const auto best = pots.argmin().item<std::int64_t>();
    potential = pots[best].item<double>();
    closest = to_candidates[best].clone();
    centres[c].copy_(x[ids[best].item<std::int64_t>()]);
  }
  return to_vector(centres);
}

KMeansResult lloyd(const std::vector<float>& points, std::size_t dim, std::vector<float> centroids,
                   const KMeansOptions& options) {
  torch::NoGradGuard no_grad;
  const auto x = as_matrix(points, dim);
  const auto n = x.size(0), k = std::int64_t(options.clusters);
  if (std::int64_t(centroids.size()) != k * std::int64_t(dim))
    throw std::invalid_argument("k-means: initial centres are not [clusters, dim]");
  auto c = as_matrix(centroids, dim).clone();
  const auto x_sq = (x * x).sum(1);
  // scikit-learn's _tolerance: tol x the mean variance of the dimensions.
  // The points in double once: the centres are means accumulated in double.
  const auto xd = x.to(torch::kDouble);
  const double tol = options.tol * xd.var(0, /*unbiased=*/false).mean().item<double>();
  KMeansResult r;
  auto labels_old = torch::full({n}, -1, torch::kLong);
  torch::Tensor labels;
  bool strict = false;
  Progress progress("k-means", std::size_t(options.max_iterations), "iterations", options.show_progress);
  for (int it = 0; it < options.max_iterations; ++it) {
    auto [d2, lab] = nearest(x, x_sq, c);
    labels = lab;
    auto sums = torch::zeros({k, x.size(1)}, torch::kDouble).index_add_(0, labels, xd);
    auto counts = torch::bincount(labels, {}, k).to(torch::kDouble);
    // Empty clusters take the points farthest from their centres.
    auto empty = (counts == 0).nonzero().flatten();
    if (empty.numel() > 0) {
      auto far = std::get<1>(d2.topk(empty.numel()));
      for (std::int64_t e = 0; e < empty.numel(); ++e) {
        const auto p = far[e].item<std::int64_t>(), to = empty[e].item<std::int64_t>();
        const auto from = labels[p].item<std::int64_t>();
        sums[from] -= xd[p];
        counts[from] -= 1;
        sums[to] = xd[p];
        counts[to] = 1;
        ++r.reseeded;
      }
    }
    auto next = (sums / counts.clamp_min(1).unsqueeze(1)).to(torch::kFloat);
    const double shift = (next - c).to(torch::kDouble).pow(2).sum().item<double>();
    c = next;
    r.iterations = it + 1;
    progress.advance(1, fmt::format("centre shift {:.3g} (tol {:.3g})", shift, tol));
    if (torch::equal(labels, labels_old)) {
      strict = true;
      break;
    }
    if (shift <= tol) break;
    labels_old = labels;
  }
  r.converged = strict || r.iterations < options.max_iterations;
  // Labels stable: they stand, with distances to the final centres; else the
  // labels of the final centres (scikit-learn's last E-step).
  torch::Tensor d2;
  if (strict) {
    d2 = (x - c.index_select(0, labels)).pow(2).sum(1);
  } else {
    std::tie(d2, labels) = nearest(x, x_sq, c);
  }
  r.labels.assign(labels.data_ptr<std::int64_t>(), labels.data_ptr<std::int64_t>() + n);
  r.inertia = d2.to(torch::kDouble).sum().item<double>();
  r.distances = to_vector(d2.sqrt());
  r.centroids = to_vector(c);
  return r;
}

KMeansResult kmeans(const std::vector<float>& points, std::size_t dim, const KMeansOptions& options) {
  return lloyd(points, dim, kmeans_plus_plus(points, dim, options.clusters, options.seed), options);
}

}  // namespace ranksent
