// Weights of a Transformer module <-> safetensors files in the Hugging Face
// naming (single file or sharded with model.safetensors.index.json).
#pragma once
#include <filesystem>

#include "encode/transformer.h"

namespace ranksent {

// True when the checkpoint in model_dir holds a pooler (BERT's, MPNet's).
bool checkpoint_has_pooler(const std::filesystem::path& model_dir);

// Copies every parameter of `model` from the checkpoint; a missing tensor or
// a shape that contradicts config.json is an InputError naming the tensor.
void load_checkpoint(Transformer& model, const std::filesystem::path& model_dir);

// Writes every parameter as float32 to `path` (model.safetensors).
void save_checkpoint(const Transformer& model, const std::filesystem::path& path);

}  // namespace ranksent
