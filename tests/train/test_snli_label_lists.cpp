// `ranksent snli-lists` (lists from SNLI's labels, for training without an
// LLM): the first list by hand from SNLI dev's first lines, the label order
// of every list checked against the data, and the records `ranksent train`
// accepts.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "ranksent/eval/snli_data.h"
#include "support/environment.h"
#include "support/snli_lists.h"

namespace ranksent::test {

TEST(SnliLabelLists, FirstListByHandAndLabelOrderEverywhere) {
  const auto dir = scratch_dir("snli_label_lists");
  const auto out = dir / "lists.jsonl";
  const auto r = run_command("'" + cli_path().string() + "' snli-lists --data '" + data_dir().string() +
                             "' --count 300 --length 10 --output '" + out.string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::vector<std::vector<std::string>> lists;
  std::ifstream in(out);
  for (std::string line; std::getline(in, line);) {
    const auto j = nlohmann::json::parse(line);
    EXPECT_EQ(j.at("id").get<std::size_t>(), lists.size());
    EXPECT_TRUE(j.at("rejected").is_null());
    EXPECT_EQ(j.at("strategy"), "snli-labels");
    EXPECT_EQ(j.at("steps"), 9);
    lists.push_back(j.at("sentences").get<std::vector<std::string>>());
    EXPECT_EQ(j.at("seed").get<std::string>(), lists.back()[0]);
  }
  ASSERT_EQ(lists.size(), 300u);
  EXPECT_EQ(lists, snli_lists(300, 10));  // the training tests' fixture is the same lists
  // SNLI dev lines 1-3: one premise, its three hypotheses.
  EXPECT_EQ(std::vector<std::string>(lists[0].begin(), lists[0].begin() + 4),
            (std::vector<std::string>{
                "Two women are embracing while holding to go packages .", "Two woman are holding packages .",
                "The sisters are hugging goodbye while holding to go packages after just eating lunch .",
                "The men are fighting outside a deli ."}));
  std::map<std::pair<std::string, std::string>, std::set<std::string>> label;
  auto labelled = [&](const std::string& premise, const std::string& hypothesis, const char* which) {
    return label[std::make_pair(premise, hypothesis)].count(which) > 0;
  };
  std::set<std::string> premises;
  for (const auto& p : eval::read_snli(data_dir() / "SNLI", "dev")) {
    label[std::make_pair(p.premise, p.hypothesis)].insert(p.label);
    premises.insert(p.premise);
  }
  for (const auto& l : lists) {
    EXPECT_TRUE(labelled(l[0], l[1], "entailment")) << l[0];
    EXPECT_TRUE(labelled(l[0], l[2], "neutral")) << l[0];
    EXPECT_TRUE(labelled(l[0], l[3], "contradiction")) << l[0];
    for (std::size_t k = 4; k < l.size(); ++k) {
      EXPECT_TRUE(premises.count(l[k])) << l[k];
      EXPECT_NE(l[k], l[0]);
    }
  }
}

TEST(SnliLabelLists, MissingDataIsAClearError) {
  const auto dir = scratch_dir("snli_label_lists_missing");
  const auto r = run_command("'" + cli_path().string() + "' snli-lists --data '" + dir.string() +
                             "' --count 5 --output '" + (dir / "out.jsonl").string() + "'");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("SNLI/s1.dev: not found"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(dir / "out.jsonl"));
}

}  // namespace ranksent::test
