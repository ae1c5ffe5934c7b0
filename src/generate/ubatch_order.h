// The order in which llama.cpp takes a batch's rows when every sequence has
// a KV stream of its own: llama_batch_allocr::split_equal (sequential), the
// split llama_kv_cache uses then, cuts the batch into ubatches of
// consecutive sequence ids with as many tokens from each, and returns the
// outputs (logits) in ubatch order. Rows not in that order cost a
// reordering of whole logit rows (llama_context::output_reorder, a
// selection sort: up to one swap of two vocabulary-sized rows per output)
// at the first read of logits. Rows written in the order computed here form
// the same ubatches, so the same arithmetic, with the outputs in batch order.
#pragma once
#include <cstddef>
#include <vector>

namespace ranksent {

// One sequence's rows of a batch: `count` consecutive tokens.
struct SequenceRows {
  int seq;
  std::size_t count;
};

// A piece of one sequence's rows: tokens [first, first + count) of runs[run],
// in llama.cpp's ubatch number `ubatch` (0, 1, ...: one forward pass each).
struct RowChunk {
  std::size_t run, first, count, ubatch;
};

// `runs` in increasing sequence ids, one per sequence, as the rows stand in
// the batch; the chunks in the order split_equal(n_ubatch, sequential) takes
// them, ubatch by ubatch.
std::vector<RowChunk> ubatch_order(const std::vector<SequenceRows>& runs, std::size_t n_ubatch);

}  // namespace ranksent
