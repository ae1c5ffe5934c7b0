// The premise pool of seed selection: formats, normalisation and
// de-duplication counted, exclusion, and errors that name file and line.
#include <gtest/gtest.h>

#include <fstream>

#include "ranksent/error.h"
#include "ranksent/io/premise_pool.h"
#include "support/environment.h"

using namespace ranksent;

TEST(PremisePool, KeyFoldsCaseSpaceAndPunctuation) {
  EXPECT_EQ(premise_key("A dog runs."), "adogruns");
  EXPECT_EQ(premise_key("a  dog runs"), "adogruns");
  EXPECT_EQ(premise_key("Caf\xC3\xA9!"), "caf\xC3\xA9");  // non-ASCII kept
  EXPECT_EQ(unquote_field("\"A \"\"big\"\" dog.\""), "A \"big\" dog.");
  EXPECT_EQ(unquote_field("plain"), "plain");
}

TEST(PremisePool, FormatsDuplicatesAndExclusion) {
  auto dir = test::scratch_dir("pool");
  std::ofstream(dir / "a.txt") << "A dog runs.\n\n  a dog   runs \nTwo cats sleep.\n...\nA man eats.\n";
  std::ofstream(dir / "b.csv") << "1\t1\t\"A \"\"tall\"\" man.\"\tx\n3\t3\tTwo cats sleep\ty\n";
  std::ofstream(dir / "c.jsonl") << "{\"sentence\": \"A girl sings.\"}\n";
  std::ofstream(dir / "ex.txt") << "a man eats\n";
  const PremiseReadOptions o{.column = 3};
  const auto pool = read_premise_pool({dir / "a.txt", dir / "b.csv", dir / "c.jsonl"}, o, {dir / "ex.txt"});
  std::vector<std::string> texts;
  for (const auto& p : pool.premises) texts.push_back(p.text);
  EXPECT_EQ(texts, (std::vector<std::string>{"A dog runs.", "Two cats sleep.", "A \"tall\" man.", "A girl sings."}));
  EXPECT_EQ(pool.lines, 8u);       // blank lines are not read
  EXPECT_EQ(pool.duplicates, 2u);  // "a dog runs", "Two cats sleep"
  EXPECT_EQ(pool.excluded, 1u);
  EXPECT_EQ(pool.no_text, 1u);  // "..."
  EXPECT_EQ(pool.premises[2].source, (dir / "b.csv").string() + ":1");
}

TEST(PremisePool, ErrorsNameTheFileAndLine) {
  auto dir = test::scratch_dir("pool-bad");
  std::ofstream(dir / "b.csv") << "1\t1\tA dog.\tx\nonly one field\n";
  std::ofstream(dir / "c.jsonl") << "{\"sentence\": \"A girl sings.\"}\n{\"text\": 3}\n";
  std::ofstream(dir / "u.txt") << "ok\n\xff\xfe\n";
  auto message = [&](const std::filesystem::path& p, int column) {
    try {
      read_premise_pool({p}, PremiseReadOptions{.column = column});
    } catch (const InputError& e) {
      return std::string(e.what());
    } catch (const UsageError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message(dir / "b.csv", 3).find("b.csv:2"), std::string::npos) << message(dir / "b.csv", 3);
  EXPECT_NE(message(dir / "b.csv", 0).find("--column"), std::string::npos);
  EXPECT_NE(message(dir / "c.jsonl", 0).find("c.jsonl:2"), std::string::npos) << message(dir / "c.jsonl", 0);
  EXPECT_NE(message(dir / "u.txt", 0).find("u.txt:2"), std::string::npos) << message(dir / "u.txt", 0);
  EXPECT_NE(message(dir / "none.txt", 0).find("no such file"), std::string::npos);
}
