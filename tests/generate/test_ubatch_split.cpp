// ubatch_order.cpp transcribes llama.cpp's split_equal (the split of a batch
// into ubatches with one KV stream per sequence): checked against llama.cpp's
// own llama_batch_allocr, from its source tree, on random batches of the
// engine's shape (each sequence's rows together, ascending ids, gaps, prompts
// among one-token rows, outputs at each sequence's last row). Rows in the
// computed order must give the same ubatches as rows by sequence, and
// outputs in increasing batch order (no reordering of logit rows).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <random>

#include "generate/ubatch_order.h"
#include "llama-batch.h"
#include "ranksent/generate/llm.h"
#include "ranksent/models.h"

using namespace ranksent;

namespace {

struct Row {
  int seq, pos;
  bool output;
};
// Each ubatch as its (sequence, position) pairs.
using Ubatches = std::vector<std::vector<std::pair<int, int>>>;

Ubatches split(const llama_vocab& vocab, const std::vector<Row>& rows, std::uint32_t n_ubatch,
               std::vector<std::int32_t>& out_ids) {
  llama_batch_ext batch(4096, 0, 0, 256, nullptr, llama_vocab_n_tokens(&vocab), 1);
  for (const Row& r : rows) {
    const int idx = batch.add_token(r.seq);
    const llama_pos pos[4] = {r.pos, 0, 0, 0};
    EXPECT_TRUE(batch.set_token_id(idx, 1) && batch.set_token_pos(idx, pos) && batch.set_output(idx, r.output));
  }
  llama_batch_allocr allocr(1);
  EXPECT_TRUE(allocr.init(batch, vocab, false));
  allocr.split_reset();
  Ubatches out;
  for (llama_ubatch u = allocr.split_equal(n_ubatch, true, 0); u.n_tokens > 0;
       u = allocr.split_equal(n_ubatch, true, 0)) {
    out.emplace_back();
    for (std::uint32_t i = 0; i < u.n_tokens; ++i) out.back().push_back({u.seq_id[i][0], u.pos[i]});
  }
  EXPECT_EQ(allocr.get_n_used(), allocr.get_n_tokens());
  out_ids = allocr.get_out_ids();
  return out;
}

std::vector<SequenceRows> random_runs(std::mt19937& g) {
  std::vector<SequenceRows> runs;
  for (int seq = 1 + int(g() % 3), n = 1 + int(g() % 40); n > 0 && seq < 250; --n) {
    runs.push_back({seq, g() % 4 == 0 ? 1 + g() % 30 : 1 + g() % 2});  // a prompt, else one or two tokens
    seq += g() % 5 == 0 ? 2 + int(g() % 3) : 1;                        // sometimes a gap
  }
  return runs;
}

}  // namespace

TEST(UbatchSplit, TheOrderGivesLlamaCppsUbatchesWithOutputsInOrder) {
  auto model = LlmModel::load(default_llm().path, {.threads = 1});
  const llama_vocab& vocab = *model->vocab();
  std::mt19937 g(1);
  int reordered_by_sequence = 0;
  for (int trial = 0; trial < 2000; ++trial) {
    const auto runs = random_runs(g);
    const std::uint32_t n_ubatch = std::vector<std::uint32_t>{4, 8, 16, 64, 512}[g() % 5];
    std::vector<Row> by_sequence, ordered;
    std::map<std::pair<int, int>, std::size_t> ubatch_of;  // (sequence, position) -> our ubatch number
    for (const auto& r : runs)
      for (std::size_t i = 0; i < r.count; ++i) by_sequence.push_back({r.seq, int(i), i + 1 == r.count});
    for (const RowChunk& c : ubatch_order(runs, n_ubatch))
      for (std::size_t i = c.first; i < c.first + c.count; ++i) {
        ordered.push_back({runs[c.run].seq, int(i), i + 1 == runs[c.run].count});
        ubatch_of[{runs[c.run].seq, int(i)}] = c.ubatch;
      }
    std::vector<std::int32_t> ids_by_sequence, ids_ordered;
    const Ubatches ubatches = split(vocab, ordered, n_ubatch, ids_ordered);
    ASSERT_EQ(ubatches, split(vocab, by_sequence, n_ubatch, ids_by_sequence)) << "trial " << trial;
    // The ubatch numbers (the engine's count of forward passes) are llama.cpp's.
    for (std::size_t u = 0; u < ubatches.size(); ++u)
      for (const auto& row : ubatches[u]) ASSERT_EQ(ubatch_of.at(row), u) << "trial " << trial;
    EXPECT_TRUE(std::is_sorted(ids_ordered.begin(), ids_ordered.end())) << "trial " << trial;
    reordered_by_sequence += !std::is_sorted(ids_by_sequence.begin(), ids_by_sequence.end());
  }
  std::printf("rows by sequence needed llama.cpp to reorder outputs in %d of 2000 batches\n", reordered_by_sequence);
  EXPECT_GT(reordered_by_sequence, 0);
}
