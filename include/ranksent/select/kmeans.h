// k-means for seed selection (docs/method.md section 1): k-means++
// initialisation and Lloyd iterations on LibTorch, as scikit-learn's KMeans
// (algorithm="lloyd") does them, so that the two agree on the same
// embeddings and initial centres. No LibTorch header here.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ranksent {

struct KMeansOptions {
  int clusters = 1000;  // K (the paper: 1,000)
  int max_iterations = 300;
  // Stop when the centres' total squared shift is at most tol x the mean
  // per-dimension variance of the data (scikit-learn's rule), or when no
  // label changes.
  double tol = 1e-4;
  std::uint64_t seed = 0;  // k-means++ draws
  bool show_progress = false;
};

struct KMeansResult {
  std::vector<float> centroids;      // [clusters, dim], row-major
  std::vector<std::int64_t> labels;  // one per point
  std::vector<float> distances;      // Euclidean distance of each point to its centre
  double inertia = 0;                // sum of squared distances
  int iterations = 0;
  bool converged = false;
  std::size_t reseeded = 0;  // empty clusters moved to far points
};

// Greedy k-means++ (scikit-learn's: 2 + floor(ln K) candidates per centre,
// the one that lowers the potential most kept). Row-major [n, dim] points.
std::vector<float> kmeans_plus_plus(const std::vector<float>& points, std::size_t dim, int clusters,
                                    std::uint64_t seed);

// Lloyd iterations from `centroids` ([clusters, dim]). An empty cluster's
// centre moves to the point farthest from its own centre (the next farthest
// for the next empty one), as scikit-learn relocates them.
KMeansResult lloyd(const std::vector<float>& points, std::size_t dim, std::vector<float> centroids,
                   const KMeansOptions& options);

// kmeans_plus_plus, then lloyd.
KMeansResult kmeans(const std::vector<float>& points, std::size_t dim, const KMeansOptions& options);

}  // namespace ranksent
