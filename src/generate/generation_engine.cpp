// The engine's step loop, in three parts per llama_decode: admission (free
// slots take new seeds), batch filling (tokens of every list that can make
// progress), and consumption (each ready list's logits -> Eq. 4 scores -> a
// token; a finished sentence is checked, re-decoded or appended).
#include "ranksent/generate/generation_engine.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <stdexcept>

#include <llama.h>

#include "ranksent/error.h"
#include "ranksent/generate/directional_scores.h"
#include "ranksent/generate/output_hygiene.h"

namespace ranksent {

EngineStats& EngineStats::operator+=(const EngineStats& o) {
  lists += o.lists, sentences += o.sentences, generated_tokens += o.generated_tokens;
  prompt_tokens += o.prompt_tokens, naive_prompt_tokens += o.naive_prompt_tokens;
  evaluated_tokens += o.evaluated_tokens, decode_calls += o.decode_calls, redecodes += o.redecodes;
  for (const auto& [rule, n] : o.redecodes_by_rule) redecodes_by_rule[rule] += n;
  seconds += o.seconds, decode_seconds += o.decode_seconds;
  return *this;
}

namespace {

// One context of a list: its tokens (prompt, then the tokens generated for
// the current sentence) and how many of them its sequence's KV cache holds.
struct SentenceContext {
  llama_seq_id seq = -1;
  std::vector<Token> tokens;
  std::size_t prompt_len = 0;
  std::size_t fed = 0;
  int logits_row = -1;         // batch row of its logits in this step
  bool logits_saved = false;   // this step's logits are the slot's saved ones, not in the batch
  std::size_t pending() const { return tokens.size() - fed; }
};

// A list in flight. It owns two sequence ids for its whole life; which of
// the two holds c1 alternates from sentence to sentence.
struct ListSlot {
  bool active = false;
  bool ready = false;  // all its contexts have logits in this step
  std::size_t seed_index = 0;
  std::uint64_t key = 0;
  std::vector<std::string> sentences, raw;
  std::vector<SentenceFlags> flags;
  std::vector<std::vector<Token>> sentence_tokens;  // each sentence's tokens (the avoid rule)
  Token end_token = -1;          // the end-of-generation token this model used last
  SentenceContext contexts[2];
  int c1_index = 0;
  bool has_c2 = false;
  std::vector<Token> generated;  // tokens of the sentence being decoded
  std::int64_t chosen_tokens = 0;
  int attempt = 0;               // re-decodes of the current sentence so far
  int redecodes = 0;             // of the whole list
  std::optional<StepRandom> random;
  // Logits at the end of c1's prompt (its first step): they are c2's first
  // step in the next sentence, so that prompt's last token is not evaluated
  // again.
  std::vector<float> c1_first_logits, c2_first_logits;

  SentenceContext& c1() { return contexts[c1_index]; }
  SentenceContext* c2() { return has_c2 ? &contexts[1 - c1_index] : nullptr; }
  int sentence_number() const { return int(sentences.size()) + 1; }  // 1-based, of the one being decoded
};

}  // namespace

class GenerationEngine::Scheduler {
 public:
  Scheduler(LlmContext& ctx, const PromptRenderer& prompts, const EngineConfig& config, EngineStats& stats)
      : ctx_(ctx), prompts_(prompts), config_(config), stats_(stats), lctx_(ctx.raw()),
        mem_(llama_get_memory(lctx_)), model_(ctx.model()), prefix_(prompts.shared_prefix()) {
    batch_ = llama_batch_init(int32_t(ctx.batch_capacity()), 0, 1);
    // Tokens whose text holds a line break: with hygiene a sentence ends at
    // the line break after its first sentence line (OutputHygiene::clean).
    if (config_.rules.hygiene && config_.rules.hygiene->enabled()) {
      line_break_.assign(std::size_t(model_.vocab_size()), 0);
      for (Token t = 0; t < model_.vocab_size(); ++t)
        line_break_[std::size_t(t)] = model_.detokenize({t}).find('\n') != std::string::npos;
    }
  }
  ~Scheduler() { llama_batch_free(batch_); }
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  void run(const std::vector<EngineSeed>& seeds, const std::function<void(DecodedList&&)>& done,
           const std::atomic<bool>* stop) {
    slots_.assign(std::size_t(std::max(1, config_.parallel)), ListSlot{});
    // Sequence 0 holds the shared prefix; the first contexts of all slots
    // come next, then the second ones, so that the sequences of a step are
    // consecutive ids (one ubatch, see fill_batch) for one-context strategies
    // and for directional lists alike.
    const auto n = slots_.size();
    for (std::size_t i = 0; i < n; ++i) {
      slots_[i].contexts[0].seq = llama_seq_id(1 + i);
      slots_[i].contexts[1].seq = llama_seq_id(1 + n + i);
    }
    ctx_.clear_memory();
    if (config_.share_prefix) prefill_prefix();
    std::size_t next_seed = 0;
    while (true) {
      const bool stopping = stop && stop->load();
      if (!stopping) admit_seeds(seeds, next_seed);
      if (stopping || std::none_of(slots_.begin(), slots_.end(), [](const ListSlot& s) { return s.active; })) break;
      fill_batch();
      decode();
      consume_logits(done);
    }
  }

