#include "encode/checkpoint.h"
#include "ranksent/io/json_file.h"

#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "ranksent/error.h"
#include "ranksent/io/safetensors.h"

namespace ranksent {

namespace {

// Checkpoints saved from task models prefix the encoder's names.
const char* const kPrefixes[] = {"", "bert.", "roberta.", "mpnet.", "model."};

// The safetensors files of a directory: one file, or the shards an index names.
std::vector<std::filesystem::path> weight_files(const std::filesystem::path& dir) {
  if (std::filesystem::exists(dir / "model.safetensors")) return {dir / "model.safetensors"};
  auto index = dir / "model.safetensors.index.json";
  if (std::filesystem::exists(index)) {
    const nlohmann::json j = read_json_file(index);
    if (!j.contains("weight_map") || !j["weight_map"].is_object())
      throw InputError(index.string(), "required object is missing", 0, "weight_map");
    std::vector<std::filesystem::path> shards;
    for (auto& [name, file] : j["weight_map"].items()) {
      if (!file.is_string()) throw InputError(index.string(), "shard file name must be a string", 0, name);
      auto p = dir / file.get<std::string>();
      if (std::find(shards.begin(), shards.end(), p) == shards.end()) shards.push_back(p);
    }
    return shards;
  }
  if (std::filesystem::exists(dir / "pytorch_model.bin"))
    throw InputError(
        (dir / "pytorch_model.bin").string(),
        "only safetensors weights are read; convert once with transformers' save_pretrained(safe_serialization=True)");
  throw InputError(dir.string(), "no model weights found (model.safetensors or model.safetensors.index.json)");
}

struct OpenCheckpoint {
  std::vector<SafetensorsFile> files;
  std::map<std::string, std::pair<const SafetensorsFile*, const TensorInfo*>> tensors;

  explicit OpenCheckpoint(const std::filesystem::path& dir) {
    for (const auto& p : weight_files(dir)) files.push_back(SafetensorsFile::open(p));
    for (const auto& f : files)
      for (const auto& t : f.tensors()) tensors[t.name] = {&f, &t};
  }
  std::pair<const SafetensorsFile*, const TensorInfo*> find(const std::string& name) const {
    for (const char* prefix : kPrefixes)
      if (auto it = tensors.find(prefix + name); it != tensors.end()) return it->second;
    return {nullptr, nullptr};
  }
};

torch::Tensor to_tensor(const SafetensorsFile& file, const TensorInfo& t) {
  auto bytes = file.bytes(t);
  torch::ScalarType type;
  switch (t.dtype) {
    case DType::F32:
      type = torch::kFloat;
      break;
    case DType::F16:
      type = torch::kHalf;
      break;
    case DType::BF16:
      type = torch::kBFloat16;
      break;
    case DType::F64:
      type = torch::kDouble;
      break;
    default:
      throw InputError(file.path().string(), std::string("weights must be floating point, got ") + dtype_name(t.dtype),
                       0, t.name);
  }
  // The mapping is read-only: from_blob views it and the copy into the
  // parameter happens at once.
  return torch::from_blob(const_cast<std::byte*>(bytes.data()), t.shape, torch::TensorOptions().dtype(type));
}

}  // namespace

bool checkpoint_has_pooler(const std::filesystem::path& model_dir) {
  OpenCheckpoint ckpt(model_dir);
  return ckpt.find("pooler.dense.weight").second != nullptr;
}

void load_checkpoint(Transformer& model, const std::filesystem::path& model_dir) {
  OpenCheckpoint ckpt(model_dir);
  torch::NoGradGuard no_grad;
  for (auto& item : model->named_parameters()) {
    auto [file, info] = ckpt.find(item.key());
    if (!info)
      throw InputError((model_dir / "model.safetensors").string(), "tensor missing from the checkpoint", 0, item.key());
    auto& param = item.value();
    if (std::vector<std::int64_t>(param.sizes().begin(), param.sizes().end()) != info->shape) {
      std::string want, got;
      for (auto s : param.sizes()) want += (want.empty() ? "" : ", ") + std::to_string(s);
      for (auto s : info->shape) got += (got.empty() ? "" : ", ") + std::to_string(s);
      throw InputError(file->path().string(),
                       "shape [" + got + "] contradicts config.json, which implies [" + want + "]", 0, info->name);
    }
    param.copy_(to_tensor(*file, *info));
  }
}

void save_checkpoint(const Transformer& model, const std::filesystem::path& path) {
  std::vector<torch::Tensor> keep;
  std::vector<TensorView> views;
  for (const auto& item : model->named_parameters()) {
    auto t = item.value().detach().to(torch::kCPU, torch::kFloat).contiguous();
    keep.push_back(t);
    views.push_back({item.key(), DType::F32, std::vector<std::int64_t>(t.sizes().begin(), t.sizes().end()),
                     std::span<const std::byte>(static_cast<const std::byte*>(t.data_ptr()), std::size_t(t.nbytes()))});
  }
  write_safetensors(path, views, {{"format", "pt"}});
}

}  // namespace ranksent
