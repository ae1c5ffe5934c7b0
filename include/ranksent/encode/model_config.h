// The parts of a Hugging Face config.json that define a BERT, RoBERTa or
// MPNet encoder. Every field the architecture depends on is read and checked.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>

namespace ranksent {

enum class Architecture { Bert, Roberta, Mpnet };

struct TransformerConfig {
  Architecture architecture = Architecture::Bert;
  std::string model_type;  // as written: "bert", "roberta", "xlm-roberta", "mpnet"
  std::int64_t vocab_size = 0;
  std::int64_t hidden_size = 0;
  std::int64_t num_hidden_layers = 0;
  std::int64_t num_attention_heads = 0;
  std::int64_t intermediate_size = 0;
  std::int64_t max_position_embeddings = 0;
  std::int64_t type_vocab_size = 0;  // 0 for MPNet, which has no token type embeddings
  std::int64_t pad_token_id = 0;
  double layer_norm_eps = 1e-12;
  double hidden_dropout_prob = 0.1;
  double attention_probs_dropout_prob = 0.1;
  std::string hidden_act = "gelu";                  // gelu | gelu_new | gelu_pytorch_tanh | relu
  std::int64_t relative_attention_num_buckets = 0;  // MPNet's relative position bias rows (32)

  // Throws InputError naming config.json and the field on anything missing,
  // mistyped or unsupported.
  static TransformerConfig load(const std::filesystem::path& config_json);
};

}  // namespace ranksent
