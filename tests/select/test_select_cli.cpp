// `ranksent select` end to end on real SNLI-train premises with the default
// encoder: K clusters, at most N seeds from each, the embedding cache, the
// same seeds on a rerun, seeds that `generate` reads, and clear errors.
#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "ranksent/generate/lists_file.h"
#include "ranksent/io/text_lines.h"
#include "support/environment.h"

using namespace ranksent;
namespace fs = std::filesystem;

namespace {
test::CommandResult cli(const std::string& args) {
  return test::run_command("'" + test::cli_path().string() + "' " + args + " 2>&1");
}
std::string q(const fs::path& p) { return "'" + p.string() + "'"; }
}  // namespace

TEST(SelectCli, ClustersSampledCachedAndReadByGenerate) {
  auto dir = test::scratch_dir("select");
  // The first 400 lines of SNLI-train's cat/train.csv: column 3 is the premise.
  {
    std::ifstream in(test::data_dir() / "SNLI-train" / "cat" / "train.csv");
    std::ofstream out(dir / "train.csv");
    std::string line;
    for (int i = 0; i < 400 && std::getline(in, line); ++i) out << line << "\n";
  }
  const std::string args = "select --input " + q(dir / "train.csv") + " --column 3 --clusters 12 --per-cluster 3 " +
                           "--threads 2 --quiet --output " + q(dir / "seeds.jsonl");
  auto r = cli(args);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("duplicates collapsed"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("(computed"), std::string::npos) << r.output;
  const std::string first = test::slurp(dir / "seeds.jsonl");
  std::map<int, int> per_cluster;
  std::int64_t last_id = 0;
  for (const auto& line : read_lines(dir / "seeds.jsonl")) {
    const auto j = nlohmann::json::parse(line);
    EXPECT_EQ(j["id"].get<std::int64_t>(), ++last_id);
    EXPECT_FALSE(j["text"].get<std::string>().empty());
    EXPECT_GE(j["distance"].get<double>(), 0.0);
    EXPECT_EQ(j["source"].get<std::string>().rfind((dir / "train.csv").string() + ":", 0), 0u);
    ++per_cluster[j["cluster"].get<int>()];
  }
  EXPECT_EQ(per_cluster.size(), 12u);  // 400 premises: no cluster is empty
  for (const auto& [c, n] : per_cluster) EXPECT_LE(n, 3) << "cluster " << c;
  EXPECT_GT(last_id, 24);

  // The rerun reads the cached embeddings and writes the same seeds.
  r = cli(args);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("from the cache"), std::string::npos) << r.output;
  EXPECT_EQ(test::slurp(dir / "seeds.jsonl"), first);

  // generate reads the seeds' "text" and "id".
  const auto items = read_seed_items(dir / "seeds.jsonl", "sentence");
  ASSERT_EQ(items.size(), std::size_t(last_id));
  EXPECT_EQ(items[0].id, 1);
  EXPECT_EQ(items[0].text, nlohmann::json::parse(read_lines(dir / "seeds.jsonl")[0])["text"]);
}

TEST(SelectCli, BadInputIsAClearErrorAndWritesNothing) {
  auto dir = test::scratch_dir("select-bad");
  std::ofstream(dir / "p.txt") << "A dog runs.\nTwo cats sleep.\nA man eats.\n";
  std::ofstream(dir / "p.csv") << "1\t1\tA dog runs.\tx\n";
  struct Case {
    std::string args, says;
  } cases[] = {
      {"--input " + q(dir / "p.txt") + " --clusters 5", "exceeds the 3 unique premises"},
      {"--input " + q(dir / "p.csv"), "needs --column"},
      {"--input " + q(dir / "none.txt"), "no such file"},
      {"--input " + q(dir / "p.txt") + " --per-cluster 0", "per-cluster"},
  };
  for (const auto& c : cases) {
    auto r = cli("select " + c.args + " --quiet --output " + q(dir / "seeds.jsonl"));
    EXPECT_EQ(r.exit_code, 2) << c.args << "\n" << r.output;
    EXPECT_NE(r.output.find(c.says), std::string::npos) << r.output;
    EXPECT_FALSE(fs::exists(dir / "seeds.jsonl"));
  }
}