 private:
  // --- llama.cpp calls -------------------------------------------------------
  void decode() {
    if (batch_.n_tokens == 0) return;
    const auto t0 = std::chrono::steady_clock::now();
    const int rc = llama_decode(lctx_, batch_);
    stats_.decode_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    ++stats_.decode_calls;
    stats_.evaluated_tokens += batch_.n_tokens;
    if (rc == 1) throw std::runtime_error("llama.cpp found no room in the KV cache: lower --parallel or raise --context");
    if (rc != 0) throw std::runtime_error("llama_decode failed with status " + std::to_string(rc));
  }

  void push(SentenceContext& c, std::size_t count, bool logits_at_end) {
    for (std::size_t i = 0; i < count; ++i) {
      const std::size_t at = c.fed + i;
      const int row = batch_.n_tokens++;
      batch_.token[row] = c.tokens[at];
      batch_.pos[row] = llama_pos(at);
      batch_.n_seq_id[row] = 1;
      batch_.seq_id[row][0] = c.seq;
      batch_.logits[row] = logits_at_end && i + 1 == count;
      if (batch_.logits[row]) c.logits_row = row;
      if (at < c.prompt_len) ++stats_.prompt_tokens;
    }
    c.fed += count;
  }

  // Evaluates the shared prefix once, on sequence 0.
  void prefill_prefix() {
    SentenceContext c;
    c.seq = 0;
    c.tokens = prefix_;
    c.prompt_len = prefix_.size();
    while (c.pending() > 0) {
      batch_.n_tokens = 0;
      push(c, std::min<std::size_t>(c.pending(), ctx_.batch_capacity()), false);
      decode();
    }
  }

  // Points a context at a new prompt: its sequence is emptied, then the part
  // of the shared prefix the prompt really starts with is shared into it.
  void start_prompt(SentenceContext& c, std::vector<Token> prompt) {
    llama_memory_seq_rm(mem_, c.seq, -1, -1);
    stats_.naive_prompt_tokens += std::int64_t(prompt.size());
    c.tokens = std::move(prompt);
    c.prompt_len = c.tokens.size();
    c.fed = 0;
    c.logits_saved = false;
    if (!config_.share_prefix || prefix_.empty()) return;
    // Keep at least one token to evaluate: its logits start the sentence.
    const std::size_t l = std::min(common_prefix(c.tokens, prefix_), c.tokens.size() - 1);
    if (l == 0) return;
    if (ctx_.kv_unified()) {
      llama_memory_seq_cp(mem_, 0, c.seq, 0, llama_pos(l));  // shares cells, copies nothing
    } else {
      llama_memory_seq_cp(mem_, 0, c.seq, -1, -1);  // across streams only whole copies exist
      llama_memory_seq_rm(mem_, c.seq, llama_pos(l), -1);
    }
    c.fed = l;
  }

