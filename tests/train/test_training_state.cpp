// The trainer's resumable pieces alone, without a model or the CLI: the list
// schedule, state.json, log.csv truncation on resume, the checkpoint swap and
// links.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "ranksent/error.h"
#include "support/environment.h"
#include "train/list_schedule.h"
#include "train/training_state.h"

using namespace ranksent;

TEST(ListSchedule, EachEpochUsesTheSubsetOnceAndResumesIdentically) {
  const ListSchedule a(10, 0.5, 42), b(10, 0.5, 42), c(10, 0.5, 7);
  ASSERT_EQ(a.size(), 5u);
  std::multiset<std::size_t> epoch0, epoch1;
  for (int s = 0; s < 5; ++s) epoch0.insert(a.at(s)), epoch1.insert(a.at(5 + s));
  EXPECT_EQ(epoch0, epoch1);  // the same subset, reshuffled
  EXPECT_EQ(std::set<std::size_t>(epoch0.begin(), epoch0.end()).size(), 5u);
  bool order_differs = false, seed_differs = false;
  for (int s = 0; s < 5; ++s) {
    EXPECT_EQ(a.at(s), b.at(s));  // a pure function of (seed, step)
    order_differs |= a.at(s) != a.at(5 + s);
    seed_differs |= a.at(s) != c.at(s);
  }
  EXPECT_TRUE(order_differs);
  EXPECT_TRUE(seed_differs);
  EXPECT_EQ(ListSchedule(3, 0.01, 1).size(), 1u);  // at least one list
  EXPECT_THROW(ListSchedule(3, 0.0, 1), UsageError);
  EXPECT_THROW(ListSchedule(3, 1.5, 1), UsageError);
}

// --fraction (Fig. 3b): a share is the first round(F x n) lists of one
// permutation drawn from the training seed, so for one seed 5% lies inside
// 10% inside 25% ...: a larger share adds lists and drops none, and a point
// of the amount sweep differs from the next by the lists it adds.
TEST(ListSchedule, SharesOfOneSeedAreNestedDeterministicAndRounded) {
  auto used = [](double fraction, std::uint64_t seed) {
    const ListSchedule s(514, fraction, seed);
    std::set<std::size_t> lists;
    for (std::int64_t step = 0; step < std::int64_t(s.size()); ++step) lists.insert(s.at(step));
    EXPECT_EQ(lists.size(), s.size());  // an epoch uses each list of the share once
    return lists;
  };
  // round(F x 514): 25.7, 51.4, 128.5 (half away from zero), 257, 514.
  const std::vector<std::pair<double, std::size_t>> shares = {
      {0.05, 26}, {0.1, 51}, {0.25, 129}, {0.5, 257}, {1.0, 514}};
  for (const std::uint64_t seed : {42u, 1u}) {
    std::set<std::size_t> smaller;
    for (const auto& [fraction, count] : shares) {
      const auto lists = used(fraction, seed);
      EXPECT_EQ(lists.size(), count) << fraction;
      EXPECT_TRUE(std::includes(lists.begin(), lists.end(), smaller.begin(), smaller.end())) << fraction;
      EXPECT_EQ(lists, used(fraction, seed)) << fraction;  // the same share every time
      smaller = lists;
    }
  }
  EXPECT_NE(used(0.05, 42), used(0.05, 1));  // each seed draws its own lists
  for (const double bad : {0.0, -0.1, 1.5, std::nan("")}) {
    try {
      ListSchedule(514, bad, 42);
      ADD_FAILURE() << bad << ": no error";
    } catch (const OptionError& e) {  // the CLI says "--fraction must be in (0, 1]"
      EXPECT_EQ(std::string(e.what()), "fraction: must be in (0, 1]") << bad;
      EXPECT_EQ(e.field(), "fraction");
    }
  }
}

