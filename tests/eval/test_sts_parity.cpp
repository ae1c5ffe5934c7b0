// Every STS number of the default model (STS12-16 pooled and per
// sub-dataset, STS-B, SICK-R, the average) against sentence-transformers +
// scipy (tests/reference/sts_reference.py) on the same data: within 0.01.
// Each sentence is encoded once, here and in the reference.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include <fmt/core.h>

#include "ranksent/eval/evaluate.h"
#include "ranksent/eval/sts_data.h"
#include "ranksent/models.h"
#include "support/environment.h"

using namespace ranksent;
using nlohmann::json;

TEST(StsParity, DefaultModelMatchesSentenceTransformers) {
  auto encoder = Encoder::load(default_encoder().path);
  eval::EvalOptions o;
  o.data = test::data_dir();
  o.tasks = eval::sts_task_names();
  const json ours = eval::evaluate(encoder, {}, o);
  ASSERT_TRUE(ours["errors"].empty()) << ours["errors"].dump();
  ASSERT_TRUE(ours["missing"].empty()) << ours["missing"].dump();

  auto dir = test::scratch_dir("sts");
  auto r =
      test::run_python("sts_reference.py", "--model '" + default_encoder().path.string() + "' --data '" +
                                               o.data.string() + "' --output '" + (dir / "ref.json").string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const json ref = json::parse(std::ifstream(dir / "ref.json"));

  double worst = 0;
  for (const auto& task : eval::sts_task_names()) {
    const auto& a = ours["sts"][task];
    const auto& b = ref[task];
    ASSERT_EQ(a["n"], b["n"]) << task;
    const double d = std::fabs(a["spearman"].get<double>() - b["spearman"].get<double>());
    worst = std::max(worst, d);
    fmt::print("{:<16} ours {:.4f}  reference {:.4f}  |diff| {:.2e}\n", task, a["spearman"].get<double>(),
               b["spearman"].get<double>(), d);
    EXPECT_LT(d, 0.01) << task;
    EXPECT_LT(std::fabs(a["pearson"].get<double>() - b["pearson"].get<double>()), 0.01) << task;
    if (a.contains("subsets"))
      for (auto& [name, s] : a["subsets"].items()) {
        EXPECT_EQ(s["n"], b["subsets"][name]["n"]) << task << " " << name;
        EXPECT_LT(std::fabs(s["spearman"].get<double>() - b["subsets"][name]["spearman"].get<double>()), 0.01)
            << task << " " << name;
      }
  }
  const double davg = std::fabs(ours["sts"]["avg"].get<double>() - ref["avg"].get<double>());
  fmt::print("{:<16} ours {:.4f}  reference {:.4f}  |diff| {:.2e}   (largest set diff {:.2e})\n", "Avg.",
             ours["sts"]["avg"].get<double>(), ref["avg"].get<double>(), davg, worst);
  EXPECT_LT(davg, 0.01);
}
