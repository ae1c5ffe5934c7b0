// The model tiers the program knows agree with the pins the installers use,
// and --model (--teacher) resolves a tier name or passes a path through.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "ranksent/error.h"
#include "ranksent/models.h"
#include "support/environment.h"

using namespace ranksent;

namespace {
// A pins file: its TIER_* values and its `file PATH SHA256` lines.
struct Pins {
  std::map<std::string, std::string> values, files;
};

Pins read_pins(const std::filesystem::path& file) {
  Pins pins;
  std::ifstream in(file);
  EXPECT_TRUE(in) << "no pins file " << file;
  for (std::string line; std::getline(in, line);) {
    if (auto eq = line.find('='); line.rfind("TIER_", 0) == 0 && eq != std::string::npos)
      pins.values[line.substr(0, eq)] = line.substr(eq + 1);
    std::istringstream words(line);
    std::string kind, path, sha;
    if (words >> kind >> path >> sha && kind == "file") pins.files[path] = sha;
  }
  return pins;
}
}  // namespace

TEST(ModelTiers, OptionalTiersMatchTheirPinFiles) {
  int optional = 0;
  for (const auto& m : llm_tiers()) {
    if (m.installed_by_default) continue;
    ++optional;
    auto v = read_pins(test::source_dir() / "scripts" / "llm-tiers" / (m.tier + ".pins")).values;
    EXPECT_EQ(v["TIER_NAME"], m.tier);
    EXPECT_EQ(v["TIER_FILE"], m.path.filename().string());
    ASSERT_EQ(m.files.size(), 1u);
    EXPECT_EQ(v["TIER_SHA256"], m.files[0].sha256);
  }
  EXPECT_GE(optional, 1);
}

TEST(ModelTiers, OptionalEncoderTiersMatchTheirPinFiles) {
  int optional = 0;
  for (const auto& m : encoder_tiers()) {
    EXPECT_EQ(m.role, "encoder");
    if (m.installed_by_default) continue;
    ++optional;
    auto pins = read_pins(test::source_dir() / "scripts" / "encoder-tiers" / (m.tier + ".pins"));
    EXPECT_EQ(pins.values["TIER_NAME"], m.tier);
    EXPECT_EQ(pins.values["TIER_DIR"], m.path.filename().string());
    // The same files, with the same hashes, model.safetensors among them.
    std::map<std::string, std::string> recorded;
    for (const auto& f : m.files) recorded[f.relative_path] = f.sha256;
    EXPECT_EQ(recorded, pins.files);
    EXPECT_TRUE(recorded.contains("model.safetensors"));
    EXPECT_EQ(install_command(m), "scripts/install_encoder.sh " + m.tier);
  }
  EXPECT_GE(optional, 1);
}

namespace {
// Each tier resolves to its path when installed, else to a UsageError that
// names the command installing it; any other text passes through.
template <typename Resolve>
void check_resolution(const std::vector<DefaultModel>& tiers, Resolve resolve, const char* required) {
  EXPECT_EQ(resolve("/some/model"), std::filesystem::path("/some/model"));
  std::set<std::string> names;
  for (const auto& m : tiers) EXPECT_TRUE(names.insert(m.tier).second) << "tier named twice: " << m.tier;
  for (const auto& m : tiers) {
    if (std::filesystem::exists(*required ? m.path / required : m.path)) {
      EXPECT_EQ(resolve(m.tier), m.path);
    } else {
      try {
        resolve(m.tier);
        FAIL() << "no error for a missing tier";
      } catch (const UsageError& e) {
        EXPECT_NE(std::string(e.what()).find(install_command(m)), std::string::npos) << e.what();
      }
    }
  }
}
}  // namespace

TEST(ModelTiers, ResolveTakesATierOrAPath) { check_resolution(llm_tiers(), resolve_llm, ""); }

TEST(ModelTiers, ResolveEncoderTakesATierOrADirectory) {
  check_resolution(encoder_tiers(), resolve_encoder, "model.safetensors");
}

TEST(ModelTiers, AMissingEncoderTierSaysHowToInstallIt) {
  const auto saved = std::getenv("RANKSENT_CACHE") ? std::string(std::getenv("RANKSENT_CACHE")) : std::string();
  auto empty = test::scratch_dir("cache");
  setenv("RANKSENT_CACHE", empty.c_str(), 1);
  try {
    resolve_encoder("all-mpnet-base-v2");
    ADD_FAILURE() << "no error for a tier that is not installed";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("run scripts/install_encoder.sh all-mpnet-base-v2"), std::string::npos)
        << e.what();
  }
  if (saved.empty())
    unsetenv("RANKSENT_CACHE");
  else
    setenv("RANKSENT_CACHE", saved.c_str(), 1);
}
