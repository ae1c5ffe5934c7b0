// `ranksent eval` through the program on a small data folder cut from the
// real data: tables, JSON, missing tasks reported, a malformed file named
// with its line while the other tasks' results are still written, the
// dtype the default --dtype auto took, --compare, and --bootstrap's
// intervals (over the test pairs; over training seeds from two seeds on).
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "ranksent/common/cpu_features.h"
#include "ranksent/encode/encoder.h"
#include "ranksent/eval/sts_data.h"
#include "support/environment.h"

using namespace ranksent;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

test::CommandResult cli(const std::string& args) {
  return test::run_command("'" + test::cli_path().string() + "' " + args);
}

// The first `n` lines of a real file, written under `to`.
void head(const fs::path& from, const fs::path& to, std::size_t n) {
  fs::create_directories(to.parent_path());
  std::ofstream out(to, std::ios::binary);
  auto lines = eval::read_lines(from);
  for (std::size_t i = 0; i < std::min(n, lines.size()); ++i) out << lines[i] << "\n";
}

fs::path small_data() {
  auto dir = test::scratch_dir("data");
  const auto real = test::data_dir();
  for (const auto& name : eval::sts_year_subsets("STS13")) {
    head(real / "STS13" / ("STS.input." + name + ".txt"), dir / "STS13" / ("STS.input." + name + ".txt"), 40);
    head(real / "STS13" / ("STS.gs." + name + ".txt"), dir / "STS13" / ("STS.gs." + name + ".txt"), 40);
  }
  head(real / "STSBenchmark" / "sts-test.csv", dir / "STSBenchmark" / "sts-test.csv", 60);
  head(real / "SICK" / "SICK_test_annotated.txt", dir / "SICK" / "SICK_test_annotated.txt", 30);
  return dir;
}

}  // namespace

TEST(EvalCli, PartialResultsAndClearErrors) {
  auto data = small_data();
  // A non-numeric score on line 7 of SICK: SICK-R fails, the rest is written.
  auto lines = eval::read_lines(data / "SICK" / "SICK_test_annotated.txt");
  {
    std::ofstream out(data / "SICK" / "SICK_test_annotated.txt", std::ios::binary);
    for (std::size_t i = 0; i < lines.size(); ++i) {
      std::string l = lines[i];
      if (i == 6) l.replace(l.find('\t', l.find('\t', l.find('\t') + 1) + 1) + 1, 3, "n/a");
      out << l << "\n";
    }
  }
  auto out = test::scratch_dir("out");
  auto r = cli("eval --quiet --data '" + data.string() + "' --tasks sts --output '" + (out / "a.json").string() + "'");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("SICK_test_annotated.txt:7"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("not a number"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("| STS13 |"), std::string::npos) << r.output;  // the Table 1 header
  auto res = json::parse(std::ifstream(out / "a.json"));
  EXPECT_EQ(res["sts"]["STS13"]["n"], 120);
  EXPECT_EQ(res["sts"]["STSBenchmark"]["n"], 60);
  EXPECT_TRUE(res["missing"].contains("STS12"));
  EXPECT_TRUE(res["errors"].contains("SICKRelatedness"));
  EXPECT_FALSE(res["sts"].contains("SICKRelatedness"));
  EXPECT_EQ(res["sts"]["avg_of"].size(), 2u);
  // --dtype auto is the default, and the file says what it resolved to here.
  EXPECT_EQ(res["dtype"], resolve_dtype("auto", "cpu"));
  EXPECT_EQ(res["dtype"], cpu_has_bfloat16() ? "bfloat16" : "float32");
  EXPECT_EQ(res["device"], "cpu");

  // A gold/input line-count mismatch.
  head(test::data_dir() / "STS13" / "STS.gs.OnWN.txt", data / "STS13" / "STS.gs.OnWN.txt", 41);
  r = cli("eval --quiet --data '" + data.string() + "' --tasks STS13,STSBenchmark --output '" +
          (out / "b.json").string() + "'");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("STS.gs.OnWN.txt"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("41 gold lines but 40 lines"), std::string::npos) << r.output;
  auto b = json::parse(std::ifstream(out / "b.json"));
  EXPECT_TRUE(b["sts"].contains("STSBenchmark"));

  // --compare: rows a, b and a delta row.
  r = cli("eval --compare '" + (out / "a.json").string() + "' '" + (out / "b.json").string() + "'");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("| Δ |"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("+0.00"), std::string::npos) << r.output;  // STS-B is the same in both
  EXPECT_EQ(r.output.find("different dtypes"), std::string::npos) << r.output;

  // Results of another dtype are compared all the same, with a warning naming each file's dtype.
  b["dtype"] = b["dtype"] == "float32" ? "bfloat16" : "float32";
  std::ofstream(out / "c.json") << b.dump();
  r = cli("eval --compare '" + (out / "a.json").string() + "' '" + (out / "c.json").string() + "'");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("encoded in different dtypes"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("c.json: " + b["dtype"].get<std::string>()), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("| Δ |"), std::string::npos) << r.output;
}

TEST(EvalCli, MissingDataAndUnknownTask) {
  auto r = cli("eval --quiet --data /nonexistent/data --tasks sts");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("/nonexistent/data"), std::string::npos) << r.output;
  auto empty = test::scratch_dir("empty");
  // An earlier results file is left as it was when no task succeeds.
  std::ofstream(empty / "prev.json") << "{\"sts\": {}}\n";
  r = cli("eval --quiet --data '" + empty.string() + "' --tasks sts --output '" + (empty / "prev.json").string() + "'");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("none of the requested tasks"), std::string::npos) << r.output;
  std::ifstream prev(empty / "prev.json");
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(prev), {}), "{\"sts\": {}}\n");
  r = cli("eval --quiet --data '" + empty.string() + "' --tasks sts,bogus");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("bogus"), std::string::npos) << r.output;
}