TEST(TrainingState, RoundTripAndClearErrors) {
  const auto dir = test::scratch_dir("state");
  TrainingState s;
  s.step = 50, s.lists = "l.jsonl", s.seed = 3;
  s.selection = ModelSelection({86.7, 80.1});
  s.selection.record(25, {87.1, 79.0});
  s.save(dir / "state.json");
  const auto back = TrainingState::load(dir / "state.json");
  EXPECT_EQ(back.step, 50);
  EXPECT_EQ(back.selection.pick(SelectMetric::Stsb, true)->step, 25);
  EXPECT_DOUBLE_EQ(back.selection.pick(SelectMetric::Stsb, true)->dev, 87.1);
  EXPECT_EQ(back.selection.pick(SelectMetric::StsbSickr, true)->step, 0);
  EXPECT_DOUBLE_EQ(*back.selection.start().sickr, 80.1);
  EXPECT_EQ(back.lists, "l.jsonl");
  EXPECT_EQ(back.seed, 3u);
  std::ofstream(dir / "bad.json") << R"({"step": "fifty", "selection": {"start": {"stsb": 1}, "best_trained": {}},
                                         "lists": "", "seed": 1})";
  try {
    TrainingState::load(dir / "bad.json");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "step");
    EXPECT_NE(e.file().find("bad.json"), std::string::npos);
  }
  std::ofstream(dir / "torn.json") << R"({"step": 5, "initial)";
  EXPECT_THROW(TrainingState::load(dir / "torn.json"), InputError);
}

TEST(TrainingLog, ResumeCutsTheRowsAfterTheCheckpoint) {
  const auto dir = test::scratch_dir("log");
  TrainingLog log(dir / "log.csv");
  log.start(3e-5, {86.5, 80.25});
  for (int s = 1; s <= 4; ++s) {
    log.add_step(s, 1.0 / s, 3e-5);
    if (s % 2 == 0)
      log.add_dev({86.0 + s, s == 2 ? std::optional(81.0) : std::nullopt});
    else
      log.end_row();
  }
  log.flush();
  const std::string head = "step,loss,lr,dev_spearman,dev_sickr_spearman\n0,,3e-05,86.5000,80.2500\n";
  EXPECT_EQ(test::slurp(dir / "log.csv"), head +
                                              "1,1.000000,3e-05,,\n2,0.500000,3e-05,88.0000,81.0000\n"
                                              "3,0.333333,3e-05,,\n4,0.250000,3e-05,90.0000,\n");
  log.truncate_after(2);
  EXPECT_EQ(test::slurp(dir / "log.csv"), head + "1,1.000000,3e-05,,\n2,0.500000,3e-05,88.0000,81.0000\n");
  std::ofstream(dir / "log.csv", std::ios::app) << "x,1,2,\n";
  EXPECT_THROW(log.truncate_after(2), InputError);
}

TEST(TrainingState, SwapReplacesTheWholeDirectory) {
  const auto dir = test::scratch_dir("swap");
  const auto last = dir / "last";
  swap_in_directory(last, [](const std::filesystem::path& d) { std::ofstream(d / "a") << "1"; });
  EXPECT_EQ(test::slurp(last / "a"), "1");
  swap_in_directory(last, [](const std::filesystem::path& d) { std::ofstream(d / "b") << "2"; });
  EXPECT_FALSE(std::filesystem::exists(last / "a"));  // nothing of the old one is mixed in
  EXPECT_EQ(test::slurp(last / "b"), "2");
  // A failure while writing leaves the previous directory as it was.
  EXPECT_THROW(swap_in_directory(last, [](const std::filesystem::path&) { throw std::runtime_error("disk full"); }),
               std::runtime_error);
  EXPECT_EQ(test::slurp(last / "b"), "2");
}

TEST(TrainingState, LinkedDirectoryIsAnIndependentCopy) {
  const auto dir = test::scratch_dir("link");
  std::filesystem::create_directories(dir / "a" / "sub");
  std::ofstream(dir / "a" / "x") << "1";
  std::ofstream(dir / "a" / "sub" / "y") << "2";
  link_directory(dir / "a", dir / "b");
  EXPECT_EQ(test::slurp(dir / "b" / "x"), "1");
  EXPECT_EQ(test::slurp(dir / "b" / "sub" / "y"), "2");
  // Replacing the source (as a later checkpoint does) leaves the copy as it was.
  swap_in_directory(dir / "a", [](const std::filesystem::path& d) { std::ofstream(d / "x") << "3"; });
  EXPECT_EQ(test::slurp(dir / "a" / "x"), "3");
  EXPECT_EQ(test::slurp(dir / "b" / "x"), "1");
}
