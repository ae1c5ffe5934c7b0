// The transfer-task classifier: one L2 logistic-regression fit (L-BFGS,
// LibTorch) on CR-sized synthetic features, binary and 6-class.
#include <benchmark/benchmark.h>

#include <random>

#include "ranksent/eval/transfer.h"

using namespace ranksent::eval;

namespace {
void make(Features& X, std::vector<int>& y, std::int64_t n, std::int64_t d, int classes) {
  std::mt19937_64 rng(1);
  std::normal_distribution<float> g;
  X.rows = n, X.cols = d;
  X.data.resize(std::size_t(n * d));
  y.resize(std::size_t(n));
  std::vector<float> centre(std::size_t(classes * d));
  for (auto& c : centre) c = 0.05f * g(rng);
  for (std::int64_t i = 0; i < n; ++i) {
    const int c = int(i % classes);
    y[std::size_t(i)] = c;
    for (std::int64_t k = 0; k < d; ++k)
      X.data[std::size_t(i * d + k)] = centre[std::size_t(c * d + k)] + 0.05f * g(rng);
  }
}
}  // namespace

static void BM_LogRegFit(benchmark::State& state) {
  Features X;
  std::vector<int> y;
  const int classes = int(state.range(0));
  make(X, y, 3400, 384, classes);
  int iters = 0;
  for (auto _ : state) {
    LogisticRegression m;
    m.fit(X, y, classes, 2.0);
    iters = m.iterations();
  }
  state.counters["evals"] = iters;
}
BENCHMARK(BM_LogRegFit)->Arg(2)->Arg(6)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
