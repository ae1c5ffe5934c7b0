#include "ranksent/generate/llm_strategy.h"
#include "generate/llm_strategy_impl.h"

#include <set>
#include <stdexcept>

#include "ranksent/error.h"
#include "ranksent/io/gguf_metadata.h"

namespace ranksent {

PromptTemplate strategy_prompt(Strategy strategy, const GenerateOptions& options) {
  PromptTemplate t = options.prompt_file      ? PromptTemplate::load(*options.prompt_file)
                     : options.prompt_builtin ? PromptTemplate::builtin(*options.prompt_builtin)
                                              : PromptTemplate::builtin(strategy_name(strategy));
  return options.all_in_user ? t.all_in_user() : t;
}

EngineConfig engine_config(const GenerateOptions& options, std::shared_ptr<const TokenScorer> scorer) {
  return {.decoding = options.decoding,
          .scorer = std::move(scorer),
          .sentences = options.steps,
          .rules = options.verify,
          .observer = options.observer,
          .sentence_done = options.on_sentence};
}

LlmStrategy::LlmStrategy(Strategy strategy, std::shared_ptr<LlmModel> model, GenerateOptions options,
                         EngineConfig config)
    : strategy_(strategy),
      model_(std::move(model)),
      options_(std::move(options)),
      config_(std::move(config)),
      renderer_(*model_, strategy_prompt(strategy_, options_), options_.steps),
      hygiene_(renderer_.prompt_template(), options_.hygiene) {
  options_.verify.steps = options_.steps;
  options_.verify.hygiene = hygiene_.enabled() ? &hygiene_ : nullptr;
  config_.rules.steps = options_.steps;
  config_.rules.hygiene = options_.verify.hygiene;
}

RankingList LlmStrategy::record_template() const {
  RankingList r;
  r.strategy = name();
  r.model = options_.model_name;
  r.model_sha256 = options_.model_sha256;
  r.prompt = renderer_.prompt_template().name;
  r.steps = options_.steps;
  if (config_.scorer->needs_c2()) r.lambda = config_.decoding.lambda;
  r.escape = escape_name(config_.decoding.escape.mode);
  return r;
}

RankingList LlmStrategy::base_record(const SeedItem& item) const {
  RankingList r = record_template();
  r.id = item.id;
  r.seed = item.text;
  return r;
}

RankingList LlmStrategy::assemble(const SeedItem& item, DecodedList&& decoded) const {
  RankingList r = base_record(item);
  r.rejected = verify_list(decoded.sentences, decoded.flags, options_.verify);
  r.sentences = std::move(decoded.sentences);
  return r;
}

namespace {
std::string trim(const std::string& s) {
  const char* ws = " \t\r\n\f\v";
  auto b = s.find_first_not_of(ws);
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(ws) - b + 1);
}
}  // namespace

void LlmStrategy::generate(const std::vector<SeedItem>& items, const std::function<void(RankingList&&)>& done,
                           const std::atomic<bool>* stop) {
  // Seeds that cannot start a list are reported, with the reason, first.
  std::vector<EngineSeed> seeds;
  std::vector<std::size_t> index;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string text = trim(items[i].text);
    std::optional<std::string> reason;
    if (text.empty()) {
      reason = "seed: empty";
    } else if (text.find('\n') != std::string::npos) {
      reason = "seed: holds a newline";
    } else if (auto n = model_->tokenize(text, false, false).size(); n > std::size_t(options_.max_seed_tokens)) {
      reason =
          "seed: too long (" + std::to_string(n) + " tokens, limit " + std::to_string(options_.max_seed_tokens) + ")";
    }
    if (reason) {
      RankingList r = base_record(items[i]);
      r.sentences = {items[i].text};
      r.rejected = reason;
      done(std::move(r));
      continue;
    }
    seeds.push_back({text, stable_hash(items[i].id.dump())});
    index.push_back(i);
  }
  if (seeds.empty()) return;
  if (!ctx_) {
    const int prompt_max =
        int(renderer_.tokens("").size()) + std::max(options_.max_seed_tokens, options_.decoding.max_new_tokens) + 16;
    ctx_ =
        std::make_unique<LlmContext>(model_, GenerationEngine::context_options(config_, prompt_max, options_.threads));
  }
  GenerationEngine engine(*ctx_, renderer_, config_);
  engine.run(
      seeds,
      [&](DecodedList&& d) {
        const SeedItem& item = items[index[d.seed_index]];
        const std::int64_t tokens = d.tokens;
        const int redecodes = d.redecodes;
        RankingList r = assemble(item, std::move(d));
        r.seed = r.sentences.at(0);  // trimmed, as it entered the prompt
        r.generated_tokens = tokens;
        r.redecodes = redecodes;
        done(std::move(r));
      },
      stop);
  stats_ += engine.stats();
}

void check_generative_model(const std::filesystem::path& path, bool allow_plain_prompt) {
  const auto meta = read_gguf_metadata(path);
  const std::string arch = meta.string_value("general.architecture");
  static const std::set<std::string> encoders = {"bert",         "nomic-bert",   "nomic-bert-moe",
                                                 "jina-bert-v2", "jina-bert-v3", "neo-bert",
                                                 "modern-bert",  "t5encoder",    "eurobert"};
  const auto causal = meta.values.find(arch + ".attention.causal");
  if (encoders.count(arch) || meta.values.count(arch + ".pooling_type") ||
      (causal != meta.values.end() && causal->second == false))
    throw InputError(path.string(), "is an embedding model (architecture '" + arch +
                                        "'), not a generative instruct LLM; ranking lists need a chat model");
  if (meta.values.count("tokenizer.chat_template") == 0 && !allow_plain_prompt)
    throw InputError(path.string(),
                     "has no chat template (not an instruct model?); --plain-prompt renders prompts "
                     "as plain 'role: content' lines instead",
                     0, "tokenizer.chat_template");
}

std::unique_ptr<RankingStrategy> make_llm_strategy(std::shared_ptr<LlmModel> model, const GenerateOptions& options) {
  switch (options.strategy) {
    case Strategy::directional:
      return make_directional_decoder(std::move(model), options);
    case Strategy::step_by_step:
      return make_step_by_step(std::move(model), options);
    case Strategy::single_step:
      return make_single_step(std::move(model), options);
    case Strategy::shuffle:
      break;
  }
  throw UsageError("--strategy shuffle permutes existing lists and needs no model");
}

}  // namespace ranksent
