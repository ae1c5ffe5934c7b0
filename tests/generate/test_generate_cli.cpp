// `ranksent generate` end to end on the default model: crash safety (kill -9
// and SIGINT, then a rerun that finishes the same lists), bad input, the
// baselines and the shuffle ablation. Small runs: few seeds, 2 steps.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include <llama.h>
#include <nlohmann/json.hpp>

#include "ranksent/models.h"
#include "support/environment.h"

using namespace ranksent;
namespace fs = std::filesystem;

namespace {

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

test::CommandResult cli(const std::string& args) { return test::run_command(q(test::cli_path()) + " " + args); }

const std::string kRun = " --model smollm2-135m --steps 2 --max-new-tokens 24 --threads 1 --quiet";
const std::string kSmall = kRun + " --parallel 2";

fs::path write_seeds(const fs::path& dir, std::size_t n) {
  static const char* text[] = {
      "A man is playing a guitar on stage.",       "Two dogs run through a field of snow.",
      "A woman is slicing tomatoes in a kitchen.", "Children are playing soccer in the park.",
      "An old man reads a newspaper on a bench.",  "A girl in a red coat walks her dog.",
  };
  std::ofstream out(dir / "seeds.txt");
  for (std::size_t i = 0; i < n; ++i) out << text[i % 6] << "\n";
  return dir / "seeds.txt";
}

std::vector<nlohmann::json> read_lines(const fs::path& p) {
  std::ifstream in(p);
  std::vector<nlohmann::json> out;
  std::string line;
  while (std::getline(in, line)) out.push_back(nlohmann::json::parse(line));  // throws on a torn line
  return out;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::size_t count_lines(const fs::path& p) {
  std::ifstream in(p);
  std::size_t n = 0;
  std::string line;
  while (std::getline(in, line)) ++n;
  return n;
}

// Starts the program in the background; returns its pid. Its exit status
// lands in dir/rc.
long start_background(const fs::path& dir, const std::string& args) {
  std::ofstream(dir / "bg.sh")
      << "\"$@\" > \"$BG_DIR/log\" 2>&1 &\necho $! > \"$BG_DIR/pid\"\nwait $!\necho $? > \"$BG_DIR/rc\"\n";
  test::run_command("BG_DIR=" + q(dir) + " sh " + q(dir / "bg.sh") + " " + q(test::cli_path()) + " " + args +
                    " > /dev/null 2>&1 &");
  for (int i = 0; i < 200 && !fs::exists(dir / "pid"); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  long pid = 0;
  std::ifstream(dir / "pid") >> pid;
  return pid;
}

bool wait_for(const std::function<bool()>& cond, int seconds) {
  for (int i = 0; i < seconds * 20; ++i) {
    if (cond()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

// Starts `generate ARGS --output OUT` in the background and waits until OUT
// holds `lines` lines; its pid, or 0 when it never got there (its log is in
// dir/log, its exit status lands in dir/rc).
long start_generate_until(const fs::path& dir, const std::string& args, const fs::path& out, std::size_t lines) {
  const long pid = start_background(dir, "generate " + args + " --output " + q(out));
  if (pid <= 0 || !wait_for([&] { return fs::exists(out) && count_lines(out) >= lines; }, 300)) return 0;
  return pid;
}

// Waits for the background run of start_background to exit.
bool wait_exit(const fs::path& dir, int seconds) {
  return wait_for([&] { return fs::exists(dir / "rc"); }, seconds);
}

std::map<std::string, nlohmann::json> by_id(const std::vector<nlohmann::json>& lines) {
  std::map<std::string, nlohmann::json> out;
  for (const auto& j : lines) EXPECT_TRUE(out.emplace(j["id"].dump(), j).second) << "id twice: " << j["id"];
  return out;
}

// A GGUF file with metadata only, for the model checks that run before llama.cpp.
void write_gguf(const fs::path& p, const std::vector<std::pair<std::string, std::string>>& strings,
                const std::vector<std::pair<std::string, std::uint32_t>>& ints) {
  std::string b = "GGUF";
  auto u32 = [&](std::uint32_t v) { b.append(reinterpret_cast<const char*>(&v), 4); };
  auto u64 = [&](std::uint64_t v) { b.append(reinterpret_cast<const char*>(&v), 8); };
  auto str = [&](const std::string& s) { u64(s.size()), b += s; };
  u32(3), u64(0), u64(strings.size() + ints.size());
  for (const auto& [k, v] : strings) str(k), u32(8), str(v);
  for (const auto& [k, v] : ints) str(k), u32(4), u32(v);
  std::ofstream(p, std::ios::binary) << b;
}

}  // namespace

TEST(GenerateCli, KillNineThenRerunGivesTheUninterruptedLists) {
  auto dir = test::scratch_dir("kill");
  auto seeds = write_seeds(dir, 6);
  auto ref = cli("generate --seeds " + q(seeds) + " --output " + q(dir / "ref.jsonl") + kSmall);
  ASSERT_EQ(ref.exit_code, 0) << ref.output;
  const auto expected = by_id(read_lines(dir / "ref.jsonl"));
  ASSERT_EQ(expected.size(), 6u);

  const fs::path out = dir / "out.jsonl";
  const long pid = start_generate_until(dir, "--seeds " + q(seeds) + kSmall, out, 2);
  ASSERT_GT(pid, 0) << slurp(dir / "log");
  ::kill(pid_t(pid), SIGKILL);
  ASSERT_TRUE(wait_exit(dir, 30));
  const std::size_t before = count_lines(out);
  EXPECT_LT(before, 6u) << "the run finished before the kill";
  // What a kill in the middle of a write leaves: a line without its end.
  std::ofstream(out, std::ios::app) << R"({"id":6,"seed":"A girl in a red co)";

  auto again = cli("generate --seeds " + q(seeds) + " --output " + q(out) + kSmall);
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("discarded a torn last line"), std::string::npos) << again.output;
  EXPECT_NE(again.output.find(std::to_string(before) + " of 6 lists already there"), std::string::npos) << again.output;
  const auto got = by_id(read_lines(out));  // every line whole, every id once
  ASSERT_EQ(got.size(), 6u);
  for (const auto& [id, j] : expected) {
    ASSERT_TRUE(got.count(id)) << id;
    EXPECT_EQ(got.at(id)["sentences"], j["sentences"]) << id;
    EXPECT_EQ(got.at(id)["rejected"], j["rejected"]) << id;
  }
  // A third run has nothing left to do.
  auto third = cli("generate --seeds " + q(seeds) + " --output " + q(out) + kSmall);
  EXPECT_EQ(third.exit_code, 0) << third.output;
  EXPECT_EQ(count_lines(out), 6u);
}

TEST(GenerateCli, SigintFinishesTheWriteAndStops) {
  auto dir = test::scratch_dir("sigint");
  auto seeds = write_seeds(dir, 6);
  const fs::path out = dir / "out.jsonl";
  const long pid = start_generate_until(dir, "--seeds " + q(seeds) + kRun + " --parallel 1", out, 1);
  ASSERT_GT(pid, 0) << slurp(dir / "log");
  ::kill(pid_t(pid), SIGINT);
  ASSERT_TRUE(wait_exit(dir, 120));
  const std::string log = slurp(dir / "log");
  EXPECT_NE(log.find("interrupted; rerun the same command to go on"), std::string::npos) << log;
  EXPECT_NE(slurp(dir / "rc"), "0\n");
  const std::string text = slurp(out);
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  EXPECT_NO_THROW(read_lines(out));
  EXPECT_LT(count_lines(out), 6u);
}

TEST(GenerateCli, SecondWriterIsRefusedAndSigtermStopsLikeSigint) {
  auto dir = test::scratch_dir("twowriters");
  auto seeds = write_seeds(dir, 24);
  const fs::path out = dir / "out.jsonl";
  const long pid = start_generate_until(dir, "--seeds " + q(seeds) + kRun + " --parallel 1", out, 1);
  ASSERT_GT(pid, 0) << slurp(dir / "log");
  auto second = cli("generate --seeds " + q(seeds) + " --output " + q(out) + kRun + " --parallel 1");
  EXPECT_EQ(second.exit_code, 2) << second.output;
  EXPECT_NE(second.output.find("another process is writing this output"), std::string::npos) << second.output;
  ::kill(pid_t(pid), SIGTERM);
  ASSERT_TRUE(wait_exit(dir, 120));
  EXPECT_EQ(slurp(dir / "rc"), "130\n") << slurp(dir / "log");
  const auto lines = read_lines(out);  // whole lines only
  EXPECT_LT(lines.size(), 24u);
  by_id(lines);  // each id once: nothing of the second run's
  auto rest = cli("generate --seeds " + q(seeds) + " --output " + q(out) + kRun + " --parallel 1");
  EXPECT_EQ(rest.exit_code, 0) << rest.output;
  EXPECT_EQ(by_id(read_lines(out)).size(), 24u);
}

TEST(GenerateCli, BadSeedsAreReportedNotDropped) {
  auto dir = test::scratch_dir("badseeds");
  std::ofstream(dir / "seeds.txt")
      << "\n"
      << "A very long seed sentence that goes on and on well past the token limit set here.\n";
  auto r = cli("generate --seeds " + q(dir / "seeds.txt") + " --output " + q(dir / "out.jsonl") + kSmall +
               " --max-seed-tokens 8");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto lines = read_lines(dir / "out.jsonl");
  ASSERT_EQ(lines.size(), 2u);
  std::set<std::string> reasons;
  for (const auto& j : lines) reasons.insert(j["rejected"].get<std::string>().substr(0, 14));
  EXPECT_EQ(reasons, (std::set<std::string>{"seed: empty", "seed: too long"}));
}

TEST(GenerateCli, BadInputIsAClearErrorAndLosesNothing) {
  auto dir = test::scratch_dir("badinput");
  auto seeds = write_seeds(dir, 1);
  // A template without the slot.
  std::ofstream(dir / "t.txt") << "[user]\nRewrite it.\n";
  auto r = cli("generate --seeds " + q(seeds) + " --output " + q(dir / "o.jsonl") + " --prompt " + q(dir / "t.txt"));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("t.txt"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("{sentence}"), std::string::npos) << r.output;
  // NaN lambda, an empty seed file, an output under a regular file, a NUL in a seed.
  r = cli("generate --seeds " + q(seeds) + " --output " + q(dir / "o.jsonl") + kSmall + " --lambda nan");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  std::ofstream(dir / "empty.txt").flush();
  r = cli("generate --seeds " + q(dir / "empty.txt") + " --output " + q(dir / "o.jsonl") + kSmall);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("no seeds"), std::string::npos) << r.output;
  r = cli("generate --seeds " + q(seeds) + " --output " + q(seeds / "o.jsonl") + kSmall);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  std::ofstream(dir / "nul.txt", std::ios::binary) << std::string("A dog\0runs.\n", 12);
  r = cli("generate --seeds " + q(dir / "nul.txt") + " --output " + q(dir / "o.jsonl") + kSmall);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("nul.txt:1: NUL byte"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir / "o.jsonl"));
  // Offload asked of a build without a GPU backend.
  if (!llama_supports_gpu_offload()) {
    r = cli("generate --seeds " + q(seeds) + " --output " + q(dir / "o.jsonl") + kSmall + " --gpu-layers -1");
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_TRUE(r.output.find("no GPU backend") != std::string::npos ||
                r.output.find("no CUDA device") != std::string::npos)
        << r.output;
    EXPECT_FALSE(fs::exists(dir / "o.jsonl"));
  }
  // An output file that is not ours: refused and left as it was.
  std::ofstream(dir / "notes.jsonl") << "{\"todo\": \"buy milk\"}\n";
  r = cli("generate --seeds " + q(seeds) + " --output " + q(dir / "notes.jsonl") + kSmall);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("notes.jsonl"), std::string::npos) << r.output;
  EXPECT_EQ(slurp(dir / "notes.jsonl"), "{\"todo\": \"buy milk\"}\n");
  // An embedding model and a model without a chat template.
  write_gguf(dir / "bert.gguf", {{"general.architecture", "bert"}}, {{"bert.pooling_type", 2}});
  r = cli("generate --seeds " + q(seeds) + " --output " + q(dir / "o.jsonl") + " --model " + q(dir / "bert.gguf"));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("bert.gguf"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("embedding model"), std::string::npos) << r.output;
  write_gguf(dir / "base.gguf", {{"general.architecture", "llama"}}, {});
  r = cli("generate --seeds " + q(seeds) + " --output " + q(dir / "o.jsonl") + " --model " + q(dir / "base.gguf"));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("no chat template"), std::string::npos) << r.output;
  // Both spellings of lambda at once; shuffle without its input.
  r = cli("generate --seeds " + q(seeds) + " --output " + q(dir / "o.jsonl") + " --lambda 0.5 --guidance-scale 1.5");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  r = cli("generate --strategy shuffle --output " + q(dir / "o.jsonl"));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_FALSE(fs::exists(dir / "o.jsonl"));
}

