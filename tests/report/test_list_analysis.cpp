// List analysis on embeddings whose cosines are known by hand: sentences are
// unit vectors at chosen angles from the seed.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <set>

#include "ranksent/generate/lists_file.h"
#include "ranksent/report/list_analysis.h"
#include "support/environment.h"

using namespace ranksent;

namespace {
AnalyzeOptions four_positions() {
  AnalyzeOptions o;
  o.heatmap_positions = 4;
  return o;
}

constexpr double kDeg = 3.14159265358979323846 / 180.0;
std::vector<float> at_angles(const std::vector<double>& degrees) {
  std::vector<float> e;
  for (double d : degrees) e.push_back(float(std::cos(d * kDeg))), e.push_back(float(std::sin(d * kDeg)));
  return e;
}
}  // namespace

TEST(ListAnalysis, MonotoneListScoresOne) {
  auto s = score_list(at_angles({0, 10, 20, 30, 40}), 5, 2);
  EXPECT_NEAR(s.rho, 1.0, 1e-12);
  EXPECT_NEAR(s.tau, 1.0, 1e-12);
  EXPECT_EQ(s.inversions, 0.0);
  EXPECT_NEAR(s.cosine[4], std::cos(40 * kDeg), 1e-6);
}

TEST(ListAnalysis, OneSwapByHand) {
  // Distances to the seed rank 1, 3, 2, 4 along positions 2..5:
  // rho = 1 - 6 * 2 / (4 * 15) = 0.8; tau = (5 - 1) / 6; one adjacent
  // inversion (position 4 closer than 3) of three pairs.
  std::vector<std::vector<double>> pair;
  auto s = score_list(at_angles({0, 10, 30, 20, 40}), 5, 2, &pair);
  EXPECT_NEAR(s.rho, 0.8, 1e-12);
  EXPECT_NEAR(s.tau, 4.0 / 6.0, 1e-12);
  EXPECT_NEAR(s.inversions, 1.0 / 3.0, 1e-12);
  ASSERT_EQ(pair.size(), 5u);
  EXPECT_NEAR(pair[1][3], std::cos(10 * kDeg), 1e-6);
  EXPECT_EQ(pair[2][2], 1.0);
}

TEST(ListAnalysis, SpreadIsMeanAndSampleDeviation) {
  auto s = spread_of({1, 2, 3, 4, std::nan("")});
  EXPECT_EQ(s.n, 4u);
  EXPECT_DOUBLE_EQ(s.mean, 2.5);
  EXPECT_NEAR(s.std, std::sqrt(5.0 / 3.0), 1e-12);
}

TEST(ListAnalysis, FileCountsRulesAndAveragesKeptLists) {
  auto dir = test::scratch_dir("analysis");
  const auto path = dir / "lists.jsonl";
  {
    std::ofstream out(path);
    out << R"({"id":1,"seed":"s","sentences":["s","a10","a20","a30"],"strategy":"directional","steps":3,"rejected":null})"
        << "\n"
        << R"({"id":2,"seed":"s","sentences":["s","a10","a30","a20"],"strategy":"directional","steps":3,"rejected":null})"
        << "\n"
        << R"({"id":3,"seed":"s","sentences":["s","s"],"strategy":"directional","steps":3,"rejected":"duplicate: sentence 2 repeats sentence 1"})"
        << "\n";
  }
  // "aN" lies N degrees from the seed "s".
  EmbedFn embed = [](const std::vector<std::string>& sentences, std::size_t& dim) {
    dim = 2;
    std::vector<double> angles;
    for (const auto& s : sentences) angles.push_back(s == "s" ? 0.0 : std::stod(s.substr(1)));
    return at_angles(angles);
  };
  auto f = analyze_lists(path.string(), read_lists_file(path), embed, four_positions());
  EXPECT_EQ(f.lists, 3u);
  EXPECT_EQ(f.kept, 2u);
  EXPECT_EQ(f.rejected_by_rule.at("duplicate"), 1u);
  EXPECT_EQ(f.rho.n, 2u);
  EXPECT_NEAR(f.rho.mean, (1.0 + 0.5) / 2, 1e-12);  // the swapped list: 1 - 6 * 2 / (3 * 8) = 0.5
  ASSERT_EQ(f.mean_cosine.size(), 4u);
  EXPECT_NEAR(f.mean_cosine[2], (std::cos(20 * kDeg) + std::cos(30 * kDeg)) / 2, 1e-6);
  ASSERT_EQ(f.heatmap.size(), 4u);
  EXPECT_NEAR(f.heatmap[0][3], (std::cos(30 * kDeg) + std::cos(20 * kDeg)) / 2, 1e-6);
  EXPECT_DOUBLE_EQ(f.median_length_ratio, 1.0);
  const std::string table = analysis_table({f});
  EXPECT_NE(table.find("| 2 (66.7%) | 1 duplicate |"), std::string::npos) << table;
  const std::string cs = case_study({f}, "2");
  EXPECT_NE(cs.find("| 4 | a20 | 0.940 * |"), std::string::npos) << cs;

  // The same seeds only: a second file that kept list 2 and rejected list 1.
  const auto other = dir / "other.jsonl";
  std::ofstream(other) << R"({"id":1,"sentences":["s","s"],"rejected":"duplicate: sentence 2 repeats sentence 1"})"
                       << "\n"
                       << R"({"id":2,"sentences":["s","a10","a20","a30"]})" << "\n";
  const auto common = ids_kept_in_all({read_lists_file(path), read_lists_file(other)});
  EXPECT_EQ(common, (std::set<std::string>{"2"}));
  auto g = analyze_lists(path.string(), read_lists_file(path), embed,
                         AnalyzeOptions{.heatmap_positions = 4, .only_ids = common});
  EXPECT_EQ(g.kept, 2u);    // the file's counts stay whole
  EXPECT_EQ(g.scored, 1u);  // the scores cover list 2 only
  EXPECT_NEAR(g.rho.mean, 0.5, 1e-12);
}