TEST(EvalCli, SnliRerankSetThroughTheProgram) {
  auto out = test::scratch_dir("rerank");
  auto r = cli("rerank-data snli --snli '" + (test::data_dir() / "SNLI").string() + "' --max-queries 40 --output '" +
               (out / "SNLIRerank.jsonl").string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = cli("eval --quiet --data '" + test::data_dir().string() + "' --rerank-data '" + out.string() +
          "' --tasks SNLIRerank --output '" + (out / "r.json").string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("MAP x 100"), std::string::npos) << r.output;
  auto res = json::parse(std::ifstream(out / "r.json"));
  EXPECT_EQ(res["rerank"]["SNLIRerank"]["queries"], 40);
}

// --bootstrap on results files carrying their pairs (as `ranksent eval`
// writes them): every row says what it resamples; the intervals over
// training seeds from two seeds on, and a line saying why not with one.
TEST(EvalCli, BootstrapSaysWhatEachIntervalResamples) {
  const auto dir = test::scratch_dir("bootstrap");
  auto results = [&](const std::string& name, int shift) {
    std::vector<double> gold, cos;
    for (int i = 0; i < 40; ++i) gold.push_back(i % 9), cos.push_back(i % 9 + (i * 3 + shift) % (4 + shift));
    std::ofstream(dir / name) << json{{"sts", {{"STS13", {{"pairs", {{"gold", gold}, {"cos", cos}}}}}}}}.dump();
    return "'" + (dir / name).string() + "'";
  };
  const std::string a1 = results("a1.json", 1), a2 = results("a2.json", 2), b1 = results("b1.json", 5),
                    b2 = results("b2.json", 6);
  auto r = cli("eval --bootstrap " + a1 + " " + a2 + " --against " + b1 + " " + b2 + " --replicates 300");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("test pairs only (this trained model)"), std::string::npos) << r.output;
  for (const char* label :
       {"test pairs only (these trained models)", "over training seeds and test pairs", "t over seeds (n-1 df)"})
    EXPECT_NE(r.output.find(std::string("| mean over seeds | ") + label + " |"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("Student t with 1 df"), std::string::npos) << r.output;

  r = cli("eval --bootstrap " + a1 + " --against " + b1 + " --replicates 300");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.find("| mean over seeds |"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("need two seeds or more"), std::string::npos) << r.output;

  r = cli("eval --bootstrap " + a1 + " " + a2 + " --against " + b1);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("as many results files each"), std::string::npos) << r.output;
}