TEST(GenerateCli, BaselinesAndShuffle) {
  auto dir = test::scratch_dir("baselines");
  auto seeds = write_seeds(dir, 2);
  auto r = cli("generate --strategy step-by-step --seeds " + q(seeds) + " --output " + q(dir / "sbs.jsonl") + kSmall);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const auto& j : read_lines(dir / "sbs.jsonl")) {
    EXPECT_EQ(j["strategy"], "step-by-step");
    EXPECT_TRUE(j["lambda"].is_null());
    EXPECT_EQ(j["prompt"], "step-by-step.txt");
    EXPECT_EQ(j["sentences"][0], j["seed"]);
    EXPECT_EQ(j["model"], default_llm().path.filename().string());
    EXPECT_EQ(j["model_sha256"].get<std::string>().size(), 16u);
  }
  r = cli("generate --strategy single-step --seeds " + q(seeds) + " --output " + q(dir / "ss.jsonl") +
          " --steps 3 --parallel 2 --threads 1 --quiet --limit 1");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto ss = read_lines(dir / "ss.jsonl");
  ASSERT_EQ(ss.size(), 1u);
  EXPECT_EQ(ss[0]["strategy"], "single-step");

  // Ablation (c) on directional lists with 6 steps, so that a permutation shows.
  r = cli("generate --seeds " + q(seeds) + " --output " + q(dir / "dir.jsonl") +
          " --steps 6 --max-new-tokens 24 --parallel 2 --threads 1 --quiet --allow-consecutive-duplicates");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = cli("generate --strategy shuffle --lists " + q(dir / "dir.jsonl") + " --output " + q(dir / "shuf.jsonl") +
          " --shuffle-seed 3 --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto src = by_id(read_lines(dir / "dir.jsonl"));
  auto shuf = by_id(read_lines(dir / "shuf.jsonl"));
  ASSERT_EQ(shuf.size(), src.size());
  for (const auto& [id, j] : shuf) {
    EXPECT_EQ(j["strategy"], "shuffle");
    if (!src.at(id)["rejected"].is_null()) {
      EXPECT_EQ(j["rejected"].get<std::string>().rfind("source list rejected", 0), 0u);
      continue;
    }
    auto a = src.at(id)["sentences"].get<std::vector<std::string>>();
    auto b = j["sentences"].get<std::vector<std::string>>();
    EXPECT_EQ(a[0], b[0]);
    EXPECT_EQ(std::multiset<std::string>(a.begin(), a.end()), std::multiset<std::string>(b.begin(), b.end()));
  }
  // Resuming into another run's file is refused.
  r = cli("generate --strategy shuffle --lists " + q(dir / "dir.jsonl") + " --output " + q(dir / "sbs.jsonl") +
          " --quiet");
  EXPECT_EQ(r.exit_code, 2) << r.output;
}

