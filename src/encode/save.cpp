// Saving an Encoder as a model directory: the source directory's files
// (config, tokenizer, sentence-transformers modules) with new weights.
#include <nlohmann/json.hpp>

#include "encode/checkpoint.h"
#include "encode/encoder_impl.h"
#include "ranksent/io/atomic_file.h"

namespace ranksent {

namespace {
bool is_weight_file(const std::filesystem::path& p) {
  auto name = p.filename().string();
  return name.starts_with("model.safetensors") || name.starts_with("model-") || name.starts_with("pytorch_model") ||
         name.ends_with(".onnx") || name.ends_with(".h5") || name.ends_with(".msgpack") || name.ends_with(".ckpt");
}

// sentence-transformers' modules.json and 1_Pooling/config.json for a
// pooling (Cls, the pooler output, has no sentence-transformers spelling and
// is what a directory without these files gives).
void write_pooling_files(const std::filesystem::path& dir, Pooling pooling, std::int64_t dim) {
  if (std::filesystem::exists(dir / "modules.json") || pooling == Pooling::Cls) return;
  nlohmann::json modules = nlohmann::json::array(
      {{{"idx", 0}, {"name", "0"}, {"path", ""}, {"type", "sentence_transformers.models.Transformer"}},
       {{"idx", 1}, {"name", "1"}, {"path", "1_Pooling"}, {"type", "sentence_transformers.models.Pooling"}}});
  nlohmann::json config = {{"word_embedding_dimension", dim},
                           {"pooling_mode_cls_token", pooling == Pooling::ClsBeforePooler},
                           {"pooling_mode_mean_tokens", pooling == Pooling::Mean},
                           {"pooling_mode_max_tokens", false},
                           {"pooling_mode_mean_sqrt_len_tokens", false}};
  std::filesystem::create_directories(dir / "1_Pooling");
  write_file_atomic(dir / "1_Pooling" / "config.json", config.dump(2));
  write_file_atomic(dir / "modules.json", modules.dump(2));
}
}  // namespace

void Encoder::save(const std::filesystem::path& out_dir, std::optional<Pooling> declare_pooling) const {
  namespace fs = std::filesystem;
  const auto& m = *impl_;
  auto parent = out_dir.parent_path().empty() ? fs::path(".") : out_dir.parent_path();
  fs::create_directories(parent);
  // Hidden siblings; built by appending (GCC 12 misreads "." + std::string at -O3).
  auto sibling = [&](const char* suffix) {
    std::string name(1, '.');
    name += out_dir.filename().string();
    name += suffix;
    return parent / name;
  };
  auto temp = sibling(".saving");
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
  if (declare_pooling) write_pooling_files(temp, *declare_pooling, dim());
  // Swap into place: the old directory (a previous checkpoint) survives
  // until the new one is complete.
  if (fs::exists(out_dir)) {
    auto old = sibling(".old");
    fs::remove_all(old);
    fs::rename(out_dir, old);
    fs::rename(temp, out_dir);
    fs::remove_all(old);
  } else {
    fs::rename(temp, out_dir);
  }
}

}  // namespace ranksent
