// The engine's step loop, in three parts per llama_decode: admission (free
// slots take new seeds), batch filling (KvBatch::fill: tokens of every list
// that can make progress), and one step of each ready list (its logits ->
// a token, Eq. 4's argmax or greedy, or a re-decode's draw from the scores;
// a finished sentence is checked, re-decoded or appended). The tokens of
// the ready lists are chosen on the step's worker threads, then applied one
// list after another in slot order, so that the lists do not depend on the
// number of threads.
#include "ranksent/generate/generation_engine.h"

#include <algorithm>
#include <chrono>

#include "kv_batch.h"
#include "list_slot.h"
#include "phase_clock.h"
#include "ranksent/error.h"
#include "redecode.h"
#include "sentence_end.h"
#include "step_workers.h"

namespace ranksent {

EngineStats& EngineStats::operator+=(const EngineStats& o) {
  lists += o.lists, sentences += o.sentences, generated_tokens += o.generated_tokens;
  prompt_tokens += o.prompt_tokens, naive_prompt_tokens += o.naive_prompt_tokens;
  evaluated_tokens += o.evaluated_tokens, decode_calls += o.decode_calls, redecodes += o.redecodes;
  ubatches += o.ubatches;
  for (const auto& [rule, n] : o.redecodes_by_rule) redecodes_by_rule[rule] += n;
  two_context_steps += o.two_context_steps;
  seconds += o.seconds, decode_seconds += o.decode_seconds;
  phases += o.phases;
  return *this;
}

EnginePhases& EnginePhases::operator+=(const EnginePhases& o) {
  logits += o.logits, scoring += o.scoring, rules += o.rules, batch += o.batch;
  kv += o.kv, prompts += o.prompts, output += o.output;
  return *this;
}

std::map<std::string, double> EnginePhases::named() const {
  return {{"logits", logits}, {"scoring", scoring}, {"rules", rules},  {"batch", batch},
          {"kv", kv},         {"prompts", prompts}, {"output", output}};
}

double EnginePhases::total() const { return logits + scoring + rules + batch + kv + prompts + output; }

class GenerationEngine::Scheduler {
 public:
  Scheduler(LlmContext& ctx, const PromptRenderer& prompts, const EngineConfig& config, EngineStats& stats)
      : ctx_(ctx),
        prompts_(prompts),
        config_(config),
        decoding_(config.decoding),
        stats_(stats),
        model_(ctx.model()),
        kv_(ctx, prompts.shared_prefix(), decoding_.share_prefix, stats),
        end_(model_, config.rules, decoding_.max_new_tokens),
        workers_(llama_n_threads(ctx.raw())),
        scratch_(std::size_t(workers_.size())) {}

  void run(const std::vector<EngineSeed>& seeds, const std::function<void(DecodedList&&)>& done,
           const std::atomic<bool>* stop) {
    slots_.assign(std::size_t(std::max(1, decoding_.parallel)), ListSlot{});
    // Sequence 0 holds the shared prefix; the first contexts of all slots
    // come next, then the second ones, so that the sequences of a step are
    // consecutive ids (one ubatch, see KvBatch::fill) for one-context
    // strategies and for directional lists alike.
    const auto n = slots_.size();
    for (std::size_t i = 0; i < n; ++i) {
      slots_[i].contexts[0].seq = llama_seq_id(1 + i);
      slots_[i].contexts[1].seq = llama_seq_id(1 + n + i);
    }
    ctx_.clear_memory();
    if (decoding_.share_prefix) kv_.prefill_prefix();
    std::size_t next_seed = 0;
    while (true) {
      const bool stopping = stop && stop->load();
      if (!stopping) admit_seeds(seeds, next_seed);
      if (stopping || std::none_of(slots_.begin(), slots_.end(), [](const ListSlot& s) { return s.active; })) break;
      timed(phases_.batch, [&] { kv_.fill(slots_); });
      kv_.decode();
      step_ready_lists(done);
    }
  }

 private:
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
    s.generated.clear();
    s.chosen_tokens = 0;
    s.attempt = 0;
    s.redecodes = 0;
    s.random.reset();
    s.c1_index = 0;
    s.has_c2 = false;
    std::vector<Token> prompt = timed(phases_.prompts, [&] {
      s.sentence_tokens = {model_.tokenize(seed.text, false, false)};
      return prompts_.tokens(seed.text);
    });
    timed(phases_.kv, [&] {
      kv_.clear(s.contexts[1]);
      kv_.start_prompt(s.contexts[0], std::move(prompt));
    });
  }

