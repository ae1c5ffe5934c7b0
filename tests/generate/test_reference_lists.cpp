// The engine writes the committed reference lists token for token: every
// LLM strategy on the default model (SmolLM2-135M, Q4_1), the first 4
// distinct SNLI dev premises, 4 steps, 2 lists in flight, --threads 1, with
// the default fixed-point escape (resample-avoid, which re-decodes), with
// avoid at lambda = 1, with the paper's decoder, and the baselines. Each
// run's lists must equal tests/data/reference-lists/<set>/<run>.jsonl line
// for line (sentences, order, rejection, re-decodes), and its engine counts
// (tokens chosen, prompt and evaluated tokens, decode calls, re-decodes by
// rule) <run>.counts.json: the references guard the rules (escape, hygiene,
// verification) and the engine's bookkeeping.
//
// Batched lists depend on the rounding of llama.cpp's CPU kernels
// (docs/cpus.md, "Same lists on every run?"), and which kernels a build runs
// is its kernel set: the features `ranksent version` prints on its
// "llama.cpp kernel set" line. A folder's kernels.txt names, one a line, the
// sets whose builds write its references (its README.md: where each was
// written or checked, and at which commit); a build whose set no folder
// holds skips, naming its set. To add one: on a build with that set, run the
// commands below (cli_args); if the outputs equal a folder's, add the set to
// its kernels.txt, else commit them in a new folder with a kernels.txt.
// Whatever the CPU, tests/generate/test_directional.cpp checks the engine
// against itself: batched against one list at a time, KV reuse against its
// plainest path, every difference at a near-tie.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

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

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

std::set<std::string> words(const std::string& text) {
  std::istringstream in(text);
  std::set<std::string> out;
  for (std::string w; in >> w;) out.insert(w);
  return out;
}

// This build's kernel set, from `ranksent version`.
std::string kernel_set() {
  const auto r = test::run_command(q(test::cli_path()) + " version");
  const std::string key = "llama.cpp kernel set: ";
  const auto at = r.output.find(key);
  if (r.exit_code != 0 || at == std::string::npos) throw std::runtime_error("ranksent version: " + r.output);
  return r.output.substr(at + key.size(), r.output.find('\n', at) - at - key.size());
}

// The reference folder whose kernels.txt holds `set` on one of its lines (as
// a set of features: the order of the line does not matter), or "".
fs::path reference_folder(const std::string& set) {
  for (const auto& entry : fs::directory_iterator(test::source_dir() / "tests" / "data" / "reference-lists")) {
    std::istringstream lines(test::slurp(entry.path() / "kernels.txt"));
    for (std::string line; std::getline(lines, line);)
      if (words(line) == words(set)) return entry.path();
  }
  return {};
}

std::string cli_args(const ReferenceRun& run, const fs::path& seeds, int parallel = 2) {
  return std::string(run.args) + " --seeds " + q(seeds) + " --model smollm2-135m --steps 4 --parallel " +
         std::to_string(parallel) + " --threads 1 --quiet";
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

struct Generated {
  std::vector<nlohmann::json> lists;
  nlohmann::json stats;
};

Generated generate(const fs::path& dir, const std::string& args) {
  fs::create_directories(dir);
  const fs::path out = dir / "lists.jsonl", stats = dir / "stats.json";
  const auto r =
      test::run_command(q(test::cli_path()) + " generate " + args + " --output " + q(out) + " --stats " + q(stats));
  if (r.exit_code != 0) throw std::runtime_error("generate " + args + ": " + r.output);
  return {read_lines(out), nlohmann::json::parse(test::slurp(stats))};
}

class ReferenceLists : public ::testing::TestWithParam<ReferenceRun> {};

}  // namespace

TEST_P(ReferenceLists, SameListsTokenForToken) {
  const ReferenceRun& run = GetParam();
  const std::string set = kernel_set();
  const fs::path ref = reference_folder(set);
  if (ref.empty() || !fs::exists(ref / (std::string(run.name) + ".jsonl")))
    GTEST_SKIP() << "skipped: needs reference lists for the llama.cpp kernel set \"" << set
                 << "\" (none in tests/data/reference-lists/*/kernels.txt; Directional.KvReuseEqualsThePlainestPath "
                    "and BatchedEqualsOneAtATime still check the engine): "
                 << "see this file's first comment";
  std::printf("references: %s (kernel set %s)\n", ref.filename().c_str(), set.c_str());
  const fs::path dir = test::scratch_dir(run.name);
  const auto got_run = generate(dir, cli_args(run, write_seeds(dir)));

  const auto expected = read_lines(ref / (std::string(run.name) + ".jsonl"));
  const auto& got = got_run.lists;
  ASSERT_EQ(got.size(), expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], expected[i]) << "line " << i + 1;

  const auto counts = nlohmann::json::parse(test::slurp(ref / (std::string(run.name) + ".counts.json")));
  for (const auto& [key, value] : counts.items()) EXPECT_EQ(got_run.stats.at(key), value) << key;
  // Every llama_decode call is at least one forward pass, and a pass at least one row.
  const auto passes = got_run.stats.at("ubatches").get<std::int64_t>();
  EXPECT_GE(passes, got_run.stats.at("decode_calls").get<std::int64_t>());
  EXPECT_LE(passes, got_run.stats.at("evaluated_tokens").get<std::int64_t>());
}

namespace {
std::string run_name(const ::testing::TestParamInfo<ReferenceRun>& info) {
  std::string n = info.param.name;
  for (char& c : n)
    if (c == '-') c = '_';
  return n;
}
}  // namespace

INSTANTIATE_TEST_SUITE_P(EveryStrategy, ReferenceLists, ::testing::ValuesIn(kRuns), run_name);
