// Transfer tasks: our LibTorch logistic regression and SentEval protocols
// against scikit-learn's LogisticRegression run by tests/reference/
// transfer_reference.py on the same features, folds and C grid: within 1.0
// point per task. CI runs CR (inner k-fold), TREC (k-fold, 6 classes) and
// MRPC (pair features, F1); RANKSENT_TRANSFER_FULL=1 runs all seven.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>

#include <fmt/core.h>

#include "ranksent/eval/datasets.h"
#include "ranksent/eval/evaluate.h"
#include "ranksent/io/npy.h"
#include "ranksent/models.h"
#include "support/environment.h"

using namespace ranksent;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string save(const fs::path& dir, const std::string& name, const eval::Features& f) {
  write_npy(dir / name, f.data, f.rows, f.cols);
  return (dir / name).string();
}
std::string save_ints(const fs::path& dir, const std::string& name, const std::vector<int>& v, std::int64_t rows = 0) {
  std::vector<float> f(v.begin(), v.end());
  const std::int64_t r = rows ? rows : std::int64_t(v.size());
  write_npy(dir / name, f, r, std::int64_t(v.size()) / r);
  return (dir / name).string();
}
eval::Features pairs(const eval::EmbeddingCache& cache, const eval::TransferSplit& s) {
  auto u = cache.gather(s.a), v = cache.gather(s.b);
  eval::Features f;
  f.rows = u.rows;
  f.cols = 4 * u.cols;
  for (std::int64_t i = 0; i < u.rows; ++i)
    for (int block = 0; block < 4; ++block)
      for (std::int64_t k = 0; k < u.cols; ++k) {
        const float x = u.data[std::size_t(i * u.cols + k)], y = v.data[std::size_t(i * u.cols + k)];
        f.data.push_back(block == 0 ? x : block == 1 ? y : block == 2 ? std::fabs(x - y) : x * y);
      }
  return f;
}

}  // namespace

TEST(TransferParity, MatchesScikitLearn) {
  const bool full = std::getenv("RANKSENT_TRANSFER_FULL") != nullptr;
  const std::vector<std::string> tasks = full ? eval::transfer_task_names() : std::vector<std::string>{"CR", "TREC", "MRPC"};
  auto encoder = Encoder::load(default_encoder().path);
  eval::EmbeddingCache cache(encoder, {});
  eval::TransferConfig config;
  auto dir = test::scratch_dir("transfer");
  json spec{{"tol", config.solver.tol}, {"max_iter", config.solver.max_iter}};
  json ours;
  for (const auto& name : tasks) {
    auto t = eval::load_transfer_task(test::data_dir(), name);
    for (const auto* s : {&t.train, &t.dev, &t.test}) cache.add(s->a), cache.add(s->b);
    json job{{"name", name}, {"classes", t.classes}};
    eval::TransferScore score;
    if (t.protocol == eval::TransferProtocol::CrossValidation) {
      auto X = cache.gather(t.train.a);
      score = eval::run_inner_kfold(X, t.train.y, t.classes, config);
      std::vector<int> plan;
      for (auto& row : eval::inner_kfold_plan(t.train.y, config.k, config.seed)) plan.insert(plan.end(), row.begin(), row.end());
      job.update({{"protocol", "cv"}, {"grid", config.grid_inner}, {"train_x", save(dir, name + "_x.npy", X)},
                  {"train_y", save_ints(dir, name + "_y.npy", t.train.y)},
                  {"plan", save_ints(dir, name + "_plan.npy", plan, config.k)}});
    } else if (t.protocol == eval::TransferProtocol::TrainTest) {
      auto X = t.pairs ? pairs(cache, t.train) : cache.gather(t.train.a);
      auto Xt = t.pairs ? pairs(cache, t.test) : cache.gather(t.test.a);
      score = eval::run_kfold(X, t.train.y, Xt, t.test.y, t.classes, config, t.pairs);
      job.update({{"protocol", "kfold"}, {"grid", config.grid_kfold}, {"f1", t.pairs},
                  {"train_x", save(dir, name + "_x.npy", X)}, {"train_y", save_ints(dir, name + "_y.npy", t.train.y)},
                  {"test_x", save(dir, name + "_tx.npy", Xt)}, {"test_y", save_ints(dir, name + "_ty.npy", t.test.y)},
                  {"folds", save_ints(dir, name + "_folds.npy", eval::stratified_folds(t.train.y, config.k, config.seed))}});
    } else {
      auto X = cache.gather(t.train.a), Xd = cache.gather(t.dev.a), Xt = cache.gather(t.test.a);
      score = eval::run_split(X, t.train.y, Xd, t.dev.y, Xt, t.test.y, t.classes, config);
      job.update({{"protocol", "split"}, {"grid", config.grid_inner}, {"train_x", save(dir, name + "_x.npy", X)},
                  {"train_y", save_ints(dir, name + "_y.npy", t.train.y)}, {"dev_x", save(dir, name + "_dx.npy", Xd)},
                  {"dev_y", save_ints(dir, name + "_dy.npy", t.dev.y)}, {"test_x", save(dir, name + "_tx.npy", Xt)},
                  {"test_y", save_ints(dir, name + "_ty.npy", t.test.y)}});
    }
    ours[name] = {{"acc", score.acc}, {"devacc", score.devacc}, {"C", score.chosen_c}};
    if (score.f1) ours[name]["f1"] = *score.f1;
    spec["tasks"].push_back(job);
  }
  std::ofstream(dir / "spec.json") << spec.dump(1);
  auto r = test::run_python("transfer_reference.py", "'" + (dir / "spec.json").string() + "' '" + (dir / "ref.json").string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const json ref = json::parse(std::ifstream(dir / "ref.json"));
  for (const auto& name : tasks) {
    const double a = ours[name]["acc"].get<double>(), b = ref[name]["acc"].get<double>();
    fmt::print("{:<5} ours {:.2f} (C {})  scikit-learn {:.2f} (C {})  diff {:+.2f}\n", name, a, ours[name]["C"].dump(),
               b, ref[name]["C"].dump(), a - b);
    EXPECT_LT(std::fabs(a - b), 1.0) << name;
    if (ours[name].contains("f1")) EXPECT_LT(std::fabs(ours[name]["f1"].get<double>() - ref[name]["f1"].get<double>()), 1.0);
  }
}
