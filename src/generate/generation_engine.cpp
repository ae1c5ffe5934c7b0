#include "ranksent/generate/generation_engine.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include <llama.h>

namespace ranksent {

namespace {

// One context of a list: its tokens (prompt, then what was generated) and
// how many of them the KV cache of its sequence already holds.
struct Context {
  llama_seq_id seq = -1;
  std::vector<Token> tokens;
  std::size_t prompt_len = 0;
  std::size_t fed = 0;
  int out = -1;  // batch row of its logits in this step
  bool cached = false;  // this step's logits are the slot's saved ones, not in the batch
  std::size_t pending() const { return tokens.size() - fed; }
};

struct Slot {
  bool active = false;
  bool ready = false;  // all its contexts have logits in this step
  std::size_t seed_index = 0;
  std::vector<std::string> sentences, raw;
  std::vector<SentenceFlags> flags;
  Context ctx[2];       // the slot owns two sequence ids for its whole life
  int c1 = 0;           // which of ctx[] is c1; the other is c2 when has_c2
  bool has_c2 = false;
  std::vector<Token> gen;
  std::int64_t tokens = 0;
  // Logits at the end of c1's prompt (its first step): they are c2's first
  // step in the next sentence, so that prompt's last token is not evaluated
  // again.
  std::vector<float> c1_first, c2_first;
};

}  // namespace

struct GenerationEngine::Impl {
  GenerationEngine& e;
  llama_context* lctx;
  llama_memory_t mem;
  const LlmModel& model;
  const std::vector<Token>& prefix;
  std::vector<Slot> slots;
  llama_batch batch{};
  std::vector<float> scores;

  explicit Impl(GenerationEngine& engine)
      : e(engine), lctx(engine.ctx_.raw()), mem(llama_get_memory(lctx)), model(engine.ctx_.model()),
        prefix(engine.prompts_.shared_prefix()) {
    batch = llama_batch_init(int32_t(engine.ctx_.batch_capacity()), 0, 1);
  }
  ~Impl() { llama_batch_free(batch); }

  void decode() {
    if (batch.n_tokens == 0) return;
    const auto t0 = std::chrono::steady_clock::now();
    const int rc = llama_decode(lctx, batch);
    e.stats_.decode_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    ++e.stats_.decode_calls;
    e.stats_.evaluated_tokens += batch.n_tokens;
    if (rc == 1) throw std::runtime_error("llama.cpp found no room in the KV cache: lower --parallel or raise --context");
    if (rc != 0) throw std::runtime_error("llama_decode failed with status " + std::to_string(rc));
  }

  void push(Context& c, std::size_t count, bool logits_at_end) {
    for (std::size_t i = 0; i < count; ++i) {
      const std::size_t at = c.fed + i;
      const int row = batch.n_tokens++;
      batch.token[row] = c.tokens[at];
      batch.pos[row] = llama_pos(at);
      batch.n_seq_id[row] = 1;
      batch.seq_id[row][0] = c.seq;
      batch.logits[row] = logits_at_end && i + 1 == count;
      if (batch.logits[row]) c.out = row;
      if (at < c.prompt_len) ++e.stats_.prompt_tokens;
    }
    c.fed += count;
  }

  // Evaluates the shared prefix once, on sequence 0.
  void prefill_prefix() {
    Context c;
    c.seq = 0;
    c.tokens = prefix;
    c.prompt_len = prefix.size();
    while (c.pending() > 0) {
      batch.n_tokens = 0;
      push(c, std::min<std::size_t>(c.pending(), e.ctx_.batch_capacity()), false);
      decode();
    }
  }

  // Points a context at a new prompt: its sequence is emptied, then the part
  // of the shared prefix the prompt really starts with is shared into it.
  void start(Context& c, std::vector<Token> prompt) {
    llama_memory_seq_rm(mem, c.seq, -1, -1);
    e.stats_.naive_prompt_tokens += std::int64_t(prompt.size());
    c.tokens = std::move(prompt);
    c.prompt_len = c.tokens.size();
    c.fed = 0;
    c.cached = false;
    if (e.config_.share_prefix && !prefix.empty()) {
      // Keep at least one token to evaluate: its logits start the sentence.
      const std::size_t l = std::min(common_prefix(c.tokens, prefix), c.tokens.size() - 1);
      if (l > 0) {
        if (e.ctx_.kv_unified()) {
          llama_memory_seq_cp(mem, 0, c.seq, 0, llama_pos(l));  // shares cells, copies nothing
        } else {
          llama_memory_seq_cp(mem, 0, c.seq, -1, -1);  // across streams only whole copies exist
          llama_memory_seq_rm(mem, c.seq, llama_pos(l), -1);
        }
        c.fed = l;
      }
    }
  }

