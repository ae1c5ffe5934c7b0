// The default models and where they live: one cache directory, filled by
// scripts/bootstrap.sh from registry packages, never reached over the network
// at run time.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace ranksent {

// $RANKSENT_CACHE, else ~/.cache/ranksent.
std::filesystem::path cache_dir();

struct ModelFile {
  std::string relative_path;  // inside the model's path (empty = the path itself)
  std::string sha256;         // recorded when the package was pinned
};

struct DefaultModel {
  std::string role;      // "llm" or "encoder"
  std::string name;
  std::string package;   // registry package that ships it
  std::filesystem::path path;
  std::vector<ModelFile> files;  // the files whose hashes are recorded
};

DefaultModel default_llm();      // SmolLM2-135M-Instruct Q4_1 GGUF
DefaultModel default_encoder();  // all-MiniLM-L6-v2, Hugging Face layout
std::vector<DefaultModel> default_models();

}  // namespace ranksent
