// A GGUF language model run through llama.cpp: loading (with the file checked
// first), tokenisation, the model's chat template, and a context with its KV
// cache. llama.h stays out of this header; strategies include it themselves.
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct llama_model;
struct llama_context;
struct llama_vocab;

namespace ranksent {

using Token = std::int32_t;

struct ChatMessage {
  std::string role;  // "system", "user", "assistant"
  std::string content;
};

struct LlmOptions {
  int gpu_layers = 0;            // layers offloaded (-1 = all); UsageError at load without a GPU backend
  int threads = 0;               // 0 = all hardware threads
  std::uint32_t context = 4096;  // KV cache cells shared by all sequences
  std::uint32_t batch = 2048;    // most tokens in one llama_decode
  std::uint32_t sequences = 1;   // most sequence ids in use at once
  // One KV buffer for all sequences: a shared prompt prefix is then shared
  // cells (llama_memory_seq_cp adds a sequence id, copies nothing); false
  // gives each sequence its own stream, where a copy moves the whole buffer.
  bool kv_unified = true;
  // Off by default: llama.cpp's CPU flash attention takes a different path
  // (f16 vs f32 query, tiled vs per-row) for one token than for many, so a
  // context's logits would depend on how its tokens were batched. Without it
  // they agree to ~1e-5 between batched and single-sequence runs.
  bool flash_attention = false;
};

class LlmModel {
 public:
  // Throws InputError naming the file when it is missing, not GGUF, or
  // refused by llama.cpp.
  static std::shared_ptr<LlmModel> load(const std::filesystem::path& path, const LlmOptions& options = {});
  ~LlmModel();
  LlmModel(const LlmModel&) = delete;
  LlmModel& operator=(const LlmModel&) = delete;

  std::vector<Token> tokenize(std::string_view text, bool add_special, bool parse_special) const;
  std::string detokenize(const std::vector<Token>& tokens, bool render_special = false) const;
  bool is_end_of_generation(Token token) const;
  // Whether llama.cpp's tokenizer matches `token`'s text as a whole when it
  // parses special tokens (control, user-defined and unknown tokens).
  bool is_special(Token token) const;
  // The longest text of such a token, in bytes.
  std::size_t longest_special_text() const;

  std::int32_t vocab_size() const;
  std::int32_t context_length() const;             // the training context (n_ctx_train)
  std::string architecture() const;                // general.architecture
  std::string meta(const std::string& key) const;  // "" when absent
  std::string description() const;
  std::uint64_t parameter_count() const;

  // The model's own chat template (empty when it has none).
  std::string chat_template() const;
  // Renders messages with the model's template; a model without a usable
  // template gets a plain "role: content" layout.
  std::string apply_chat_template(const std::vector<ChatMessage>& messages, bool add_assistant_turn) const;

  const std::filesystem::path& path() const { return path_; }
  llama_model* raw() const { return model_; }
  const llama_vocab* vocab() const { return vocab_; }

 private:
  LlmModel() = default;
  std::filesystem::path path_;
  llama_model* model_ = nullptr;
  const llama_vocab* vocab_ = nullptr;
};

class LlmContext {
 public:
  LlmContext(std::shared_ptr<LlmModel> model, const LlmOptions& options = {});
  ~LlmContext();
  LlmContext(const LlmContext&) = delete;
  LlmContext& operator=(const LlmContext&) = delete;

  LlmModel& model() const { return *model_; }
  llama_context* raw() const { return ctx_; }
  std::uint32_t batch_capacity() const { return batch_; }
  bool kv_unified() const { return kv_unified_; }
  void clear_memory();  // drops every sequence's KV cache

 private:
  std::shared_ptr<LlmModel> model_;
  llama_context* ctx_ = nullptr;
  std::uint32_t batch_ = 0;
  bool kv_unified_ = true;
};

// Greedy decoding of one prompt on sequence 0 of a cleared context, stopping
// at an end-of-generation token or after max_new_tokens.
std::vector<Token> greedy_generate(LlmContext& ctx, const std::vector<Token>& prompt, int max_new_tokens);

// Routes llama.cpp's log to stderr at warning level and above
// (RANKSENT_LLAMA_LOG=debug shows everything); initialises the backend once.
void init_llama_backend();

// llama.cpp's system info line: the CPU features its kernels were built for
// ("CPU : SSE3 = 1 | ... | AVX512 = 1 | ..."), and any GPU backend.
std::string llama_system_info();

// The kernel set of that line: the CPU section's features that are on, in
// its order ("SSE3 SSSE3 AVX AVX2 F16C FMA BMI2 LLAMAFILE REPACK" on an AVX2
// CPU). Two builds with the same kernel set run the same CPU kernels, so they
// round alike: what keys token-for-token references (docs/cpus.md).
std::string llama_kernel_set(const std::string& system_info);

}  // namespace ranksent
