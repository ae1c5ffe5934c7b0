// The phase profile of `ranksent encode --profile`: off it records nothing,
// on it sums each phase's time and calls, and its table's shares and
// remainder are the hand-computed ones.
#include <gtest/gtest.h>

#include "ranksent/common/phase_profile.h"

namespace ranksent {
namespace {

TEST(PhaseProfile, OffRecordsNothing) {
  phase_profile::enable(false);
  phase_profile::reset();
  { ScopedPhase p("a"); }
  EXPECT_EQ(in_phase("b", [] { return 7; }), 7);
  EXPECT_TRUE(phase_profile::snapshot().empty());
}

TEST(PhaseProfile, SumsTimeAndCallsInFirstSeenOrder) {
  phase_profile::enable(true);
  phase_profile::reset();
  for (int i = 0; i < 3; ++i) {
    ScopedPhase p("outer");
    p.stop();
    p.stop();  // a second stop adds nothing
  }
  in_phase("inner", [] {});
  const auto phases = phase_profile::snapshot();
  phase_profile::enable(false);
  ASSERT_EQ(phases.size(), 2u);
  EXPECT_EQ(phases[0].name, "outer");
  EXPECT_EQ(phases[0].calls, 3u);
  EXPECT_EQ(phases[1].name, "inner");
  EXPECT_EQ(phases[1].calls, 1u);
  EXPECT_GE(phases[0].seconds, 0.0);
}

TEST(PhaseProfile, TableSharesAndRemainder) {
  phase_profile::reset();
  phase_profile::add("a", 1.0);
  phase_profile::add("a", 0.5);
  phase_profile::add("b", 2.0);
  const std::string md = phase_profile::markdown(4.0);
  EXPECT_NE(md.find("| a | 1.500 | 37.5% | 2 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| b | 2.000 | 50.0% | 1 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| (no phase) | 0.500 | 12.5% | - |"), std::string::npos) << md;
  EXPECT_NE(md.find("| total | 4.000 | 100% | - |"), std::string::npos) << md;
  phase_profile::reset();
}

}  // namespace
}  // namespace ranksent
