// L2-regularised logistic regression (sklearn's objective) solved with
// LibTorch's L-BFGS, and SentEval's three validation protocols around it.
#include <algorithm>
#include <cmath>
#include <numeric>

#include <torch/torch.h>

#include "ranksent/eval/metrics.h"
#include "ranksent/eval/transfer.h"

namespace ranksent::eval {

namespace {

// Small fits run on one thread: intra-op threads cost more than they save on
// a few million multiply-adds, badly so on a busy machine (bench_logreg).
class SmallWorkThreads {
 public:
  explicit SmallWorkThreads(double work) : saved_(torch::get_num_threads()) {
    if (work < 2e7 && saved_ > 1) torch::set_num_threads(1);
  }
  ~SmallWorkThreads() {
    if (torch::get_num_threads() != saved_) torch::set_num_threads(saved_);
  }

 private:
  int saved_;
};

torch::Tensor as_tensor(const Features& X) {
  return torch::from_blob(const_cast<float*>(X.data.data()), {X.rows, X.cols}, torch::kFloat).to(torch::kDouble);
}

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// SentEval rounds mean accuracies (x 100) to 2 decimals before taking the
// argmax, so near-ties go to the first (smallest) C.
double round2(double v) { return std::round(v * 100.0) / 100.0; }

std::vector<int> pick(const std::vector<int>& y, const std::vector<std::size_t>& ids) {
  std::vector<int> out;
  out.reserve(ids.size());
  for (auto i : ids) out.push_back(y[i]);
  return out;
}

}  // namespace

Features Features::select(const std::vector<std::size_t>& ids) const {
  Features out;
  out.rows = std::int64_t(ids.size());
  out.cols = cols;
  out.data.resize(ids.size() * std::size_t(cols));
  for (std::size_t r = 0; r < ids.size(); ++r)
    std::copy_n(data.begin() + std::ptrdiff_t(ids[r] * std::size_t(cols)), cols,
                out.data.begin() + std::ptrdiff_t(r * std::size_t(cols)));
  return out;
}

void LogisticRegression::fit(const Features& X, const std::vector<int>& y, int classes, double C,
                             const LogRegOptions& options) {
  torch::NoGradGuard outer_guard;  // re-enabled inside the closure
  const std::int64_t n = X.rows, d = X.cols;
  const int outputs = classes == 2 ? 1 : classes;
  SmallWorkThreads threads(double(n) * double(d) * outputs);
  auto x = as_tensor(X);
  auto dopt = torch::TensorOptions().dtype(torch::kDouble);
  torch::Tensor W, b;
  if (cols_ == d && outputs_ == outputs && !w_.empty()) {
    W = torch::from_blob(w_.data(), {d, outputs}, dopt).clone();
    b = torch::from_blob(b_.data(), {outputs}, dopt).clone();
  } else {
    W = torch::zeros({d, outputs}, dopt);
    b = torch::zeros({outputs}, dopt);
  }
  W.set_requires_grad(true);
  b.set_requires_grad(true);
  std::vector<std::int64_t> labels(y.begin(), y.end());
  auto target = torch::tensor(labels, torch::kLong);
  auto sign = target.to(torch::kDouble) * 2 - 1;
  // sklearn minimises C * sum(loss) + |W|^2 / 2; divided by C * n here, same minimum.
  const double penalty = 1.0 / (2.0 * C * double(n));
  torch::optim::LBFGS opt({W, b}, torch::optim::LBFGSOptions(1.0)
                                      .max_iter(options.max_iter)
                                      .max_eval(options.max_iter * 2)
                                      .tolerance_grad(options.tol)
                                      .tolerance_change(1e-14)
                                      .history_size(20)
                                      .line_search_fn("strong_wolfe"));
  int evals = 0;
  auto closure = [&]() -> torch::Tensor {
    torch::AutoGradMode grad(true);
    opt.zero_grad();
    auto z = torch::addmm(b, x, W);
    torch::Tensor loss = outputs == 1 ? -torch::log_sigmoid(z.squeeze(1) * sign).mean()
                                      : torch::nn::functional::cross_entropy(z, target);
    loss = loss + penalty * (W * W).sum();
    loss.backward();
    ++evals;
    return loss;
  };
  opt.step(closure);
  iterations_ = evals;
  auto Wc = W.detach().contiguous(), bc = b.detach().contiguous();
  w_.assign(Wc.data_ptr<double>(), Wc.data_ptr<double>() + Wc.numel());
  b_.assign(bc.data_ptr<double>(), bc.data_ptr<double>() + bc.numel());
  cols_ = d;
  outputs_ = outputs;
}

std::vector<int> LogisticRegression::predict(const Features& X) const {
  torch::NoGradGuard guard;
  auto dopt = torch::TensorOptions().dtype(torch::kDouble);
  auto W = torch::from_blob(const_cast<double*>(w_.data()), {cols_, outputs_}, dopt);
  auto b = torch::from_blob(const_cast<double*>(b_.data()), {outputs_}, dopt);
  SmallWorkThreads threads(double(X.rows) * double(X.cols) * outputs_);
  auto z = torch::addmm(b, as_tensor(X), W);
  auto pred = outputs_ == 1 ? (z.squeeze(1) > 0).to(torch::kLong) : z.argmax(1);
  pred = pred.contiguous();
  const auto* p = pred.data_ptr<std::int64_t>();
  return std::vector<int>(p, p + pred.numel());
}

std::vector<int> stratified_folds(const std::vector<int>& y, int k, std::uint64_t seed) {
  std::vector<int> folds(y.size(), 0);
  if (y.empty()) return folds;
  const int top = *std::max_element(y.begin(), y.end());
  std::uint64_t state = seed;
  std::size_t dealt = 0;
  for (int cls = 0; cls <= top; ++cls) {
    std::vector<std::size_t> ids;
    for (std::size_t i = 0; i < y.size(); ++i)
      if (y[i] == cls) ids.push_back(i);
    for (std::size_t i = ids.size(); i > 1; --i) std::swap(ids[i - 1], ids[splitmix64(state) % i]);  // Fisher-Yates
    for (auto i : ids) folds[i] = int(dealt++ % std::size_t(k));
  }
  return folds;
}

std::vector<std::vector<int>> inner_kfold_plan(const std::vector<int>& y, int k, std::uint64_t seed) {
  const auto outer = stratified_folds(y, k, seed);
  std::vector<std::vector<int>> plan(std::size_t(k), std::vector<int>(y.size(), -1));
  for (int o = 0; o < k; ++o) {
    std::vector<std::size_t> train;
    for (std::size_t i = 0; i < y.size(); ++i)
      if (outer[i] != o) train.push_back(i);
    const auto inner = stratified_folds(pick(y, train), k, seed);
    for (std::size_t r = 0; r < train.size(); ++r) plan[std::size_t(o)][train[r]] = inner[r];
  }
  return plan;
}

namespace {

// Mean accuracy x 100 (rounded as SentEval does) of each C over the folds.
std::vector<double> grid_scores(const Features& X, const std::vector<int>& y, const std::vector<int>& folds, int k,
                                int classes, const std::vector<double>& grid, const LogRegOptions& solver,
                                const std::function<void()>& on_fold = {}) {
  std::vector<double> sums(grid.size(), 0.0);
  for (int f = 0; f < k; ++f) {
    std::vector<std::size_t> tr, te;
    for (std::size_t i = 0; i < y.size(); ++i) (folds[i] == f ? te : tr).push_back(i);
    const auto Xtr = X.select(tr), Xte = X.select(te);
    const auto ytr = pick(y, tr), yte = pick(y, te);
    LogisticRegression model;  // warm-started from the previous C of the grid
    for (std::size_t g = 0; g < grid.size(); ++g) {
      model.fit(Xtr, ytr, classes, grid[g], solver);
      sums[g] += accuracy(yte, model.predict(Xte));
    }
    if (on_fold) on_fold();
  }
  std::vector<double> scores;
  for (double s : sums) scores.push_back(round2(100.0 * s / k));
  return scores;
}

std::size_t best_index(const std::vector<double>& scores) {
  return std::size_t(std::max_element(scores.begin(), scores.end()) - scores.begin());  // first maximum
}

}  // namespace

TransferScore run_inner_kfold(const Features& X, const std::vector<int>& y, int classes, const TransferConfig& c) {
  const auto plan = inner_kfold_plan(y, c.k, c.seed);
  TransferScore out;
  out.ntrain = y.size();
  double dev = 0, test = 0;
  for (int o = 0; o < c.k; ++o) {
    const auto& fold = plan[std::size_t(o)];
    std::vector<std::size_t> tr, te;
    std::vector<int> inner;
    for (std::size_t i = 0; i < y.size(); ++i) {
      if (fold[i] < 0) {
        te.push_back(i);
      } else {
        tr.push_back(i);
        inner.push_back(fold[i]);
      }
    }
    const auto Xtr = X.select(tr);
    const auto ytr = pick(y, tr);
    const auto scores = grid_scores(Xtr, ytr, inner, c.k, classes, c.grid_inner, c.solver);
    const auto best = best_index(scores);
    LogisticRegression model;
    model.fit(Xtr, ytr, classes, c.grid_inner[best], c.solver);
    test += 100.0 * accuracy(pick(y, te), model.predict(X.select(te)));
    dev += scores[best];
    out.chosen_c.push_back(c.grid_inner[best]);
    if (c.on_step) c.on_step();
  }
  out.acc = test / c.k;
  out.devacc = dev / c.k;
  out.ntest = y.size();
  return out;
}

TransferScore run_kfold(const Features& train, const std::vector<int>& ytrain, const Features& test,
                        const std::vector<int>& ytest, int classes, const TransferConfig& c, bool f1) {
  const auto folds = stratified_folds(ytrain, c.k, c.seed);
  const auto scores = grid_scores(train, ytrain, folds, c.k, classes, c.grid_kfold, c.solver, c.on_step);
  const auto best = best_index(scores);
  LogisticRegression model;
  model.fit(train, ytrain, classes, c.grid_kfold[best], c.solver);
  const auto pred = model.predict(test);
  TransferScore out;
  out.acc = 100.0 * accuracy(ytest, pred);
  out.devacc = scores[best];
  if (f1) out.f1 = 100.0 * f1_binary(ytest, pred);
  out.chosen_c = {c.grid_kfold[best]};
  out.ntrain = ytrain.size();
  out.ntest = ytest.size();
  return out;
}

TransferScore run_split(const Features& train, const std::vector<int>& ytrain, const Features& dev,
                        const std::vector<int>& ydev, const Features& test, const std::vector<int>& ytest, int classes,
                        const TransferConfig& c) {
  std::vector<double> scores;
  LogisticRegression model;
  std::vector<LogisticRegression> fitted;
  for (double C : c.grid_inner) {
    model.fit(train, ytrain, classes, C, c.solver);
    scores.push_back(round2(100.0 * accuracy(ydev, model.predict(dev))));
    fitted.push_back(model);
    if (c.on_step) c.on_step();
  }
  const auto best = best_index(scores);
  TransferScore out;
  out.acc = 100.0 * accuracy(ytest, fitted[best].predict(test));
  out.devacc = scores[best];
  out.chosen_c = {c.grid_inner[best]};
  out.ntrain = ytrain.size();
  out.ntest = ytest.size();
  return out;
}

}  // namespace ranksent::eval