  // --- one step of the ready lists -------------------------------------------
  // Their logits are read (llama.cpp's calls, one thread), their tokens chosen
  // on the workers, then applied in slot order. An observer sees every step
  // in slot order, as it happens, on this thread.
  void step_ready_lists(const std::function<void(DecodedList&&)>& done) {
    ready_.clear();
    timed(phases_.logits, [&] {
      for (auto& s : slots_)
        if (s.active && s.ready) read_logits(s), ready_.push_back(&s);
    });
    if (config_.observer) {
      for (ListSlot* s : ready_) {
        timed(phases_.scoring, [&] { choose(*s, 0); });
        apply(*s, done);
      }
      return;
    }
    timed(phases_.scoring, [&] { workers_.run(ready_.size(), [&](std::size_t i, int w) { choose(*ready_[i], w); }); });
    for (ListSlot* s : ready_) apply(*s, done);
  }

  // The step's logits of c1 and c2 (c2's first step: the logits saved when
  // it was c1).
  void read_logits(ListSlot& s) {
    s.ready = false;
    SentenceContext* c2 = s.c2();
    s.logits = StepLogits{kv_.logits(s.c1()),
                          !c2                ? nullptr
                          : c2->logits_saved ? s.c2_first_logits.data()
                                             : kv_.logits(*c2),
                          model_.vocab_size()};
    if (c2) c2->logits_saved = false;
  }

  // The scorer's token (Eq. 4 or greedy). The scores themselves are needed
  // only by a re-decode (draws, penalties) and an observer. A first step of
  // c1 is saved for the next sentence's c2, after scoring: the row is then
  // in cache.
  void choose(ListSlot& s, int worker) {
    choose_token(s, worker);
    if (config_.scorer->needs_c2() && decoding_.reuse_c2 && s.generated.empty() && s.attempt == 0)
      s.c1_first_logits.assign(s.logits.c1, s.logits.c1 + s.logits.n_vocab);
  }

  void choose_token(ListSlot& s, int worker) {
    if (s.attempt == 0 && !config_.observer) {
      s.chosen = config_.scorer->choose(s.logits);
      return;
    }
    std::vector<float>& scores = scratch_[std::size_t(worker)];
    Token t = config_.scorer->score(s.logits, scores);
    if (s.attempt > 0) t = redecode_token(decoding_.escape, s, scores);
    if (config_.observer) {
      SentenceContext* c2 = s.c2();
      config_.observer(DecodeStep{s.seed_index, s.sentence_number(), int(s.generated.size()), &s.c1().tokens,
                                  c2 ? &c2->tokens : nullptr, std::span<const float>(scores), t, s.attempt});
    }
    s.chosen = t;
  }

  // The chosen token ends the sentence or extends both contexts.
  void apply(ListSlot& s, const std::function<void(DecodedList&&)>& done) {
    const Token t = s.chosen;
    ++s.chosen_tokens;
    ++stats_.generated_tokens;
    if (s.logits.c2) ++stats_.two_context_steps;
    const SentenceEnd end = timed(phases_.rules, [&] { return end_.after(t, s.generated); });
    if (end == SentenceEnd::end_of_generation) s.end_token = t;
    if (end != SentenceEnd::open) return finish_sentence(s, end == SentenceEnd::cap, done);
    s.c1().tokens.push_back(t);
    if (SentenceContext* c2 = s.c2()) c2->tokens.push_back(t);
  }

  // --- end of a sentence -----------------------------------------------------
  // Decode it again when it breaks a rule and the escape allows, else record
  // it, then set up the contexts of the next one, or hand the list back.
  void finish_sentence(ListSlot& s, bool truncated, const std::function<void(DecodedList&&)>& done) {
    FinishedSentence f = timed(phases_.rules, [&] { return end_.finish(s.generated, truncated); });
    if (auto rule = timed(phases_.rules, [&] { return redecode_rule(decoding_.escape, config_.rules, s, f); }))
      return timed(phases_.kv, [&] { restart_sentence(s, kv_, *rule, stats_); });
    const bool bad = timed(
        phases_.rules, [&] { return check_sentence(s.sentences, f.clean, f.flags, config_.rules, false).has_value(); });
    s.sentences.push_back(std::move(f.clean));
    s.raw.push_back(std::move(f.raw));
    s.flags.push_back(f.flags);
    s.sentence_tokens.push_back(s.generated);
    s.generated.clear();
    s.attempt = 0;
    s.random.reset();
    ++stats_.sentences;
    if (config_.sentence_done) config_.sentence_done();
    if ((bad && config_.stop_on_reject) || int(s.sentences.size()) == 1 + config_.sentences) return hand_back(s, done);
    start_next_sentence(s);
  }

