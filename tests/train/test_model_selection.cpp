// Model selection (docs/method.md section 3.5) on hand-made dev scores: the
// best trained checkpoint per metric, each rule's pick, selection.json.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "ranksent/io/json_file.h"
#include "support/environment.h"
#include "train/model_selection.h"

using namespace ranksent;

namespace {
using Metrics = std::vector<SelectMetric>;
constexpr auto kStsb = SelectMetric::Stsb;
constexpr auto kMean = SelectMetric::StsbSickr;

std::int64_t step_of(const ModelSelection& s, SelectMetric m, bool start_competes) {
  const auto p = s.pick(m, start_competes);
  return p ? p->step : -1;
}
}  // namespace

// Start: STS-B 80, SICK-R 70, mean 75. Then
//   step 25: 79, 72 -> mean 75.5   best trained of both metrics (the first evaluation)
//   step 50: 81, 68 -> mean 74.5   STS-B's best (81 > 79); the mean's stays at 25
//   step 75: 81, 71 -> mean 76.0   the mean's best; STS-B's 81 only ties step 50, which is kept
TEST(ModelSelection, BestTrainedAndEachRulesPickByHand) {
  ModelSelection s({80, 70});
  EXPECT_EQ(step_of(s, kStsb, true), 0);    // the start, before any evaluation
  EXPECT_EQ(step_of(s, kStsb, false), -1);  // nothing trained yet
  EXPECT_EQ(s.record(25, {79, 72}), (Metrics{kStsb, kMean}));
  // After step 25: STS-B 79 < 80, so the start wins when it competes; mean 75.5 > 75.
  EXPECT_EQ(step_of(s, kStsb, true), 0);
  EXPECT_DOUBLE_EQ(s.pick(kStsb, true)->dev, 80);
  EXPECT_EQ(step_of(s, kStsb, false), 25);
  EXPECT_EQ(step_of(s, kMean, true), 25);
  EXPECT_DOUBLE_EQ(s.pick(kMean, true)->dev, 75.5);
  EXPECT_EQ(s.record(50, {81, 68}), (Metrics{kStsb}));
  EXPECT_EQ(s.record(75, {81, 71}), (Metrics{kMean}));
  EXPECT_EQ(step_of(s, kStsb, true), 50);
  EXPECT_EQ(step_of(s, kStsb, false), 50);
  EXPECT_EQ(step_of(s, kMean, true), 75);
  EXPECT_EQ(step_of(s, kMean, false), 75);
  EXPECT_DOUBLE_EQ(s.pick(kMean, false)->dev, 76);
}

TEST(ModelSelection, TheStartWinsATieWhenItCompetes) {
  ModelSelection s({80, 70});
  s.record(25, {78, 72});  // mean 75 = the start's
  EXPECT_EQ(step_of(s, kMean, true), 0);
  EXPECT_EQ(step_of(s, kMean, false), 25);
}

TEST(ModelSelection, WithoutSickRTheMeanPicksNothing) {
  ModelSelection s({80, std::nullopt});
  EXPECT_EQ(s.record(25, {82, std::nullopt}), (Metrics{kStsb}));
  EXPECT_EQ(step_of(s, kStsb, false), 25);
  EXPECT_FALSE(s.pick(kMean, true));
  EXPECT_FALSE(s.pick(kMean, false));
}

TEST(ModelSelection, SelectionFileNamesEveryRulesCheckpoint) {
  const auto dir = test::scratch_dir("selection");
  ModelSelection s({80, 70});
  s.record(25, {79, 72});
  write_selection_file(dir / "out.train" / "selection.json", s, kMean, false, "/models/start", dir / "out");
  const auto j = read_json_file(dir / "out.train" / "selection.json");
  EXPECT_EQ(j["select"], "stsb-sickr");
  EXPECT_EQ(j["start_competes"], false);
  ASSERT_EQ(j["rules"].size(), 4u);
  for (const auto& r : j["rules"]) {
    const bool stsb = r["select"] == "stsb", competes = r["start_competes"];
    if (stsb && competes) {
      EXPECT_EQ(r["step"], 0);
      EXPECT_EQ(r["model"], "/models/start");
    } else if (stsb) {
      EXPECT_EQ(r["step"], 25);
      EXPECT_EQ(r["model"], (dir / "out.train" / "best-stsb").string());
    } else {
      EXPECT_EQ(r["step"], 25);
      EXPECT_EQ(r["model"], competes ? (dir / "out.train" / "best-stsb-sickr").string() : (dir / "out").string());
    }
    EXPECT_EQ(r["output"], !stsb && !competes);
  }
  // The state's part round-trips.
  const auto back = ModelSelection::from_json(j, "selection.json");
  EXPECT_EQ(step_of(back, kStsb, false), 25);
  EXPECT_DOUBLE_EQ(*back.start().sickr, 70);
}
