// The pieces of `ranksent report`: the Markdown-to-HTML page with inlined
// images, base64 (RFC 4648's test vectors), round chart ticks, the line
// chart's files, the per-arm tables (means, sample std, deltas by hand), and
// the intervals of the [[compare]] differences.
#include <cmath>
#include <fstream>

#include <cairo.h>
#include <fmt/core.h>
#include <gtest/gtest.h>

#include "ranksent/error.h"
#include "ranksent/eval/paired_bootstrap.h"
#include "ranksent/eval/report_tables.h"
#include "ranksent/io/atomic_file.h"
#include "ranksent/io/whole_file.h"
#include "ranksent/report/line_chart.h"
#include "ranksent/report/markdown_html.h"
#include "ranksent/report/study_report.h"
#include "ranksent/study/study.h"
#include "support/environment.h"

namespace ranksent {
namespace {

TEST(StudyReport, Base64MatchesRfc4648) {
  // RFC 4648 section 10.
  const std::pair<const char*, const char*> vectors[] = {{"", ""},
                                                         {"f", "Zg=="},
                                                         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},
                                                         {"foob", "Zm9vYg=="},
                                                         {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"}};
  for (const auto& [in, out] : vectors) EXPECT_EQ(base64(in), out) << in;
  EXPECT_EQ(base64(std::string("\xff\x00\x10", 3)), "/wAQ");
}

TEST(StudyReport, TicksAreRoundAndCoverTheRange) {
  EXPECT_EQ(nice_ticks(0, 10), (std::vector<double>{0, 2, 4, 6, 8, 10}));
  const auto fine = nice_ticks(86.70, 86.77);
  ASSERT_EQ(fine.size(), 4u);  // 0.07 / 5 = 0.014 rounds up to a step of 0.02
  for (std::size_t i = 0; i < fine.size(); ++i) EXPECT_NEAR(fine[i], 86.70 + 0.02 * double(i), 1e-9);
  const auto t = nice_ticks(-3.2, 47);
  EXPECT_EQ(t.front(), 0);
  EXPECT_EQ(t.back(), 40);
  EXPECT_EQ(t[1] - t[0], 20);  // 50.2 / 5 = 10.04 rounds up to 20
  // Training steps 1..3 (x axis padded to 0..4 for a single point): whole ticks only.
  EXPECT_EQ(nice_ticks(1, 3), (std::vector<double>{1, 1.5, 2, 2.5, 3}));
  EXPECT_EQ(nice_ticks(1, 3, 5, 1.0), (std::vector<double>{1, 2, 3}));
}

TEST(StudyReport, MarkdownBecomesOnePageWithItsImagesInlined) {
  const auto dir = test::scratch_dir("report-html");
  draw_line_chart({{"a", {0, 1, 2}, {1, 3, 2}, "arm"}, {"b", {0, 2}, {2, 2}, "arm"}}, "curves", "step", "value",
                  dir / "c.png", dir / "c.svg");
  // The PNG decodes to the chart's size; the SVG is an SVG document.
  cairo_surface_t* png = cairo_image_surface_create_from_png((dir / "c.png").c_str());
  ASSERT_EQ(cairo_surface_status(png), CAIRO_STATUS_SUCCESS);
  EXPECT_EQ(cairo_image_surface_get_width(png), 560);
  EXPECT_EQ(cairo_image_surface_get_height(png), 340 + 2 * 16);
  cairo_surface_destroy(png);
  EXPECT_NE(test::slurp(dir / "c.svg").find("<svg"), std::string::npos);
  EXPECT_THROW(draw_line_chart({{"empty", {}, {}, ""}}, "t", "x", "y", dir / "e.png", dir / "e.svg"),
               std::invalid_argument);

  const std::string md =
      "# Title & more\n\nSome **bold** and `code <x>`.\n\n| a | b |\n| --- | ---: |\n| 1 \\| 2 | 3 |\n| 4 | 5 |\n\n"
      "- one\n- two\n\n![chart](c.png)\n\n```\nraw <tag>\n```\n";
  const std::string html = markdown_to_html(md, "T", dir);
  EXPECT_NE(html.find("<h1>Title &amp; more</h1>"), std::string::npos);
  EXPECT_NE(html.find("<p>Some <strong>bold</strong> and <code>code &lt;x&gt;</code>.</p>"), std::string::npos);
  EXPECT_NE(html.find("<thead><tr><th>a</th><th>b</th></tr></thead>"), std::string::npos);
  EXPECT_NE(html.find("<tr><td>1 | 2</td><td>3</td></tr>"), std::string::npos);
  EXPECT_NE(html.find("<tr><td>4</td><td>5</td></tr>"), std::string::npos);
  EXPECT_NE(html.find("<ul>\n<li>one</li>\n<li>two</li>\n</ul>"), std::string::npos);
  EXPECT_NE(html.find("<pre>raw &lt;tag&gt;\n</pre>"), std::string::npos);
  const std::string png_data = "src=\"data:image/png;base64," + base64(test::slurp(dir / "c.png")) + "\"";
  EXPECT_NE(html.find(png_data), std::string::npos);
  EXPECT_EQ(html.find("c.png"), std::string::npos);  // nothing points outside the page
  // An image that is not there is an error naming it, not a broken page.
  try {
    markdown_to_html("![x](absent.png)\n", "T", dir);
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("absent.png"), std::string::npos);
  }
}

nlohmann::json sts(double stsb, double sick) {
  return {{"label", "x"},
          {"sts",
           {{"STSBenchmark", {{"spearman", stsb}}},
            {"SICKRelatedness", {{"spearman", sick}}},
            {"avg", (stsb + sick) / 2}}}};
}

TEST(StudyReport, ArmTablesShowMeanStdAndDelta) {
  nlohmann::json base = sts(80, 70);
  base["label"] = "before";
  const std::vector<eval::Arm> arms = {{"directional", {sts(81, 71), sts(83, 70)}}, {"shuffled", {sts(79, 70)}}};
  const std::string t = eval::markdown_arms_table("sts", base, arms);
  // Mean 82, sample std sqrt(((81-82)^2 + (83-82)^2) / 1) = 1.41; SICK mean 70.5, std 0.71;
  // Avg. 76 and 76.5: mean 76.25, std sqrt(2 x 0.25^2) = 0.35.
  EXPECT_NE(t.find("| before | 80.00 | 70.00 | 75.00 |"), std::string::npos) << t;
  EXPECT_NE(t.find("| directional (2 runs) | 82.00 ± 1.41 | 70.50 ± 0.71 | 76.25 ± 0.35 |"), std::string::npos) << t;
  EXPECT_NE(t.find("| Δ | +2.00 | +0.50 | +1.25 |"), std::string::npos) << t;
  EXPECT_NE(t.find("| shuffled (1 run) | 79.00 | 70.00 | 74.50 |"), std::string::npos) << t;
  EXPECT_NE(t.find("| Δ | -1.00 | +0.00 | -0.50 |"), std::string::npos) << t;
  EXPECT_EQ(eval::markdown_arms_table("transfer", base, arms), "");

  // Table 4 over seeds uses the same statistics: mean row, std row, Δ row.
  const std::string seeds = eval::markdown_compare_seeds(base, arms[0].runs);
  EXPECT_NE(seeds.find("| 82.00 | 70.50 | 76.25 |"), std::string::npos) << seeds;
  EXPECT_NE(seeds.find("| std over runs | 1.41 | 0.71 | 0.35 |"), std::string::npos) << seeds;
  EXPECT_NE(seeds.find("| Δ (mean) | +2.00 | +0.50 | +1.25 |"), std::string::npos) << seeds;
}

TEST(StudyReport, MeanStdIsTheSampleStatistic) {
  // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sum of squares 32, sample std sqrt(32 / 7).
  const auto ms = eval::mean_std({2, 4, 4, 4, 5, 5, 7, 9});
  EXPECT_DOUBLE_EQ(ms.mean, 5.0);
  EXPECT_DOUBLE_EQ(ms.std, std::sqrt(32.0 / 7.0));
  EXPECT_EQ(eval::mean_std({3.25}).std, 0.0);
  EXPECT_EQ(eval::mean_std_cell({3.25}), "3.25");
  EXPECT_EQ(eval::mean_std_cell({1, 2}), "1.50 ± 0.71");
  EXPECT_TRUE(std::isnan(eval::mean_std({}).mean));
}

// A study folder planned from `arms` (its [[train]], [[compare]] and
// [evaluate] tables), with every stage of `evals` done and its eval.json.
std::filesystem::path planned_study(const std::string& name, const std::string& arms,
                                    const std::vector<std::pair<std::string, nlohmann::json>>& evals) {
  const auto dir = test::scratch_dir(name);
  std::filesystem::create_directories(dir / "data");
  std::ofstream(dir / "data" / "premises.txt") << "A dog runs.\n";
  std::ofstream(dir / "study.toml") << "name = \"c\"\ndata = \"data\"\nthreads = 1\n\n"
                                       "[seeds]\ninput = [\"premises.txt\"]\nclusters = 1\nper_cluster = 1\n\n"
                                       "[snli_labels]\ncount = 4\nlength = 5\n\n"
                                    << arms;
  const StudyPlan plan = plan_study(dir / "study.toml");
  const auto study = dir / "out";
  std::filesystem::create_directories(study);
  write_file_atomic(study / "study.json", plan.spec.dump());
  for (const auto& [id, results] : evals) {
    std::filesystem::create_directories(study / id);
    write_file_atomic(study / id / "eval.json", results.dump());
    write_file_atomic(study / id / "stage.json", nlohmann::json{{"status", "done"}}.dump());
  }
  return dir;
}

// [evaluate] checkpoints: the report sets each arm's saved checkpoint beside
// the others, per seed and mean ± std (sample), from the stages' eval.json.
TEST(StudyReport, CheckpointRulesTableSetsTheCheckpointsSideBySide) {
  std::vector<std::pair<std::string, nlohmann::json>> evals;
  for (const auto& [id, avg] : std::vector<std::pair<std::string, double>>{
           {"eval-a-seed1", 79.0}, {"eval-a-seed2", 80.0}, {"eval-a-seed1-last", 78.0}, {"eval-a-seed2-last", 78.5}})
    evals.emplace_back(id, nlohmann::json{{"sts", {{"avg", avg}}}});
  const auto dir = planned_study("report-checkpoints",
                                 "[[train]]\nname = \"a\"\nlists = \"snli-labels\"\nseeds = [1, 2]\n\n"
                                 "[evaluate]\ncheckpoints = [\"last\"]\n",
                                 evals);
  const StudyReport r = write_study_report(dir / "out", dir / "report", {"test", "test"});
  const std::string md = read_whole_file(r.markdown);
  EXPECT_NE(md.find("| arm | model | last |"), std::string::npos) << md;
  // mean 79.50, sample std sqrt(0.5) = 0.71; mean 78.25, std sqrt(0.125) = 0.35.
  EXPECT_NE(md.find("| a | 79.00, 80.00: 79.50 ± 0.71 | 78.00, 78.50: 78.25 ± 0.35 |"), std::string::npos) << md;
}

// One STS task's results with its pairs: gold 0..29 and cosines off it by a
// pattern that `shift` changes (another run).
nlohmann::json sts_with_pairs(int shift) {
  std::vector<double> gold, cos;
  for (int i = 0; i < 30; ++i) gold.push_back(i), cos.push_back(i + (i * 7 + shift) % (5 + shift));
  return {{"sts", {{"STS12", {{"spearman", 0.8}, {"pairs", {{"gold", gold}, {"cos", cos}}}}}, {"avg", 80.0}}}};
}

// [[compare]]: with two seeds the report gives the mean over seeds three
// intervals, each saying what it resamples; with one seed only the test
// pairs', and why.
TEST(StudyReport, IntervalsOverSeedsWithTwoSeedsAndWhyNotWithOne) {
  for (const std::string seeds : {"[1, 2]", "[1]"}) {
    SCOPED_TRACE("seeds = " + seeds);
    std::vector<std::pair<std::string, nlohmann::json>> evals;
    for (int s : {1, 2}) {
      evals.emplace_back(fmt::format("eval-a-seed{}", s), sts_with_pairs(s));
      evals.emplace_back(fmt::format("eval-b-seed{}", s), sts_with_pairs(s + 4));
    }
    const std::string arm = "lists = \"snli-labels\"\nseeds = " + seeds + "\n\n";
    const auto dir = planned_study("report-compare",
                                   "[[train]]\nname = \"a\"\n" + arm + "[[train]]\nname = \"b\"\n" + arm +
                                       "[[compare]]\na = \"a\"\nb = \"b\"\nreplicates = 200\n",
                                   evals);
    const std::string md = read_whole_file(write_study_report(dir / "out", dir / "report", {"test", "test"}).markdown);
    EXPECT_NE(md.find("### a minus b"), std::string::npos) << md;
    EXPECT_NE(md.find("| seed 1 | test pairs only (this trained model) |"), std::string::npos) << md;
    const bool two = seeds == "[1, 2]";
    for (const char* label : {eval::kPairsOnly, eval::kOverSeedsAndPairs, eval::kTOverSeeds})
      EXPECT_EQ(md.find(std::string("| mean over seeds | ") + label + " |") != std::string::npos, two) << md;
    EXPECT_EQ(md.find("need two seeds or more") != std::string::npos, !two) << md;
  }
}

}  // namespace
}  // namespace ranksent