  void hand_back(ListSlot& s, const std::function<void(DecodedList&&)>& done) {
    DecodedList out{s.seed_index,     std::move(s.sentences), std::move(s.flags),
                    std::move(s.raw), s.chosen_tokens,        s.redecodes};
    timed(phases_.kv, [&] {
      for (auto& c : s.contexts) kv_.clear(c);
    });
    s.active = false;
    ++stats_.lists;
    timed(phases_.output, [&] { done(std::move(out)); });
  }

  // c1 = prompt(x(i-1)); with two contexts from sentence 3 on, c2 =
  // prompt(x(i-2)) is c1 of the sentence before (Eq. 3).
  void start_next_sentence(ListSlot& s) {
    const int next = s.sentence_number();
    SentenceContext& old_c1 = s.c1();
    std::vector<Token> prompt = timed(phases_.prompts, [&] { return prompts_.tokens(s.sentences.back()); });
    if (!config_.scorer->needs_c2() || next < 3) {
      timed(phases_.kv, [&] { kv_.start_prompt(old_c1, std::move(prompt)); });
      return;
    }
    timed(phases_.kv, [&] {
      if (decoding_.reuse_c2) {
        kv_.keep_prompt(old_c1);
        std::swap(s.c1_first_logits, s.c2_first_logits);
      } else {
        std::vector<Token> p(old_c1.tokens.begin(), old_c1.tokens.begin() + std::ptrdiff_t(old_c1.prompt_len));
        kv_.start_prompt(old_c1, std::move(p));
      }
      kv_.start_prompt(s.contexts[1 - s.c1_index], std::move(prompt));
    });
    s.c1_index = 1 - s.c1_index;
    s.has_c2 = true;
  }

  LlmContext& ctx_;
  const PromptRenderer& prompts_;
  const EngineConfig& config_;
  const DecodingOptions& decoding_;
  EngineStats& stats_;
  const LlmModel& model_;
  EnginePhases& phases_ = stats_.phases;
  KvBatch kv_;
  SentenceTermination end_;
  std::vector<ListSlot> slots_;
  std::vector<ListSlot*> ready_;  // this step's ready lists, in slot order
  StepWorkers workers_;
  std::vector<std::vector<float>> scratch_;  // per worker: the scores of a re-decoded or observed step
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

int max_parallel_lists() { return int((llama_max_parallel_sequences() - 1) / 2); }

LlmOptions GenerationEngine::context_options(const EngineConfig& config, int prompt_tokens_max, int threads) {
  LlmOptions o;
  o.threads = threads;
  const DecodingOptions& d = config.decoding;
  const std::uint32_t lists = std::uint32_t(std::max(1, d.parallel));
  o.sequences = 1 + 2 * lists;  // the shared prefix, two per list
  if (int(lists) > max_parallel_lists())
    throw UsageError("--parallel is at most " + std::to_string(max_parallel_lists()) + " (llama.cpp has " +
                     std::to_string(llama_max_parallel_sequences()) + " sequence ids)");
  // Worst case: every context holds its longest prompt and a full sentence.
  const std::uint32_t per_context = std::uint32_t(prompt_tokens_max + d.max_new_tokens + 16);
  const std::uint32_t contexts = config.scorer->needs_c2() ? 2 * lists : lists;
  o.kv_unified = d.kv_unified;
  // Split streams get n_ctx / n_seq_max cells each.
  const std::uint32_t stream = (per_context + 255) / 256 * 256;  // llama.cpp pads each stream to 256 cells
  o.context = d.kv_unified ? per_context * (contexts + 1) : stream * o.sequences;
  o.batch = std::max<std::uint32_t>(512, std::min<std::uint32_t>(4096, per_context * lists));
  return o;
}

}  // namespace ranksent
