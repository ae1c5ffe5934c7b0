// Saving an Encoder as a model directory: the source directory's files
// (config, tokenizer, sentence-transformers modules) with new weights.
#include "encode/checkpoint.h"
#include "encode/encoder_impl.h"

namespace ranksent {

namespace {
bool is_weight_file(const std::filesystem::path& p) {
  auto name = p.filename().string();
  return name.starts_with("model.safetensors") || name.starts_with("model-") || name.starts_with("pytorch_model") ||
         name.ends_with(".onnx") || name.ends_with(".h5") || name.ends_with(".msgpack") || name.ends_with(".ckpt");
}
}  // namespace

void Encoder::save(const std::filesystem::path& out_dir) const {
  namespace fs = std::filesystem;
  const auto& m = *impl_;
  auto parent = out_dir.parent_path().empty() ? fs::path(".") : out_dir.parent_path();
  fs::create_directories(parent);
  auto temp = parent / ("." + out_dir.filename().string() + ".saving");
  fs::remove_all(temp);
  fs::create_directories(temp);
  for (auto it = fs::recursive_directory_iterator(m.directory); it != fs::recursive_directory_iterator(); ++it) {
    auto rel = fs::relative(it->path(), m.directory);
    if (it->is_directory()) {
      fs::create_directories(temp / rel);
    } else if (!is_weight_file(it->path()) && rel.string().find("onnx") == std::string::npos &&
               rel.string().find("openvino") == std::string::npos) {
      fs::copy_file(it->path(), temp / rel, fs::copy_options::overwrite_existing);
    }
  }
  save_checkpoint(m.model, temp / "model.safetensors");
  // Swap into place: the old directory (a previous checkpoint) survives
  // until the new one is complete.
  if (fs::exists(out_dir)) {
    auto old = parent / ("." + out_dir.filename().string() + ".old");
    fs::remove_all(old);
    fs::rename(out_dir, old);
    fs::rename(temp, out_dir);
    fs::remove_all(old);
  } else {
    fs::rename(temp, out_dir);
  }
}

}  // namespace ranksent