TEST(GenerateCli, StatsCountRulesAndReDecodesOfTheWholeFile) {
  auto dir = test::scratch_dir("stats");
  auto seeds = write_seeds(dir, 4);
  const fs::path out = dir / "out.jsonl", stats = dir / "stats.json";
  auto r = cli("generate --seeds " + q(seeds) + " --output " + q(out) + kSmall + " --limit 2 --stats " + q(stats));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto first = nlohmann::json::parse(slurp(stats));
  r = cli("generate --seeds " + q(seeds) + " --output " + q(out) + kSmall + " --stats " + q(stats));  // resumes
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto lines = read_lines(out);
  ASSERT_EQ(lines.size(), 4u);
  std::map<std::string, int> rules;
  int redecodes = 0, kept = 0;
  for (const auto& j : lines) {
    EXPECT_EQ(j["escape"], "resample-avoid");  // the default
    redecodes += j["redecodes"].get<int>();
    if (j["rejected"].is_null())
      ++kept;
    else
      ++rules[j["rejected"].get<std::string>().substr(0, j["rejected"].get<std::string>().find(':'))];
  }
  const auto s = nlohmann::json::parse(slurp(stats));
  EXPECT_EQ(s["lists"], 4);
  EXPECT_EQ(s["existing"], 2);
  // The work figures add up over the two runs.
  EXPECT_EQ(s["written"], 4);
  EXPECT_EQ(s["runs"], 2);
  EXPECT_GT(s["generated_tokens"].get<long>(), first["generated_tokens"].get<long>());
  int by_rule = 0;
  for (const auto& [rule, n] : s["redecodes_by_rule"].items()) by_rule += n.get<int>();
  EXPECT_EQ(by_rule, redecodes);
  // A run with nothing left to do adds nothing but itself.
  r = cli("generate --seeds " + q(seeds) + " --output " + q(out) + kSmall + " --stats " + q(stats));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto third = nlohmann::json::parse(slurp(stats));
  EXPECT_EQ(third["generated_tokens"], s["generated_tokens"]);
  EXPECT_EQ(third["written"], 4);
  EXPECT_EQ(third["runs"], 3);
  EXPECT_EQ(s["kept"], kept);
  EXPECT_EQ(s["redecodes"], redecodes);
  using Counts = std::map<std::string, int>;
  EXPECT_EQ(s["rejected_by_rule"].get<Counts>(), rules);
  // A lists file started afresh starts its figures afresh, whatever the stats file held.
  fs::remove(out);
  r = cli("generate --seeds " + q(seeds) + " --output " + q(out) + kSmall + " --limit 2 --stats " + q(stats));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto fresh = nlohmann::json::parse(slurp(stats));
  EXPECT_EQ(fresh["runs"], 1);
  EXPECT_EQ(fresh["generated_tokens"], first["generated_tokens"]);
  // The paper's decoder is one flag away, and a file of one decoder is not
  // resumed by the other.
  r = cli("generate --seeds " + q(seeds) + " --output " + q(out) + kSmall + " --paper-exact");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("escape"), std::string::npos) << r.output;
  r = cli("generate --seeds " + q(seeds) + " --output " + q(dir / "paper.jsonl") + kSmall + " --paper-exact");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const auto& j : read_lines(dir / "paper.jsonl")) {
    EXPECT_EQ(j["escape"], "none");
    EXPECT_EQ(j["redecodes"], 0);
  }
}

