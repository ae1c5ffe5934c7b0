// Sharded generation: the partition of seed ids (every id in exactly one
// shard, by id alone, near-even), the --shard syntax, and the checks of
// merge_list_files on hand-written shard files.
#include <gtest/gtest.h>

#include <fstream>

#include "ranksent/error.h"
#include "ranksent/generate/shards.h"
#include "support/environment.h"

using namespace ranksent;
namespace fs = std::filesystem;

TEST(Shards, SyntaxIsZeroBasedIndexOverCount) {
  EXPECT_EQ(parse_shard("0/1"), (Shard{0, 1}));
  EXPECT_EQ(parse_shard("3/4"), (Shard{3, 4}));
  for (const char* bad : {"4/4", "-1/4", "1/0", "1", "a/b", "1/2/3", "1/", "/2", " 1/2"})
    EXPECT_THROW(parse_shard(bad), UsageError) << bad;
  EXPECT_EQ(shard_name({2, 8}), "2/8");
}

TEST(Shards, EveryIdInExactlyOneShardAndNearEven) {
  for (int n : {2, 4, 7}) {
    std::vector<int> sizes(std::size_t(n), 0);
    for (int id = 1; id <= 2000; ++id) {
      const int s = shard_of(id, n);
      ASSERT_GE(s, 0);
      ASSERT_LT(s, n);
      ++sizes[std::size_t(s)];
    }
    for (int size : sizes) EXPECT_NEAR(size, 2000.0 / n, 0.2 * 2000.0 / n) << n;  // within 20% of even
  }
  // By the id alone: a string id and an integer id of the same digits differ
  // in JSON, and the function has no other input (re-ordering cannot move it).
  EXPECT_EQ(shard_of(nlohmann::json("s-17"), 4), shard_of(nlohmann::json("s-17"), 4));
  EXPECT_EQ(shard_of(1, 1), 0);
}

namespace {
std::string record(int id, const std::string& strategy = "directional", bool kept = true) {
  nlohmann::json j = {{"id", id},
                      {"seed", "s" + std::to_string(id)},
                      {"sentences", {"s" + std::to_string(id), "a", "b"}},
                      {"strategy", strategy},
                      {"steps", 2},
                      {"model_sha256", "00ff"},
                      {"prompt", "directional"},
                      {"rejected", kept ? nlohmann::json(nullptr) : nlohmann::json("length: x")}};
  return j.dump() + "\n";
}

std::string merge_error(const std::vector<fs::path>& shards, const MergeOptions& o = {}) {
  try {
    merge_list_files(shards, o);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(merged without error)";
}
}  // namespace

TEST(Shards, MergeChecksSeedsRunsAndDuplicates) {
  auto dir = test::scratch_dir("merge");
  std::ofstream(dir / "seeds.txt") << "s1\ns2\ns3\n";
  std::ofstream(dir / "a.jsonl") << record(3) << record(1);
  std::ofstream(dir / "b.jsonl") << record(2, "directional", false);
  MergeOptions o;
  o.seeds = dir / "seeds.txt";
  auto m = merge_list_files({dir / "a.jsonl", dir / "b.jsonl"}, o);
  ASSERT_EQ(m.order.size(), 3u);
  EXPECT_EQ(m.lines()[0] + "\n", record(1));  // seed order, lines as the shards wrote them
  EXPECT_EQ(m.lines()[1] + "\n", record(2, "directional", false));
  EXPECT_EQ(m.kept, 2u);
  EXPECT_EQ(m.rejected, 1u);
  // Without the seed file: shard order.
  EXPECT_EQ(merge_list_files({dir / "a.jsonl", dir / "b.jsonl"}, {}).lines()[0] + "\n", record(3));

  // A compressed shard is refused (records are copied by offset).
  std::ofstream(dir / "a.jsonl.gz") << "\x1f\x8b";
  EXPECT_NE(merge_error({dir / "a.jsonl.gz"}).find("compressed"), std::string::npos);

  // A seed without its list.
  EXPECT_NE(merge_error({dir / "a.jsonl"}, o).find("1 of 3 seeds have no list in the shards (the first: id 2)"),
            std::string::npos);
  // A list of no seed.
  std::ofstream(dir / "c.jsonl") << record(4);
  EXPECT_NE(merge_error({dir / "a.jsonl", dir / "b.jsonl", dir / "c.jsonl"}, o)
                .find("c.jsonl:1: field 'id': id 4 is not a seed"),
            std::string::npos);
  // The same list in two shards, and two different lists of one id.
  EXPECT_NE(merge_error({dir / "a.jsonl", dir / "a.jsonl"}).find("a.jsonl:1: field 'id': id 3 is also at"),
            std::string::npos);
  EXPECT_NE(merge_error({dir / "a.jsonl", dir / "a.jsonl"}).find("the same list twice"), std::string::npos);
  std::ofstream(dir / "d.jsonl") << record(1, "directional", false);
  EXPECT_NE(merge_error({dir / "a.jsonl", dir / "d.jsonl"}).find("a different list: conflict"), std::string::npos);
  // Another run's shard.
  std::ofstream(dir / "e.jsonl") << record(2, "step-by-step");
  EXPECT_NE(merge_error({dir / "a.jsonl", dir / "e.jsonl"}).find("e.jsonl:1: field 'strategy': written by another run"),
            std::string::npos);
  // A shard still being written (torn last line).
  std::ofstream(dir / "f.jsonl") << record(2) << R"({"id":5,"se)";
  EXPECT_NE(merge_error({dir / "a.jsonl", dir / "f.jsonl"}).find("f.jsonl:2:"), std::string::npos);
}
