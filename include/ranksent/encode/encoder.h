// A sentence encoder loaded from a Hugging Face model directory (BERT,
// RoBERTa or MPNet weights in safetensors, its tokenizer, and sentence-transformers'
// modules.json / 1_Pooling when present), run with LibTorch. No LibTorch
// header here: what training needs at tensor level is in
// ranksent/encode/encoder_tensors.h.
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ranksent/encode/model_config.h"
#include "ranksent/options.h"
#include "ranksent/text/tokenizer.h"

namespace ranksent {

Pooling parse_pooling(const std::string& name);  // throws OptionError (field "pooling")
std::string pooling_name(Pooling pooling);

// --dtype auto: bfloat16 on a CPU that computes it in hardware (AMX-BF16 or
// AVX512-BF16; docs/results, "Against the floor": STS avg -0.007 against
// float32, 2.0x faster on a Xeon with AMX), float32 elsewhere and on CUDA.
// Any other name is returned as it is.
std::string resolve_dtype(const std::string& dtype, const std::string& device);

class Encoder {
 public:
  // Throws InputError naming the file and field for a malformed directory,
  // config, tokenizer or weights (missing or mis-shaped tensors included).
  static Encoder load(const std::filesystem::path& model_dir);

  Encoder(Encoder&&) noexcept;
  Encoder& operator=(Encoder&&) noexcept;
  ~Encoder();

  // Row-major [sentences.size(), dim()] embeddings. Batches are formed from
  // length-sorted sentences so little padding is computed; the result is in
  // input order.
  std::vector<float> encode(const std::vector<std::string>& sentences, const EncodeOptions& options = {}) const;

  std::int64_t dim() const;
  const TransformerConfig& config() const;
  const text::Tokenizer& tokenizer() const;
  const std::filesystem::path& directory() const;
  bool has_pooler() const;
  Pooling default_pooling() const;
  bool default_normalize() const;
  std::size_t default_max_length() const;

  // Moves the weights to `device` ("cpu", "cuda", "cuda:N") in `dtype`
  // ("float32", "bfloat16", "float16"); inputs follow the weights, and
  // embeddings come back as float32 on the CPU. UsageError (exit 2) for an
  // unknown name, or a device this LibTorch build or machine lacks.
  void place(const std::string& device, const std::string& dtype = "float32");
  std::string device() const;  // "cpu", "cuda:0", ...
  std::string dtype() const;   // the weights': "float32", "bfloat16" or "float16"

  // Saves a model directory that this class, transformers and
  // sentence-transformers load: config.json, model.safetensors, the
  // tokenizer and sentence-transformers files of the source directory.
  // Written to a temporary directory and renamed into place. With
  // `declare_pooling` (and no modules.json of its own), the directory also
  // states that pooling in sentence-transformers' files, so that those tools
  // and `ranksent eval` embed as the model was selected.
  void save(const std::filesystem::path& out_dir, std::optional<Pooling> declare_pooling = std::nullopt) const;

  // The LibTorch internals (src/encode/encoder_impl.h), for encode/ itself;
  // training reaches them through ranksent/encode/encoder_tensors.h.
  struct Impl;
  Impl& impl() { return *impl_; }
  const Impl& impl() const { return *impl_; }

 private:
  explicit Encoder(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace ranksent
