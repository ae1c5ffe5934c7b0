// SentEval's transfer-task protocols on frozen features, with an
// L2-regularised logistic regression solved by L-BFGS in LibTorch.
//
// How this maps to SentEval (senteval/tools/validation.py, classifier
// "sklearn-LogReg", i.e. usepytorch=False):
//  - the model is sklearn's LogisticRegression objective: binary tasks a
//    single weight vector with the logistic loss, TREC a multinomial softmax;
//    C * sum(loss) + ||W||^2 / 2, intercept not penalised;
//  - the penalty grid is SentEval's: C in 2^-2..2^3 for the inner k-fold
//    (MR, CR, SUBJ, MPQA) and the dev split (SST2), 2^-1..2^5 for the k-fold
//    on train (TREC, MRPC); the best C is the first of the highest mean
//    accuracy, rounded to 2 decimals as SentEval does;
//  - k = 10 (SimCSE's "kfold": 10), stratified folds from our own seeded
//    shuffle (not numpy's), the same seed for outer and inner folds;
//  - we solve to convergence (gradient tolerance `tol`), where SentEval's
//    sklearn call stops at lbfgs's default 100 iterations.
// SimCSE's own runs used SentEval's PyTorch classifier (Adam, early stopping)
// instead; see docs/evaluation.md for what that changes.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace ranksent::eval {

// A row-major [rows, cols] float matrix.
struct Features {
  std::vector<float> data;
  std::int64_t rows = 0, cols = 0;
  Features select(const std::vector<std::size_t>& row_ids) const;
};

struct LogRegOptions {
  int max_iter = 1000;  // L-BFGS iterations
  double tol = 1e-6;    // max |gradient| of the mean loss at convergence
};

class LogisticRegression {
 public:
  // Fits on X (rows) and labels 0..classes-1. Starts from the current
  // weights when their shape fits (a warm start along a C grid).
  void fit(const Features& X, const std::vector<int>& y, int classes, double C, const LogRegOptions& options = {});
  std::vector<int> predict(const Features& X) const;
  int iterations() const { return iterations_; }
  const std::vector<double>& weights() const { return w_; }  // [cols, classes==2 ? 1 : classes]
  const std::vector<double>& bias() const { return b_; }

 private:
  std::vector<double> w_, b_;
  std::int64_t cols_ = 0;
  int outputs_ = 0, iterations_ = 0;
};

struct TransferConfig {
  int k = 10;
  std::uint64_t seed = 1111;                                   // SentEval's
  std::vector<double> grid_inner = {0.25, 0.5, 1, 2, 4, 8};    // 2^-2..2^3
  std::vector<double> grid_kfold = {0.5, 1, 2, 4, 8, 16, 32};  // 2^-1..2^5
  LogRegOptions solver;
  std::function<void()> on_step;  // after each outer fold (CV) or each C of the grid
};

struct TransferScore {
  double acc = 0;                // test accuracy x 100 (CV: mean over the outer folds)
  double devacc = 0;             // the selection score x 100
  std::optional<double> f1;      // MRPC: test F1 x 100
  std::vector<double> chosen_c;  // per outer fold (CV) or one
  std::size_t ntrain = 0, ntest = 0;
};

// Stratified fold ids 0..k-1 of each row: every class shuffled with a
// seeded generator, then dealt round-robin (fold sizes differ by at most 1).
std::vector<int> stratified_folds(const std::vector<int>& y, int k, std::uint64_t seed);
// The whole CV plan of the inner k-fold protocol: [k rows][n]: -1 where the
// row is in outer fold o's test part, else its inner fold id.
std::vector<std::vector<int>> inner_kfold_plan(const std::vector<int>& y, int k, std::uint64_t seed);

// MR, CR, SUBJ, MPQA.
TransferScore run_inner_kfold(const Features& X, const std::vector<int>& y, int classes, const TransferConfig& c);
// TREC, MRPC: the penalty by k-fold on train, then train on all of it.
TransferScore run_kfold(const Features& train, const std::vector<int>& ytrain, const Features& test,
                        const std::vector<int>& ytest, int classes, const TransferConfig& c, bool f1 = false);
// SST2: the penalty on dev.
TransferScore run_split(const Features& train, const std::vector<int>& ytrain, const Features& dev,
                        const std::vector<int>& ydev, const Features& test, const std::vector<int>& ytest, int classes,
                        const TransferConfig& c);

}  // namespace ranksent::eval
