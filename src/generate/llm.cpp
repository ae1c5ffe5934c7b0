#include "ranksent/generate/llm.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <ggml-backend.h>
#include <llama.h>

#include "ranksent/error.h"
#include "ranksent/io/gguf_metadata.h"

namespace ranksent {

namespace {

// While a model loads, llama.cpp's warnings and errors are held here, so
// that a failed load says ranksent's one line first, with llama.cpp's reason
// in it, instead of llama.cpp's lines before it.
std::string* held_log = nullptr;

void log_filter(ggml_log_level level, const char* text, void*) {
  static const bool verbose = [] {
    const char* v = std::getenv("RANKSENT_LLAMA_LOG");
    return v && std::strcmp(v, "debug") == 0;
  }();
  if (!verbose && level != GGML_LOG_LEVEL_ERROR && level != GGML_LOG_LEVEL_WARN) return;
  if (held_log && !verbose) {
    *held_log += text;
    return;
  }
  std::fputs(text, stderr);
}

// The first error line llama.cpp logged ("llama_model_load: error loading
// model: ..."), without its function prefix.
std::string first_error(const std::string& log) {
  const auto at = log.find("error loading model: ");
  if (at == std::string::npos) return {};
  auto line = log.substr(at + 21, log.find('\n', at) - at - 21);
  while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
  return line;
}

int resolve_threads(int threads) { return threads > 0 ? threads : std::max(1u, std::thread::hardware_concurrency()); }

}  // namespace

void init_llama_backend() {
  static std::once_flag once;
  std::call_once(once, [] {
    llama_log_set(log_filter, nullptr);
    llama_backend_init();
  });
}

std::string llama_system_info() {
  init_llama_backend();
  return llama_print_system_info();
}

std::string llama_kernel_set(const std::string& system_info) {
  // "CPU : SSE3 = 1 | SSSE3 = 1 | ... | REPACK = 1 | CUDA : ARCHS = 900 | ...":
  // fields split by '|', a field with " : " opens a backend's section.
  std::string out, section;
  std::size_t start = 0;
  while (start < system_info.size()) {
    const std::size_t end = std::min(system_info.find('|', start), system_info.size());
    std::string field = system_info.substr(start, end - start);
    start = end + 1;
    if (const auto colon = field.find(" : "); colon != std::string::npos) {
      section = field.substr(0, colon);
      section.erase(0, section.find_first_not_of(' '));
      field.erase(0, colon + 3);
    }
    const auto eq = field.find(" = ");
    if (section != "CPU" || eq == std::string::npos) continue;
    std::string name = field.substr(0, eq), value = field.substr(eq + 3);
    name.erase(0, name.find_first_not_of(' '));
    value.erase(value.find_last_not_of(' ') + 1);
    if (value == "1") out += (out.empty() ? "" : " ") + name;
  }
  return out;
}

std::shared_ptr<LlmModel> LlmModel::load(const std::filesystem::path& path, const LlmOptions& options) {
  if (!std::filesystem::is_regular_file(path)) throw InputError(path.string(), "LLM model file not found");
  read_gguf_metadata(path);  // a clear error for non-GGUF input, before llama.cpp sees it
  init_llama_backend();
  // Without a GPU llama.cpp would quietly keep every layer on the CPU. A CUDA build on a machine without a GPU
  // is told apart from a build without a GPU backend: the fixes differ.
  if (options.gpu_layers != 0 && !llama_supports_gpu_offload())
    throw UsageError("--gpu-layers " + std::to_string(options.gpu_layers) + ": " +
                     (ggml_backend_reg_by_name("CUDA") != nullptr
                          ? "no CUDA device here (this llama.cpp has its CUDA backend; the machine shows no GPU)"
                          : "this build of llama.cpp has no GPU backend (RANKSENT_CUDA=1 scripts/bootstrap.sh builds "
                            "one where a CUDA toolkit exists)"));
  auto params = llama_model_default_params();
  params.n_gpu_layers = options.gpu_layers;
  std::shared_ptr<LlmModel> m(new LlmModel());
  m->path_ = path;
  std::string log;
  held_log = &log;
  m->model_ = llama_model_load_from_file(path.c_str(), params);
  held_log = nullptr;
  if (!m->model_) {
    const std::string why = first_error(log);
    throw InputError(path.string(), "llama.cpp could not load this GGUF model: " +
                                        (why.empty() ? "unsupported architecture or corrupt tensors?" : why));
  }
  std::fputs(log.c_str(), stderr);  // a loaded model's warnings, as they came
  m->vocab_ = llama_model_get_vocab(m->model_);
  return m;
}

LlmModel::~LlmModel() {
  if (model_) llama_model_free(model_);
}

std::vector<Token> LlmModel::tokenize(std::string_view text, bool add_special, bool parse_special) const {
  std::vector<Token> out(text.size() + 8);
  int n = llama_tokenize(vocab_, text.data(), int32_t(text.size()), out.data(), int32_t(out.size()), add_special,
                         parse_special);
  if (n < 0) {
    out.resize(std::size_t(-n));
    n = llama_tokenize(vocab_, text.data(), int32_t(text.size()), out.data(), int32_t(out.size()), add_special,
                       parse_special);
  }
  if (n < 0) throw std::runtime_error("llama_tokenize failed");
  out.resize(std::size_t(n));
  return out;
}

std::string LlmModel::detokenize(const std::vector<Token>& tokens, bool render_special) const {
  std::string out(tokens.size() * 8 + 16, '\0');
  int n = llama_detokenize(vocab_, tokens.data(), int32_t(tokens.size()), out.data(), int32_t(out.size()), false,
                           render_special);
  if (n < 0) {
    out.resize(std::size_t(-n));
    n = llama_detokenize(vocab_, tokens.data(), int32_t(tokens.size()), out.data(), int32_t(out.size()), false,
                         render_special);
  }
  if (n < 0) throw std::runtime_error("llama_detokenize failed");
  out.resize(std::size_t(n));
  return out;
}

bool LlmModel::is_end_of_generation(Token token) const { return llama_vocab_is_eog(vocab_, token); }
std::int32_t LlmModel::vocab_size() const { return llama_vocab_n_tokens(vocab_); }

bool LlmModel::is_special(Token token) const {
  return llama_vocab_get_attr(vocab_, token) &
         (LLAMA_TOKEN_ATTR_CONTROL | LLAMA_TOKEN_ATTR_USER_DEFINED | LLAMA_TOKEN_ATTR_UNKNOWN);
}

std::size_t LlmModel::longest_special_text() const {
  std::size_t out = 0;
  for (Token t = 0; t < vocab_size(); ++t)
    if (is_special(t)) out = std::max(out, std::strlen(llama_vocab_get_text(vocab_, t)));
  return out;
}
std::int32_t LlmModel::context_length() const { return llama_model_n_ctx_train(model_); }
std::uint64_t LlmModel::parameter_count() const { return llama_model_n_params(model_); }
std::string LlmModel::architecture() const { return meta("general.architecture"); }

std::string LlmModel::meta(const std::string& key) const {
  char buf[512];
  int n = llama_model_meta_val_str(model_, key.c_str(), buf, sizeof(buf));
  if (n < 0) return {};
  if (std::size_t(n) < sizeof(buf)) return std::string(buf, std::size_t(n));
  std::string big(std::size_t(n) + 1, '\0');
  llama_model_meta_val_str(model_, key.c_str(), big.data(), big.size());
  big.resize(std::size_t(n));
  return big;
}

std::string LlmModel::description() const {
  char buf[256];
  int n = llama_model_desc(model_, buf, sizeof(buf));
  return n > 0 ? std::string(buf, std::size_t(std::min<int>(n, sizeof(buf) - 1))) : std::string();
}

std::string LlmModel::chat_template() const {
  const char* t = llama_model_chat_template(model_, nullptr);
  return t ? std::string(t) : std::string();
}

std::string LlmModel::apply_chat_template(const std::vector<ChatMessage>& messages, bool add_assistant_turn) const {
  std::vector<llama_chat_message> chat;
  std::size_t total = 0;
  for (const auto& m : messages) {
    chat.push_back({m.role.c_str(), m.content.c_str()});
    total += m.role.size() + m.content.size();
  }
  const char* tmpl = llama_model_chat_template(model_, nullptr);
  if (tmpl) {
    std::string buf(2 * total + 256, '\0');
    int n =
        llama_chat_apply_template(tmpl, chat.data(), chat.size(), add_assistant_turn, buf.data(), int32_t(buf.size()));
    if (n > int(buf.size())) {
      buf.resize(std::size_t(n));
      n = llama_chat_apply_template(tmpl, chat.data(), chat.size(), add_assistant_turn, buf.data(),
                                    int32_t(buf.size()));
    }
    if (n >= 0) {
      buf.resize(std::size_t(n));
      return buf;
    }
  }
  // Plain fallback for models without a (supported) template.
  std::string out;
  for (const auto& m : messages) out += m.role + ": " + m.content + "\n";
  if (add_assistant_turn) out += "assistant: ";
  return out;
}

LlmContext::LlmContext(std::shared_ptr<LlmModel> model, const LlmOptions& options) : model_(std::move(model)) {
  auto params = llama_context_default_params();
  params.n_ctx = options.context;
  params.n_batch = options.batch;
  // A ubatch holds one token of every sequence at least (llama.cpp's split_equal takes more than n_ubatch sequences
  // into one ubatch rather than fewer): room for all of them.
  params.n_ubatch = std::min<std::uint32_t>(options.batch, std::max<std::uint32_t>(512, options.sequences));
  params.n_seq_max = options.sequences;
  params.kv_unified = options.kv_unified;
  params.flash_attn_type = options.flash_attention ? LLAMA_FLASH_ATTN_TYPE_AUTO : LLAMA_FLASH_ATTN_TYPE_DISABLED;
  params.n_threads = resolve_threads(options.threads);
  params.n_threads_batch = params.n_threads;
  params.no_perf = true;
  ctx_ = llama_init_from_model(model_->raw(), params);
  if (!ctx_) throw std::runtime_error("llama.cpp could not create a context for " + model_->path().string());
  batch_ = llama_n_batch(ctx_);
  kv_unified_ = options.kv_unified;
}

LlmContext::~LlmContext() {
  if (ctx_) llama_free(ctx_);
}

void LlmContext::clear_memory() { llama_memory_clear(llama_get_memory(ctx_), true); }

std::vector<Token> greedy_generate(LlmContext& ctx, const std::vector<Token>& prompt, int max_new_tokens) {
  ctx.clear_memory();
  const LlmModel& model = ctx.model();
  const int n_vocab = model.vocab_size();
  llama_batch batch = llama_batch_init(int32_t(std::max<std::size_t>(prompt.size(), 1)), 0, 1);
  std::vector<Token> out;
  auto submit = [&](const Token* tokens, std::size_t n, llama_pos pos0) {
    batch.n_tokens = 0;
    for (std::size_t i = 0; i < n; ++i) {
      batch.token[i] = tokens[i];
      batch.pos[i] = pos0 + llama_pos(i);
      batch.n_seq_id[i] = 1;
      batch.seq_id[i][0] = 0;
      batch.logits[i] = i + 1 == n;
      ++batch.n_tokens;
    }
    if (llama_decode(ctx.raw(), batch) != 0) {
      llama_batch_free(batch);
      throw std::runtime_error("llama_decode failed (context too small?)");
    }
  };
  submit(prompt.data(), prompt.size(), 0);
  llama_pos pos = llama_pos(prompt.size());
  for (int step = 0; step < max_new_tokens; ++step) {
    const float* logits = llama_get_logits_ith(ctx.raw(), -1);
    Token next = Token(std::max_element(logits, logits + n_vocab) - logits);
    if (model.is_end_of_generation(next)) break;
    out.push_back(next);
    submit(&next, 1, pos++);
  }
  llama_batch_free(batch);
  return out;
}

}  // namespace ranksent
