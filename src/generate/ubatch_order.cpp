// A transcription of llama_batch_allocr::split_equal(n_ubatch, sequential =
// true, n_keep_tail = 0) of llama.cpp 0c1e57098 (src/llama-batch.cpp) for
// batches of one sequence id a row, each sequence's rows together.
#include "ubatch_order.h"

namespace ranksent {

namespace {
// The sequences of the next ubatch: from the lowest sequence with rows
// left, each next id while it has rows left; split_equal stops adding once
// it holds more than n_ubatch of them.
std::vector<std::size_t> next_sequences(const std::vector<SequenceRows>& runs, const std::vector<std::size_t>& used,
                                        std::size_t n_ubatch) {
  std::vector<std::size_t> set;
  for (std::size_t k = 0; k < runs.size(); ++k) {
    if (used[k] == runs[k].count) continue;
    if (!set.empty() && runs[k].seq != runs[set.back()].seq + 1) break;  // ids only grow from here on
    set.push_back(k);
    if (set.size() > n_ubatch) break;
  }
  return set;
}
}  // namespace

std::vector<RowChunk> ubatch_order(const std::vector<SequenceRows>& runs, std::size_t n_ubatch) {
  std::vector<std::size_t> used(runs.size(), 0);
  std::vector<RowChunk> out;
  for (std::size_t ubatch = 0;; ++ubatch) {
    const std::vector<std::size_t> set = next_sequences(runs, used, n_ubatch);
    if (set.empty()) return out;
    // As many tokens from each: while every sequence has one more, and one
    // more each would still fit.
    std::size_t take = 0;
    while (true) {
      bool more = true;
      for (std::size_t k : set) more = more && used[k] + take < runs[k].count;
      if (!more) break;
      ++take;
      if ((take + 1) * set.size() > n_ubatch) break;
    }
    for (std::size_t k : set) {
      out.push_back({k, used[k], take, ubatch});
      used[k] += take;
    }
  }
}

}  // namespace ranksent
