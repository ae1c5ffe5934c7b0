// k-means for seed selection: hand-computed cases, then parity with
// scikit-learn's KMeans (lloyd) on the same points and initial centres, and
// from each one's own k-means++.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <random>

#include <nlohmann/json.hpp>

#include "ranksent/error.h"
#include "ranksent/io/npy.h"
#include "ranksent/select/kmeans.h"
#include "support/environment.h"

using namespace ranksent;

namespace {

// n points around `centres` (k x dim) with Gaussian noise of `spread`.
std::vector<float> blobs(std::size_t n, std::size_t dim, std::size_t k, double spread, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0.0, 1.0);
  std::vector<double> centres(k * dim);
  for (auto& c : centres) c = 4.0 * noise(rng);
  std::vector<float> x(n * dim);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t d = 0; d < dim; ++d) x[i * dim + d] = float(centres[(i % k) * dim + d] + spread * noise(rng));
  return x;
}

nlohmann::json sklearn(const std::filesystem::path& dir, const std::vector<float>& x, std::size_t dim, int k,
                       int max_iter, double tol, const std::vector<float>* init) {
  write_npy(dir / "x.npy", x, std::int64_t(x.size() / dim), std::int64_t(dim));
  std::string args = "'" + (dir / "x.npy").string() + "' " + std::to_string(k) + " " + std::to_string(max_iter) + " " +
                     std::to_string(tol) + " 0 '" + (dir / "out.json").string() + "'";
  if (init) {
    write_npy(dir / "init.npy", *init, k, std::int64_t(dim));
    args += " '" + (dir / "init.npy").string() + "'";
  }
  auto r = test::run_python("kmeans_reference.py", args);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  return nlohmann::json::parse(std::ifstream(dir / "out.json"));
}

}  // namespace

TEST(KMeans, TwoClustersByHand) {
  // Points 0, 1, 2 and 10, 11, 12 on a line; centres start at 0 and 1.
  const std::vector<float> x = {0, 1, 2, 10, 11, 12};
  const auto r = lloyd(x, 1, {0.0f, 1.0f}, KMeansOptions{.clusters = 2, .max_iterations = 20});
  EXPECT_EQ(r.labels, (std::vector<std::int64_t>{0, 0, 0, 1, 1, 1}));
  EXPECT_EQ(r.centroids, (std::vector<float>{1.0f, 11.0f}));
  EXPECT_DOUBLE_EQ(r.inertia, 4.0);  // 1 + 0 + 1, twice
  EXPECT_TRUE(r.converged);
  EXPECT_FLOAT_EQ(r.distances[0], 1.0f);
}

TEST(KMeans, EmptyClusterTakesTheFarthestPoint) {
  // Centres at 50 and 100 attract nothing (every point is nearest 0): the
  // first empty one takes the point farthest from its centre (12), the
  // second the next farthest (11); centre 0 keeps 0, 1, 2, 10 (mean 3.25).
  const std::vector<float> x = {0, 1, 2, 10, 11, 12};
  const auto r = lloyd(x, 1, {0.0f, 50.0f, 100.0f}, KMeansOptions{.clusters = 3, .max_iterations = 1});
  EXPECT_EQ(r.reseeded, 2u);
  EXPECT_EQ(r.centroids, (std::vector<float>{3.25f, 12.0f, 11.0f}));
}

TEST(KMeans, PlusPlusIsSeededAndPicksDataPoints) {
  const auto x = blobs(300, 4, 5, 0.3, 1);
  const auto a = kmeans_plus_plus(x, 4, 5, 7), b = kmeans_plus_plus(x, 4, 5, 7), c = kmeans_plus_plus(x, 4, 5, 8);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  for (std::size_t k = 0; k < 5; ++k) {
    bool found = false;
    for (std::size_t i = 0; i < 300 && !found; ++i)
      found = std::equal(a.begin() + k * 4, a.begin() + k * 4 + 4, x.begin() + i * 4);
    EXPECT_TRUE(found) << "centre " << k << " is not a data point";
  }
  EXPECT_THROW(kmeans_plus_plus(x, 4, 301, 0), UsageError);
}

TEST(KMeansParity, SameInitialCentresGiveScikitLearnsClustering) {
  auto dir = test::scratch_dir("kmeans-same");
  // Overlapping blobs, so that Lloyd needs several iterations.
  const std::size_t dim = 16;
  const int k = 40;
  const auto x = blobs(4000, dim, 25, 2.5, 3);
  const auto init = kmeans_plus_plus(x, dim, k, 11);
  const auto ours = lloyd(x, dim, init, KMeansOptions{.clusters = k, .max_iterations = 300, .tol = 1e-4});
  const auto ref = sklearn(dir, x, dim, k, 300, 1e-4, &init);
  const auto labels = ref["labels"].get<std::vector<std::int64_t>>();
  std::size_t same = 0;
  for (std::size_t i = 0; i < labels.size(); ++i) same += labels[i] == ours.labels[i];
  const double agree = double(same) / double(labels.size()), inertia = ref["inertia"].get<double>();
  std::printf("same assignment %.4f, inertia %.6g vs %.6g, iterations %d vs %d\n", agree, ours.inertia, inertia,
              ours.iterations, ref["iterations"].get<int>());
  EXPECT_GE(agree, 0.999);
  EXPECT_NEAR(ours.inertia / inertia, 1.0, 1e-3);
}

TEST(KMeansParity, OwnInitialisationsReachScikitLearnsInertia) {
  auto dir = test::scratch_dir("kmeans-own");
  const std::size_t dim = 16;
  const int k = 40;
  const auto x = blobs(4000, dim, 25, 2.5, 5);
  const auto ours = kmeans(x, dim, KMeansOptions{.clusters = k, .seed = 2});
  const auto ref = sklearn(dir, x, dim, k, 300, 1e-4, nullptr);
  const double inertia = ref["inertia"].get<double>();
  std::printf("inertia %.6g vs %.6g (%+.3f%%)\n", ours.inertia, inertia, 100.0 * (ours.inertia / inertia - 1.0));
  EXPECT_LT(ours.inertia, 1.01 * inertia);
}