  // --- admission -------------------------------------------------------------
  void admit_seeds(const std::vector<EngineSeed>& seeds, std::size_t& next_seed) {
    for (auto& s : slots_) {
      if (s.active || next_seed >= seeds.size()) continue;
      admit(s, next_seed, seeds[next_seed]);
      ++next_seed;
    }
  }

  void admit(ListSlot& s, std::size_t seed_index, const EngineSeed& seed) {
    s.active = true;
    s.seed_index = seed_index;
    s.key = seed.key;
    s.sentences = {seed.text};
    s.raw = {seed.text};
    s.flags = {SentenceFlags{}};
    s.sentence_tokens = {model_.tokenize(seed.text, false, false)};
    s.generated.clear();
    s.chosen_tokens = 0;
    s.attempt = 0;
    s.redecodes = 0;
    s.random.reset();
    s.c1_index = 0;
    s.has_c2 = false;
    llama_memory_seq_rm(mem_, s.contexts[1].seq, -1, -1);
    start_prompt(s.contexts[0], prompts_.tokens(seed.text));
  }

  void release(ListSlot& s) {
    for (auto& c : s.contexts) llama_memory_seq_rm(mem_, c.seq, -1, -1);
    s.active = false;
  }

  // --- batch filling ---------------------------------------------------------
  // Lists in the middle of a sentence first (one token per context), then
  // prompts to prefill, starting at a rotating slot so that no list waits for
  // ever when prompts exceed the batch.
  //
  // The rows go into the batch in sequence-id order: with split KV streams
  // llama.cpp cuts a batch into ubatches of consecutive sequence ids in row
  // order (llama_batch_allocr::split_equal, sequential), so rows in slot
  // order (and c1/c2 swapping ids every sentence) would cost one forward
  // pass per run of consecutive ids instead of one for the whole step.
  void fill_batch() {
    batch_.n_tokens = 0;
    planned_.clear();
    std::size_t room = ctx_.batch_capacity();
    for (int pass = 0; pass < 2; ++pass) {
      for (std::size_t k = 0; k < slots_.size(); ++k) {
        ListSlot& s = slots_[(turn_ + k) % slots_.size()];
        if (!s.active) continue;
        SentenceContext* cs[2] = {&s.c1(), s.c2()};
        const std::size_t pending = cs[0]->pending() + (cs[1] ? cs[1]->pending() : 0);
        const bool decoding = pending <= 2;
        if ((pass == 0) != decoding) continue;
        s.ready = false;
        if (pending <= room) {
          for (SentenceContext* c : cs)
            if (c && c->pending() > 0) planned_.push_back({c, c->pending(), true});
          s.ready = true;
          room -= pending;
          continue;
        }
        // Part of a long prompt; its last token waits for the batch that can
        // hold the last tokens of every context of the list.
        for (SentenceContext* c : cs) {
          if (!c || c->pending() <= 1 || room == 0) continue;
          const std::size_t n = std::min(room, c->pending() - 1);
          planned_.push_back({c, n, false});
          room -= n;
        }
      }
    }
    std::sort(planned_.begin(), planned_.end(), [](const Planned& a, const Planned& b) { return a.c->seq < b.c->seq; });
    for (const auto& p : planned_) push(*p.c, p.count, p.logits_at_end);
    ++turn_;
  }

