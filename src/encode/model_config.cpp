#include "ranksent/encode/model_config.h"
#include "ranksent/io/json_file.h"

#include <fstream>
#include <optional>

#include <nlohmann/json.hpp>

#include "ranksent/error.h"

namespace ranksent {

TransformerConfig TransformerConfig::load(const std::filesystem::path& path) {
  const std::string file = path.string();
  if (!std::filesystem::exists(path))
    throw InputError(file, "model config not found (a Hugging Face model directory has config.json)");
  const nlohmann::json j = read_json_file(path);
  auto integer = [&](const char* key, std::optional<std::int64_t> fallback = std::nullopt) {
    if (!j.contains(key)) {
      if (fallback) return *fallback;
      throw InputError(file, "required field is missing", 0, key);
    }
    if (!j[key].is_number_integer() || j[key].get<std::int64_t>() < 0)
      throw InputError(file, "must be a non-negative integer, got " + j[key].dump(), 0, key);
    return j[key].get<std::int64_t>();
  };
  auto real = [&](const char* key, double fallback) {
    if (!j.contains(key) || j[key].is_null()) return fallback;
    if (!j[key].is_number()) throw InputError(file, "must be a number, got " + j[key].dump(), 0, key);
    return j[key].get<double>();
  };

  TransformerConfig c;
  if (!j.contains("model_type") || !j["model_type"].is_string())
    throw InputError(file, "required field is missing", 0, "model_type");
  c.model_type = j["model_type"].get<std::string>();
  if (c.model_type == "bert")
    c.architecture = Architecture::Bert;
  else if (c.model_type == "roberta" || c.model_type == "xlm-roberta")
    c.architecture = Architecture::Roberta;
  else if (c.model_type == "mpnet")
    c.architecture = Architecture::Mpnet;
  else
    throw InputError(file,
                     "unsupported architecture '" + c.model_type + "' (supported: bert, roberta, xlm-roberta, mpnet)",
                     0, "model_type");
  const bool mpnet = c.architecture == Architecture::Mpnet;
  c.vocab_size = integer("vocab_size");
  c.hidden_size = integer("hidden_size");
  c.num_hidden_layers = integer("num_hidden_layers");
  c.num_attention_heads = integer("num_attention_heads");
  c.intermediate_size = integer("intermediate_size");
  c.max_position_embeddings = integer("max_position_embeddings");
  // MPNet has no token type embeddings, whatever the file says.
  c.type_vocab_size = mpnet ? 0 : integer("type_vocab_size", 2);
  c.pad_token_id = integer("pad_token_id", c.architecture == Architecture::Bert ? 0 : 1);
  c.layer_norm_eps = real("layer_norm_eps", 1e-12);
  c.hidden_dropout_prob = real("hidden_dropout_prob", 0.1);
  c.attention_probs_dropout_prob = real("attention_probs_dropout_prob", 0.1);
  if (j.contains("hidden_act")) {
    if (!j["hidden_act"].is_string()) throw InputError(file, "must be a string", 0, "hidden_act");
    c.hidden_act = j["hidden_act"].get<std::string>();
  }
  if (c.hidden_act != "gelu" && c.hidden_act != "gelu_new" && c.hidden_act != "gelu_pytorch_tanh" &&
      c.hidden_act != "relu")
    throw InputError(file, "unsupported activation '" + c.hidden_act + "'", 0, "hidden_act");
  if (j.contains("position_embedding_type") && j["position_embedding_type"] != "absolute")
    throw InputError(file, "only absolute position embeddings are supported", 0, "position_embedding_type");
  if (mpnet) {
    // MPNetConfig's default; transformers buckets relative positions into 32
    // whatever the config says, so fewer rows could not be indexed.
    c.relative_attention_num_buckets = integer("relative_attention_num_buckets", 32);
    if (c.relative_attention_num_buckets < 32)
      throw InputError(file, "must be at least 32 (MPNet buckets relative positions into 32)", 0,
                       "relative_attention_num_buckets");
  }
  if (c.num_attention_heads == 0 || c.hidden_size % c.num_attention_heads != 0)
    throw InputError(file, "hidden_size " + std::to_string(c.hidden_size) + " is not divisible by the head count", 0,
                     "num_attention_heads");
  return c;
}

}  // namespace ranksent