  void admit(Slot& s, std::size_t seed_index, const std::string& seed) {
    s.active = true;
    s.seed_index = seed_index;
    s.sentences = {seed};
    s.raw = {seed};
    s.flags = {SentenceFlags{}};
    s.gen.clear();
    s.tokens = 0;
    s.c1 = 0;
    s.has_c2 = false;
    llama_memory_seq_rm(mem, s.ctx[1].seq, -1, -1);
    start(s.ctx[0], e.prompts_.tokens(seed));
  }

  void release(Slot& s) {
    for (auto& c : s.ctx) llama_memory_seq_rm(mem, c.seq, -1, -1);
    s.active = false;
  }

  // A sentence ended (end-of-generation or the cap): record it, then set up
  // the contexts of the next one, or hand the list back.
  void finish_sentence(Slot& s, bool truncated, const std::function<void(DecodedList&&)>& done) {
    std::string raw = model.detokenize(s.gen);
    std::string clean = clean_sentence(raw);
    const bool bad = truncated || clean.empty() || clean.find('\n') != std::string::npos ||
                     (e.config_.stop_on_duplicate && fold_sentence(clean) == fold_sentence(s.sentences.back()));
    s.sentences.push_back(std::move(clean));
    s.raw.push_back(std::move(raw));
    s.flags.push_back({truncated});
    s.gen.clear();
    ++e.stats_.sentences;
    if ((bad && e.config_.stop_on_reject) || int(s.sentences.size()) == 1 + e.config_.sentences) {
      DecodedList out{s.seed_index, std::move(s.sentences), std::move(s.flags), std::move(s.raw), s.tokens};
      release(s);
      ++e.stats_.lists;
      done(std::move(out));
      return;
    }
    const int next = int(s.sentences.size()) + 1;  // 1-based position of the sentence to decode
    Context& old_c1 = s.ctx[s.c1];
    if (e.config_.two_contexts && next >= 3) {
      // c1 of this sentence, prompt(x(next-2)), is c2 of the next one.
      if (e.config_.reuse_c2) {
        // Drop the generated tokens; the first step's logits were saved.
        llama_memory_seq_rm(mem, old_c1.seq, llama_pos(old_c1.prompt_len), -1);
        old_c1.tokens.resize(old_c1.prompt_len);
        old_c1.fed = old_c1.prompt_len;
        old_c1.cached = true;
        std::swap(s.c1_first, s.c2_first);
        e.stats_.naive_prompt_tokens += std::int64_t(old_c1.prompt_len);
      } else {
        std::vector<Token> p(old_c1.tokens.begin(), old_c1.tokens.begin() + std::ptrdiff_t(old_c1.prompt_len));
        start(old_c1, std::move(p));
      }
      start(s.ctx[1 - s.c1], e.prompts_.tokens(s.sentences.back()));
      s.c1 = 1 - s.c1;
      s.has_c2 = true;
    } else {
      start(old_c1, e.prompts_.tokens(s.sentences.back()));
    }
  }