  // --- consumption -----------------------------------------------------------
  void consume_logits(const std::function<void(DecodedList&&)>& done) {
    const int n_vocab = model_.vocab_size();
    for (auto& s : slots_) {
      if (!s.active || !s.ready) continue;
      s.ready = false;
      SentenceContext& c1 = s.c1();
      SentenceContext* c2 = s.c2();
      const float* l1 = llama_get_logits_ith(lctx_, c1.logits_row);
      const float* l2 = !c2 ? nullptr : c2->logits_saved ? s.c2_first_logits.data() : llama_get_logits_ith(lctx_, c2->logits_row);
      if (c2) c2->logits_saved = false;
      if (config_.two_contexts && config_.reuse_c2 && s.generated.empty() && s.attempt == 0)
        s.c1_first_logits.assign(l1, l1 + n_vocab);
      // Sentence 2 has one predecessor only: lambda = 0 (docs/method.md section 2.2).
      Token t = directional_scores(l1, l2, n_vocab, c2 ? config_.lambda : 0.0, scores_);
      if (s.attempt > 0) t = redecode_token(s);
      if (config_.observer)
        config_.observer(DecodeStep{s.seed_index, s.sentence_number(), int(s.generated.size()), &c1.tokens,
                                    c2 ? &c2->tokens : nullptr, std::span<const float>(scores_), t, s.attempt});
      ++s.chosen_tokens;
      ++stats_.generated_tokens;
      if (model_.is_end_of_generation(t)) {
        s.end_token = t;
        finish_sentence(s, false, done);
        continue;
      }
      s.generated.push_back(t);
      if (!line_break_.empty() && line_break_[std::size_t(t)] &&
          config_.rules.hygiene->line_complete(model_.detokenize(s.generated))) {
        finish_sentence(s, false, done);
        continue;
      }
      if (int(s.generated.size()) >= config_.max_new_tokens) {
        finish_sentence(s, true, done);
        continue;
      }
      c1.tokens.push_back(t);
      if (c2) c2->tokens.push_back(t);
    }
  }

  // A token of a re-decoded sentence, from this step's Eq. 4 scores.
  Token redecode_token(ListSlot& s) {
    const auto mode = config_.escape.mode;
    if (mode == FixedPointEscape::avoid || mode == FixedPointEscape::resample_avoid)
      penalise_copies(scores_, s.generated, s.sentence_tokens, s.end_token, config_.escape.penalty);
    if (mode == FixedPointEscape::avoid) return Token(std::max_element(scores_.begin(), scores_.end()) - scores_.begin());
    return sample_token(scores_, config_.escape.temperature, *s.random);
  }

  // A sentence ended (end-of-generation or the cap): decode it again when it
  // breaks a rule and the escape allows, else record it, then set up the
  // contexts of the next one, or hand the list back.
  void finish_sentence(ListSlot& s, bool truncated, const std::function<void(DecodedList&&)>& done) {
    std::string raw = model_.detokenize(s.generated);
    std::string clean = config_.rules.hygiene ? config_.rules.hygiene->clean(raw) : clean_sentence(raw);
    const SentenceFlags flags{truncated};
    if (config_.escape.mode != FixedPointEscape::none && s.attempt < config_.escape.max_redecodes)
      if (auto broken = check_sentence(s.sentences, clean, flags, config_.rules, true)) {
        redecode(s, rule_of(*broken));
        return;
      }
    const bool bad = check_sentence(s.sentences, clean, flags, config_.rules, false).has_value();
    s.sentences.push_back(std::move(clean));
    s.raw.push_back(std::move(raw));
    s.flags.push_back(flags);
    s.sentence_tokens.push_back(s.generated);
    s.generated.clear();
    s.attempt = 0;
    s.random.reset();
    ++stats_.sentences;
    if (config_.sentence_done) config_.sentence_done();
    if ((bad && config_.stop_on_reject) || int(s.sentences.size()) == 1 + config_.sentences) {
      DecodedList out{s.seed_index, std::move(s.sentences), std::move(s.flags), std::move(s.raw), s.chosen_tokens,
                      s.redecodes};
      release(s);
      ++stats_.lists;
      done(std::move(out));
      return;
    }
    start_next_sentence(s);
  }

  // Drops the sentence's generated tokens from its contexts and evaluates
  // each prompt's last token again, so that the next step starts it anew.
  void redecode(ListSlot& s, const std::string& rule) {
    ++s.attempt;
    ++s.redecodes;
    ++stats_.redecodes;
    ++stats_.redecodes_by_rule[rule];
    for (SentenceContext* c : {&s.c1(), s.c2()}) {
      if (!c) continue;
      llama_memory_seq_rm(mem_, c->seq, llama_pos(c->prompt_len - 1), -1);
      c->tokens.resize(c->prompt_len);
      c->fed = c->prompt_len - 1;
      c->logits_saved = false;
    }
    s.generated.clear();
    s.random.emplace(s.key, s.sentence_number(), s.attempt);
  }

