// Batch and KV planning of the generation engine (docs/method.md section
// 2.3): which contexts get which tokens in one llama_decode, and the KV
// reuse that spares prompt tokens:
// - the prompt prefix every prompt shares is evaluated once on sequence 0
//   and shared with each new context through llama_memory_seq_cp;
// - c2 of sentence i is c1 of sentence i-1 without its generated tokens
//   (keep_prompt), so every sentence's prompt is prefilled once per list.
#pragma once
#include <vector>

#include "list_slot.h"
#include "ranksent/generate/generation_engine.h"
#include "ubatch_order.h"

namespace ranksent {

class KvBatch {
 public:
  KvBatch(LlmContext& ctx, const std::vector<Token>& prefix, bool share_prefix, EngineStats& stats);
  ~KvBatch();
  KvBatch(const KvBatch&) = delete;
  KvBatch& operator=(const KvBatch&) = delete;

  // Evaluates the shared prefix once, on sequence 0.
  void prefill_prefix();
  // Points a context at a new prompt: its sequence is emptied, then the part
  // of the shared prefix the prompt really starts with is shared into it.
  void start_prompt(SentenceContext& c, std::vector<Token> prompt);
  // Drops the generated tokens and keeps the prompt: its first step's
  // logits were saved (c1 of this sentence becomes c2 of the next).
  void keep_prompt(SentenceContext& c);
  // Drops the generated tokens and the prompt's last one, which the next
  // step evaluates again (a re-decode starts the sentence anew).
  void rewind_prompt(SentenceContext& c);
  void clear(SentenceContext& c);
  // Plans this step's batch over the active lists, marking each list that
  // gets logits for all its contexts as ready.
  void fill(std::vector<ListSlot>& slots);
  // Runs the planned batch (nothing when it is empty).
  void decode();
  const float* logits(const SentenceContext& c) const;

 private:
  struct Planned {
    SentenceContext* c;
    std::size_t count;
    bool logits_at_end;
  };
  void plan(ListSlot& s, bool decoding_pass, std::size_t& room);
  // Rows for tokens [fed + from, fed + from + count) of c; c.fed moves on
  // once the whole batch is written.
  void push(SentenceContext& c, std::size_t from, std::size_t count, bool logits_at_end);

  LlmContext& ctx_;
  llama_context* lctx_;
  llama_memory_t mem_;
  const std::vector<Token>& prefix_;
  bool share_prefix_;
  EngineStats& stats_;
  llama_batch batch_{};
  std::vector<Planned> planned_;    // this step's rows before they are sorted by sequence
  std::vector<SequenceRows> runs_;  // the planned rows as ubatch_order takes them
  std::size_t ubatches_ = 0;        // the forward passes llama.cpp makes of this batch
  std::size_t turn_ = 0;
};

}  // namespace ranksent
