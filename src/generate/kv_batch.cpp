// One llama_decode per engine step: the rows of every list that can make
// progress, and the KV cache cells its contexts share or drop.
#include "kv_batch.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <string>

#include "ranksent/generate/prompts.h"

namespace ranksent {

KvBatch::KvBatch(LlmContext& ctx, const std::vector<Token>& prefix, bool share_prefix, EngineStats& stats)
    : ctx_(ctx),
      lctx_(ctx.raw()),
      mem_(llama_get_memory(lctx_)),
      prefix_(prefix),
      share_prefix_(share_prefix),
      stats_(stats) {
  batch_ = llama_batch_init(int32_t(ctx.batch_capacity()), 0, 1);
}

KvBatch::~KvBatch() { llama_batch_free(batch_); }

void KvBatch::decode() {
  if (batch_.n_tokens == 0) return;
  const auto t0 = std::chrono::steady_clock::now();
  const int rc = llama_decode(lctx_, batch_);
  stats_.decode_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  ++stats_.decode_calls;
  stats_.ubatches += std::int64_t(ubatches_);
  stats_.evaluated_tokens += batch_.n_tokens;
  if (rc == 1) throw std::runtime_error("llama.cpp found no room in the KV cache: lower --parallel or raise --context");
  if (rc != 0) throw std::runtime_error("llama_decode failed with status " + std::to_string(rc));
}

const float* KvBatch::logits(const SentenceContext& c) const { return llama_get_logits_ith(lctx_, c.logits_row); }

void KvBatch::push(SentenceContext& c, std::size_t from, std::size_t count, bool logits_at_end) {
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t at = c.fed + from + i;
    const int row = batch_.n_tokens++;
    batch_.token[row] = c.tokens[at];
    batch_.pos[row] = llama_pos(at);
    batch_.n_seq_id[row] = 1;
    batch_.seq_id[row][0] = c.seq;
    batch_.logits[row] = logits_at_end && i + 1 == count;
    if (batch_.logits[row]) c.logits_row = row;
    if (at < c.prompt_len) ++stats_.prompt_tokens;
  }
}

void KvBatch::prefill_prefix() {
  SentenceContext c;
  c.seq = 0;
  c.tokens = prefix_;
  c.prompt_len = prefix_.size();
  while (c.pending() > 0) {
    batch_.n_tokens = 0;
    const std::size_t n = std::min<std::size_t>(c.pending(), ctx_.batch_capacity());
    push(c, 0, n, false);
    c.fed += n;
    decode();
  }
}

void KvBatch::start_prompt(SentenceContext& c, std::vector<Token> prompt) {
  llama_memory_seq_rm(mem_, c.seq, -1, -1);
  stats_.naive_prompt_tokens += std::int64_t(prompt.size());
  c.tokens = std::move(prompt);
  c.prompt_len = c.tokens.size();
  c.fed = 0;
  c.logits_saved = false;
  if (!share_prefix_ || prefix_.empty()) return;
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

void KvBatch::keep_prompt(SentenceContext& c) {
  llama_memory_seq_rm(mem_, c.seq, llama_pos(c.prompt_len), -1);
  c.tokens.resize(c.prompt_len);
  c.fed = c.prompt_len;
  c.logits_saved = true;
  stats_.naive_prompt_tokens += std::int64_t(c.prompt_len);
}

void KvBatch::rewind_prompt(SentenceContext& c) {
  llama_memory_seq_rm(mem_, c.seq, llama_pos(c.prompt_len - 1), -1);
  c.tokens.resize(c.prompt_len);
  c.fed = c.prompt_len - 1;
  c.logits_saved = false;
}

void KvBatch::clear(SentenceContext& c) { llama_memory_seq_rm(mem_, c.seq, -1, -1); }

// Lists in the middle of a sentence first (one token per context), then
// prompts to prefill, starting at a rotating slot so that no list waits for
// ever when prompts exceed the batch.
//
// The rows go into the batch in sequence-id order: with split KV streams
// llama.cpp cuts a batch into ubatches of consecutive sequence ids in row
// order (llama_batch_allocr::split_equal, sequential), so rows in slot
// order (and c1/c2 swapping ids every sentence) would cost one forward
// pass per run of consecutive ids instead of one for the whole step.
// Within that order, each sequence's rows are written ubatch by ubatch
// (ubatch_order.h): the same ubatches, and outputs in batch order, which
// spares llama.cpp a reordering of logit rows when prompts share a step
// with decoding lists.
void KvBatch::fill(std::vector<ListSlot>& slots) {
  batch_.n_tokens = 0;
  planned_.clear();
  std::size_t room = ctx_.batch_capacity();
  for (int pass = 0; pass < 2; ++pass)
    for (std::size_t k = 0; k < slots.size(); ++k) plan(slots[(turn_ + k) % slots.size()], pass == 0, room);
  std::sort(planned_.begin(), planned_.end(), [](const Planned& a, const Planned& b) { return a.c->seq < b.c->seq; });
  if (ctx_.kv_unified()) {  // one stream: llama.cpp takes the rows as they stand
    for (const auto& p : planned_) push(*p.c, 0, p.count, p.logits_at_end);
    const std::size_t n_ubatch = llama_n_ubatch(lctx_);
    ubatches_ = (std::size_t(batch_.n_tokens) + n_ubatch - 1) / n_ubatch;
  } else {
    runs_.clear();
    for (const auto& p : planned_) runs_.push_back({p.c->seq, p.count});
    const std::vector<RowChunk> order = ubatch_order(runs_, llama_n_ubatch(lctx_));
    for (const RowChunk& k : order) {
      const Planned& p = planned_[k.run];
      push(*p.c, k.first, k.count, p.logits_at_end && k.first + k.count == p.count);
    }
    ubatches_ = order.empty() ? 0 : order.back().ubatch + 1;
  }
  for (const auto& p : planned_) p.c->fed += p.count;
  ++turn_;
}

// One list's rows in this pass: all its pending tokens when they fit (it
// is then ready), else part of a long prompt.
void KvBatch::plan(ListSlot& s, bool decoding_pass, std::size_t& room) {
  if (!s.active) return;
  SentenceContext* cs[2] = {&s.c1(), s.c2()};
  const std::size_t pending = cs[0]->pending() + (cs[1] ? cs[1]->pending() : 0);
  const bool decoding = pending <= 2;
  if (decoding_pass != decoding) return;
  s.ready = false;
  if (pending <= room) {
    for (SentenceContext* c : cs)
      if (c && c->pending() > 0) planned_.push_back({c, c->pending(), true});
    s.ready = true;
    room -= pending;
    return;
  }
  // Its last token waits for the batch that can hold the last tokens of
  // every context of the list.
  for (SentenceContext* c : cs) {
    if (!c || c->pending() <= 1 || room == 0) continue;
    const std::size_t n = std::min(room, c->pending() - 1);
    planned_.push_back({c, n, false});
    room -= n;
  }
}

}  // namespace ranksent