  void start_next_sentence(ListSlot& s) {
    const int next = s.sentence_number();
    SentenceContext& old_c1 = s.c1();
    if (!config_.two_contexts || next < 3) {
      start_prompt(old_c1, prompts_.tokens(s.sentences.back()));
      return;
    }
    // c1 of this sentence, prompt(x(next-2)), is c2 of the next one.
    if (config_.reuse_c2) {
      // Drop the generated tokens; the first step's logits were saved.
      llama_memory_seq_rm(mem_, old_c1.seq, llama_pos(old_c1.prompt_len), -1);
      old_c1.tokens.resize(old_c1.prompt_len);
      old_c1.fed = old_c1.prompt_len;
      old_c1.logits_saved = true;
      std::swap(s.c1_first_logits, s.c2_first_logits);
      stats_.naive_prompt_tokens += std::int64_t(old_c1.prompt_len);
    } else {
      std::vector<Token> p(old_c1.tokens.begin(), old_c1.tokens.begin() + std::ptrdiff_t(old_c1.prompt_len));
      start_prompt(old_c1, std::move(p));
    }
    start_prompt(s.contexts[1 - s.c1_index], prompts_.tokens(s.sentences.back()));
    s.c1_index = 1 - s.c1_index;
    s.has_c2 = true;
  }

  LlmContext& ctx_;
  const PromptRenderer& prompts_;
  const EngineConfig& config_;
  EngineStats& stats_;
  llama_context* lctx_;
  llama_memory_t mem_;
  const LlmModel& model_;
  const std::vector<Token>& prefix_;
  llama_batch batch_{};
  std::vector<ListSlot> slots_;
  struct Planned {
    SentenceContext* c;
    std::size_t count;
    bool logits_at_end;
  };
  std::vector<Planned> planned_;  // this step's rows before they are sorted by sequence
  std::vector<float> scores_;
  std::vector<char> line_break_;  // per token: its text holds a line break (empty without hygiene)
  std::size_t turn_ = 0;
};

GenerationEngine::GenerationEngine(LlmContext& ctx, const PromptRenderer& prompts, EngineConfig config)
    : ctx_(ctx), prompts_(prompts), config_(std::move(config)) {}

GenerationEngine::~GenerationEngine() = default;

void GenerationEngine::run(const std::vector<EngineSeed>& seeds, const std::function<void(DecodedList&&)>& done,
                           const std::atomic<bool>* stop) {
  const auto t0 = std::chrono::steady_clock::now();
  Scheduler scheduler(ctx_, prompts_, config_, stats_);
  scheduler.run(seeds, done, stop);
  stats_.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

LlmOptions GenerationEngine::context_options(const EngineConfig& config, int prompt_tokens_max, int threads) {
  LlmOptions o;
  o.threads = threads;
  const std::uint32_t lists = std::uint32_t(std::max(1, config.parallel));
  o.sequences = 1 + 2 * lists;  // the shared prefix, two per list
  if (o.sequences > 256) throw UsageError("--parallel is at most 127 (llama.cpp has 256 sequence ids)");
  // Worst case: every context holds its longest prompt and a full sentence.
  const std::uint32_t per_context = std::uint32_t(prompt_tokens_max + config.max_new_tokens + 16);
  const std::uint32_t contexts = config.two_contexts ? 2 * lists : lists;
  o.kv_unified = config.kv_unified;
  // Split streams get n_ctx / n_seq_max cells each.
  const std::uint32_t stream = (per_context + 255) / 256 * 256;  // llama.cpp pads each stream to 256 cells
  o.context = config.kv_unified ? per_context * (contexts + 1) : stream * o.sequences;
  o.batch = std::max<std::uint32_t>(512, std::min<std::uint32_t>(4096, per_context * lists));
  return o;
}

}  // namespace ranksent
