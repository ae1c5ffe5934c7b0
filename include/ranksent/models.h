// The models ranksent knows by name ("tiers") and where they live: one cache
// directory, filled by scripts/bootstrap.sh from registry packages
// (`scripts/bootstrap.sh --llm NAME` or `scripts/install_encoder.sh NAME` for
// an optional tier), never reached over the network at run time.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace ranksent {

// The environment, read here only (docs/robustness.md, "Environment"):
// $RANKSENT_CACHE, else ~/.cache/ranksent.
std::filesystem::path cache_dir();

// The evaluation and seed data folder, with one precedence everywhere: the
// value a caller gives (a --data flag, an API option), else $RANKSENT_DATA,
// else `fallback` (a study file's `data`; ../shared/data beside the working
// folder for train and eval).
std::filesystem::path data_dir(const std::filesystem::path& given = {},
                               const std::filesystem::path& fallback = "../shared/data");

struct ModelFile {
  std::string relative_path;  // inside the model's path (empty = the path itself)
  std::string sha256;         // recorded when the package was pinned
};

struct DefaultModel {
  std::string role;  // "llm" or "encoder"
  std::string tier;  // short name, accepted by --model
  std::string name;
  std::string package;  // registry package(s) that ship it
  std::filesystem::path path;
  std::vector<ModelFile> files;      // the files whose hashes are recorded
  bool installed_by_default = true;  // false: an optional tier, see install_command
};

DefaultModel default_llm();      // SmolLM2-135M-Instruct Q4_1 GGUF
DefaultModel default_encoder();  // all-MiniLM-L6-v2, Hugging Face layout
// Every known model: the defaults, then the optional LLM and encoder tiers.
std::vector<DefaultModel> default_models();
std::vector<DefaultModel> llm_tiers();  // from the smallest to the best
// The best LLM tier whose file is installed (default_llm() when none is):
// what `generate` uses without --model, since the 135M model's lists are too
// weak to train on (docs/results).
DefaultModel best_installed_llm();
std::vector<DefaultModel> encoder_tiers();  // all-MiniLM-L6-v2 (default), all-mpnet-base-v2

// The command that installs a model: scripts/bootstrap.sh, with `--llm NAME`
// for an optional LLM tier; scripts/install_encoder.sh NAME for an optional
// encoder tier.
std::string install_command(const DefaultModel& model);

// --model of the LLM commands: a tier name (its file must be installed, else
// a UsageError that says how to install it) or a path, returned as given.
std::filesystem::path resolve_llm(const std::string& spec);
// --model / --teacher of the encoder commands, the same way: a tier name
// (its directory must hold model.safetensors) or a model directory.
std::filesystem::path resolve_encoder(const std::string& spec);

}  // namespace ranksent