// At --parallel 1 each list is decoded alone, so how the seeds are split over
// shards cannot reach its arithmetic: equal on every CPU (docs/cpus.md; wider
// batches may flip near-ties on some CPUs, Directional.BatchedEqualsOneAtATime).
TEST(GenerateCli, ShardsRunAsProcessesMergeToTheSingleProcessRun) {
  auto dir = test::scratch_dir("shards");
  auto seeds = write_seeds(dir, 8);
  const std::string kAlone = kRun + " --parallel 1";
  auto ref = cli("generate --seeds " + q(seeds) + " --output " + q(dir / "ref.jsonl") + kAlone);
  ASSERT_EQ(ref.exit_code, 0) << ref.output;
  const auto expected = by_id(read_lines(dir / "ref.jsonl"));
  for (int n : {2, 4}) {
    std::string jobs, files;
    for (int i = 0; i < n; ++i) {
      const auto shard = dir / ("n" + std::to_string(n) + "-" + std::to_string(i) + ".jsonl");
      jobs += q(test::cli_path()) + " generate --seeds " + q(seeds) + " --output " + q(shard) + kAlone + " --shard " +
              std::to_string(i) + "/" + std::to_string(n) + " & ";
      files += " " + q(shard);
    }
    auto run = test::run_command("( " + jobs + "wait )");
    ASSERT_EQ(run.exit_code, 0) << run.output;
    const fs::path merged = dir / ("merged" + std::to_string(n) + ".jsonl");
    auto m = cli("merge-lists --seeds " + q(seeds) + " --output " + q(merged) + files);
    ASSERT_EQ(m.exit_code, 0) << m.output;
    const auto lines = read_lines(merged);
    ASSERT_EQ(lines.size(), 8u) << n;
    for (std::size_t i = 0; i < lines.size(); ++i) EXPECT_EQ(lines[i]["id"], int(i) + 1) << n;  // seed order
    for (const auto& [id, j] : by_id(lines)) {
      EXPECT_EQ(j["sentences"], expected.at(id)["sentences"]) << n << " shards, id " << id;
      EXPECT_EQ(j["rejected"], expected.at(id)["rejected"]) << n << " shards, id " << id;
    }
  }
  // A shard left out is named as missing seeds; a bad --shard is a usage error.
  auto m = cli("merge-lists --seeds " + q(seeds) + " --output " + q(dir / "m.jsonl") + " " + q(dir / "n2-0.jsonl"));
  EXPECT_EQ(m.exit_code, 2) << m.output;
  EXPECT_NE(m.output.find("seeds have no list in the shards"), std::string::npos) << m.output;
  EXPECT_FALSE(fs::exists(dir / "m.jsonl"));
  auto g = cli("generate --seeds " + q(seeds) + " --output " + q(dir / "x.jsonl") + kSmall + " --shard 2/2");
  EXPECT_EQ(g.exit_code, 2) << g.output;
  EXPECT_FALSE(fs::exists(dir / "x.jsonl"));
}
