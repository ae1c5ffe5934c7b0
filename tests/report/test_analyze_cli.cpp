// `ranksent analyze` end to end with the default encoder: the table, the
// JSON, the heatmap as a PNG and an SVG, the case study.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "support/environment.h"

using namespace ranksent;

TEST(AnalyzeCli, WritesTableJsonHeatmapsAndCaseStudy) {
  auto dir = test::scratch_dir("analyze");
  {
    std::ofstream out(dir / "lists.jsonl");
    const char* lists[][5] = {
        {"A man is playing a guitar on stage.", "A man plays a guitar on a stage.", "A musician performs on stage.",
         "A person is at a concert.", "The weather is cold today."},
        {"Two dogs run through the snow.", "Two dogs are running in the snow.", "Dogs play outside in winter.",
         "Animals are outdoors.", "A chef cooks pasta in a kitchen."}};
    int id = 1;
    for (const auto& l : lists) {
      nlohmann::json j = {{"id", id++},
                          {"seed", l[0]},
                          {"sentences", std::vector<std::string>(l, l + 5)},
                          {"strategy", "directional"},
                          {"steps", 4},
                          {"rejected", nullptr}};
      out << j.dump() << "\n";
    }
  }
  auto r =
      test::run_command("'" + test::cli_path().string() + "' analyze '" + (dir / "lists.jsonl").string() +
                        "' --output '" + (dir / "out").string() + "' --heatmap-positions 5 --case-study 1 --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("| lists.jsonl | directional |"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("| 5 | The weather is cold today. |"), std::string::npos) << r.output;
  auto j = nlohmann::json::parse(test::slurp(dir / "out" / "analysis.json"));
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["kept"], 2);
  // These hand-written lists drift steadily: rho well above 0.
  EXPECT_GT(j[0]["rho"]["mean"].get<double>(), 0.5);
  EXPECT_EQ(j[0]["heatmap"].size(), 5u);
  const std::string png = test::slurp(dir / "out" / "heatmap-lists.png");
  ASSERT_GT(png.size(), 8u);
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_NE(test::slurp(dir / "out" / "heatmap-lists.svg").find("<svg"), std::string::npos);
  EXPECT_NE(test::slurp(dir / "out" / "analysis.md").find("![lists](heatmap-lists.png)"), std::string::npos);
}

TEST(AnalyzeCli, BadListsFileNamesTheLine) {
  auto dir = test::scratch_dir("analyze-bad");
  std::ofstream(dir / "l.jsonl") << R"({"id":1,"seed":"x","sentences":["x"],"strategy":"d","steps":1})" << "\n{oops\n";
  auto r =
      test::run_command("'" + test::cli_path().string() + "' analyze '" + (dir / "l.jsonl").string() + "' --quiet");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("l.jsonl:2"), std::string::npos) << r.output;
}
