// scripts/snli_label_lists.sh (lists from SNLI's labels, for training
// without an LLM) builds the same lists as the C++ fixture the trainer tests
// use, and writes records `ranksent train` accepts.
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "support/environment.h"
#include "support/snli_lists.h"

namespace ranksent::test {

TEST(SnliLabelLists, ScriptEqualsTheFixture) {
  const auto dir = scratch_dir("snli_label_lists");
  const auto out = dir / "lists.jsonl";
  const auto r = run_command("RANKSENT_DATA='" + data_dir().string() + "' bash '" +
                             (source_dir() / "scripts" / "snli_label_lists.sh").string() + "' 300 '" + out.string() +
                             "' 10");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto expected = snli_lists(300, 10);
  ASSERT_EQ(expected.size(), 300u);
  std::ifstream in(out);
  std::string line;
  std::size_t i = 0;
  while (std::getline(in, line)) {
    const auto j = nlohmann::json::parse(line);
    ASSERT_LT(i, expected.size());
    EXPECT_EQ(j.at("id").get<std::size_t>(), i);
    EXPECT_TRUE(j.at("rejected").is_null());
    EXPECT_EQ(j.at("sentences").get<std::vector<std::string>>(), expected[i]) << "list " << i;
    EXPECT_EQ(j.at("seed").get<std::string>(), expected[i][0]);
    ++i;
  }
  EXPECT_EQ(i, expected.size());
}

TEST(SnliLabelLists, MissingDataIsAClearError) {
  const auto dir = scratch_dir("snli_label_lists_missing");
  const auto r = run_command("RANKSENT_DATA='" + dir.string() + "' bash '" +
                             (source_dir() / "scripts" / "snli_label_lists.sh").string() + "' 5 '" +
                             (dir / "out.jsonl").string() + "' 2>&1");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("SNLI/s1.dev: not found"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(dir / "out.jsonl"));
}

}  // namespace ranksent::test
