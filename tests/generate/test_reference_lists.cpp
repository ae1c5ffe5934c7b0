// The engine writes the committed reference lists token for token: every
// LLM strategy on the default model (SmolLM2-135M, Q4_1), the first 4
// distinct SNLI dev premises, 4 steps, 2 lists in flight, with the default
// fixed-point escape (resample-avoid, which re-decodes), with avoid at
// lambda = 1 and with the paper's decoder. Each run's lists must equal
// tests/data/reference-lists/<family>/<run>.jsonl line for line (sentences, order,
// rejection, re-decodes), and its engine counts (tokens chosen, prompt and
// evaluated tokens, decode calls, re-decodes by rule) <run>.counts.json.
//
// The references are kept per CPU family, tests/data/reference-lists/<family>/
// (family from /proc/cpuinfo's "model name": amd-epyc, intel-xeon): with
// --parallel 2 the lists depend on the CPU's rounding (docs/cpus.md, "Same
// lists on every run?"), so a difference on another family that starts at a
// near-tie is not an engine change. amd-epyc/ was written at commit 07c8018
// on an AMD EPYC (Zen 4, AVX-512), llama.cpp 0c1e57098 without AMX kernels,
// --threads 1. A family without a folder skips the test and says so; to add
// one, check out 07c8018 on that CPU, build it, run the commands below
// (cli_args) with that build and commit the outputs under the family's name.
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "support/environment.h"

using namespace ranksent;
namespace fs = std::filesystem;

namespace {

struct ReferenceRun {
  const char* name;  // tests/data/reference-lists/<family>/<name>.jsonl and .counts.json
  const char* args;
};

const ReferenceRun kRuns[] = {
    {"directional", "--strategy directional"},
    {"directional-avoid", "--strategy directional --escape avoid --guidance-scale 2"},
    {"directional-paper-exact", "--strategy directional --paper-exact"},
    {"step-by-step", "--strategy step-by-step"},
    {"single-step", "--strategy single-step"},
};

// "amd-epyc", "intel-xeon", or "" for a CPU of neither family.
std::string cpu_family() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line))
    if (line.starts_with("model name")) {
      if (line.find("AMD EPYC") != std::string::npos) return "amd-epyc";
      if (line.find("Xeon") != std::string::npos) return "intel-xeon";
      return "";
    }
  return "";
}

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

std::string cli_args(const ReferenceRun& run, const fs::path& seeds) {
  return std::string(run.args) + " --seeds " + q(seeds) +
         " --model smollm2-135m --steps 4 --parallel 2 --threads 1 --quiet";
}

// The first 4 distinct premises of SNLI dev, trailing blanks cut.
fs::path write_seeds(const fs::path& dir) {
  std::ifstream in(test::data_dir() / "SNLI" / "s1.dev");
  std::ofstream out(dir / "seeds.txt");
  std::set<std::string> seen;
  std::string line;
  while (seen.size() < 4 && std::getline(in, line)) {
    line.erase(line.find_last_not_of(" \t\r") + 1);
    if (seen.insert(line).second) out << line << "\n";
  }
  return dir / "seeds.txt";
}

std::vector<nlohmann::json> read_lines(const fs::path& p) {
  std::ifstream in(p);
  std::vector<nlohmann::json> out;
  std::string line;
  while (std::getline(in, line)) out.push_back(nlohmann::json::parse(line));
  return out;
}

class ReferenceLists : public ::testing::TestWithParam<ReferenceRun> {};

}  // namespace

TEST_P(ReferenceLists, SameListsTokenForToken) {
  const ReferenceRun& run = GetParam();
  const std::string family = cpu_family();
  const fs::path ref = test::source_dir() / "tests" / "data" / "reference-lists" / family;
  if (family.empty() || !fs::exists(ref / (std::string(run.name) + ".jsonl")))
    GTEST_SKIP() << "no reference lists for this CPU (" << (family.empty() ? "another family" : family)
                 << "): see this file's first comment";
  const fs::path dir = test::scratch_dir(run.name);
  const fs::path out = dir / "lists.jsonl", stats = dir / "stats.json";
  const auto r = test::run_command(q(test::cli_path()) + " generate " + cli_args(run, write_seeds(dir)) + " --output " +
                                   q(out) + " --stats " + q(stats));
  ASSERT_EQ(r.exit_code, 0) << r.output;

  const auto expected = read_lines(ref / (std::string(run.name) + ".jsonl"));
  const auto got = read_lines(out);
  ASSERT_EQ(got.size(), expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], expected[i]) << "line " << i + 1;

  const auto counts = nlohmann::json::parse(test::slurp(ref / (std::string(run.name) + ".counts.json")));
  const auto s = nlohmann::json::parse(test::slurp(stats));
  for (const auto& [key, value] : counts.items()) EXPECT_EQ(s.at(key), value) << key;
}

INSTANTIATE_TEST_SUITE_P(EveryStrategy, ReferenceLists, ::testing::ValuesIn(kRuns), [](const auto& info) {
  std::string n = info.param.name;
  for (char& c : n)
    if (c == '-') c = '_';
  return n;
});