  void run(const std::vector<std::string>& seeds, const std::function<void(DecodedList&&)>& done,
           const std::atomic<bool>* stop) {
    const int n_vocab = model.vocab_size();
    const std::size_t capacity = e.ctx_.batch_capacity();
    slots.assign(std::size_t(std::max(1, e.config_.parallel)), Slot{});

    for (std::size_t i = 0; i < slots.size(); ++i) {
      slots[i].ctx[0].seq = llama_seq_id(1 + 2 * i);
      slots[i].ctx[1].seq = llama_seq_id(2 + 2 * i);
    }
    e.ctx_.clear_memory();
    if (e.config_.share_prefix) prefill_prefix();
    std::size_t next_seed = 0, turn = 0;
    while (true) {
      const bool stopping = stop && stop->load();
      if (!stopping)
        for (auto& s : slots)
          if (!s.active && next_seed < seeds.size()) admit(s, next_seed, seeds[next_seed]), ++next_seed;
      if (stopping || std::none_of(slots.begin(), slots.end(), [](const Slot& s) { return s.active; })) break;

      // One batch: lists in the middle of a sentence first (one token per
      // context), then prompts to prefill, starting at a rotating slot so
      // that no list waits for ever when prompts exceed the batch.
      batch.n_tokens = 0;
      std::size_t room = capacity;
      for (int pass = 0; pass < 2; ++pass) {
        for (std::size_t k = 0; k < slots.size(); ++k) {
          Slot& s = slots[(turn + k) % slots.size()];
          if (!s.active) continue;
          Context* cs[2] = {&s.ctx[s.c1], s.has_c2 ? &s.ctx[1 - s.c1] : nullptr};
          std::size_t pending = cs[0]->pending() + (cs[1] ? cs[1]->pending() : 0);
          const bool decoding = pending <= 2;
          if ((pass == 0) != decoding) continue;
          s.ready = false;
          if (pending <= room) {
            for (Context* c : cs)
              if (c && c->pending() > 0) push(*c, c->pending(), true);
            s.ready = true;
            room -= pending;
          } else {
            // Part of a long prompt; its last token waits for the batch that
            // can hold the last tokens of every context of the list.
            for (Context* c : cs) {
              if (!c || c->pending() <= 1 || room == 0) continue;
              std::size_t n = std::min(room, c->pending() - 1);
              push(*c, n, false);
              room -= n;
            }
          }
        }
      }
      ++turn;
      decode();

      for (auto& s : slots) {
        if (!s.active || !s.ready) continue;
        s.ready = false;
        Context& c1 = s.ctx[s.c1];
        Context* c2 = s.has_c2 ? &s.ctx[1 - s.c1] : nullptr;
        const float* l1 = llama_get_logits_ith(lctx, c1.out);
        const float* l2 = !c2 ? nullptr : c2->cached ? s.c2_first.data() : llama_get_logits_ith(lctx, c2->out);
        if (c2) c2->cached = false;
        if (e.config_.two_contexts && e.config_.reuse_c2 && s.gen.empty()) s.c1_first.assign(l1, l1 + n_vocab);
        // Sentence 2 has one predecessor only: lambda = 0 (METHOD.md section 2).
        const Token t = directional_scores(l1, l2, n_vocab, c2 ? e.config_.lambda : 0.0, scores);
        if (e.config_.observer)
          e.config_.observer(DecodeStep{s.seed_index, int(s.sentences.size()) + 1, int(s.gen.size()), &c1.tokens,
                                        c2 ? &c2->tokens : nullptr, std::span<const float>(scores), t});
        ++s.tokens;
        ++e.stats_.generated_tokens;
        if (model.is_end_of_generation(t)) {
          finish_sentence(s, false, done);
          continue;
        }
        s.gen.push_back(t);
        if (int(s.gen.size()) >= e.config_.max_new_tokens) {
          finish_sentence(s, true, done);
          continue;
        }
        c1.tokens.push_back(t);
        if (c2) c2->tokens.push_back(t);
      }
    }
  }
};

GenerationEngine::GenerationEngine(LlmContext& ctx, const PromptRenderer& prompts, EngineConfig config)
    : ctx_(ctx), prompts_(prompts), config_(std::move(config)) {}

void GenerationEngine::run(const std::vector<std::string>& seeds, const std::function<void(DecodedList&&)>& done,
                           const std::atomic<bool>* stop) {
  const auto t0 = std::chrono::steady_clock::now();
  Impl impl(*this);
  impl.run(seeds, done, stop);
  stats_.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

LlmOptions GenerationEngine::context_options(const EngineConfig& config, int prompt_tokens_max, int threads) {
  LlmOptions o;
  o.threads = threads;
  const std::uint32_t lists = std::uint32_t(std::max(1, config.parallel));
  o.sequences = 1 + 2 * lists;  // the shared prefix, two per list
  if (o.sequences > 256) throw std::invalid_argument("--parallel is at most 127 (llama.cpp has 256 sequence ids)");
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
