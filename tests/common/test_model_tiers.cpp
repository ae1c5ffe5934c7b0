// The model tiers the program knows agree with the pins the installer uses,
// and --model resolves a tier name or passes a path through.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>

#include "ranksent/error.h"
#include "ranksent/models.h"
#include "support/environment.h"

using namespace ranksent;

TEST(ModelTiers, OptionalTiersMatchTheirPinFiles) {
  int optional = 0;
  for (const auto& m : llm_tiers()) {
    if (m.installed_by_default) continue;
    ++optional;
    std::ifstream in(test::source_dir() / "scripts" / "llm-tiers" / (m.tier + ".pins"));
    ASSERT_TRUE(in) << "no pins file for tier " << m.tier;
    std::map<std::string, std::string> v;
    for (std::string line; std::getline(in, line);)
      if (auto eq = line.find('='); line.rfind("TIER_", 0) == 0 && eq != std::string::npos) v[line.substr(0, eq)] = line.substr(eq + 1);
    EXPECT_EQ(v["TIER_NAME"], m.tier);
    EXPECT_EQ(v["TIER_FILE"], m.path.filename().string());
    ASSERT_EQ(m.files.size(), 1u);
    EXPECT_EQ(v["TIER_SHA256"], m.files[0].sha256);
  }
  EXPECT_GE(optional, 1);
}

TEST(ModelTiers, ResolveTakesATierOrAPath) {
  EXPECT_EQ(resolve_llm("/some/model.gguf"), std::filesystem::path("/some/model.gguf"));
  const auto tiers = llm_tiers();
  std::set<std::string> names;
  for (const auto& m : tiers) EXPECT_TRUE(names.insert(m.tier).second) << "tier named twice: " << m.tier;
  for (const auto& m : tiers) {
    if (std::filesystem::exists(m.path)) {
      EXPECT_EQ(resolve_llm(m.tier), m.path);
    } else {
      try {
        resolve_llm(m.tier);
        FAIL() << "no error for a missing tier";
      } catch (const UsageError& e) {
        EXPECT_NE(std::string(e.what()).find("bootstrap.sh"), std::string::npos) << e.what();
      }
    }
  }
}
