// The batch order of the generation engine (src/generate/ubatch_order.h):
// hand-computed orders of llama.cpp's split_equal, and on the default model
// a step written in that order gives the same logits, bit for bit, as the
// same step with each sequence's rows together.
#include <gtest/gtest.h>

#include <cstring>

#include <llama.h>

#include "generate/ubatch_order.h"
#include "ranksent/generate/llm.h"
#include "ranksent/models.h"

using namespace ranksent;

namespace {

std::vector<std::array<std::size_t, 3>> chunks(const std::vector<SequenceRows>& runs, std::size_t n_ubatch) {
  std::vector<std::array<std::size_t, 3>> out;
  for (const RowChunk& c : ubatch_order(runs, n_ubatch)) out.push_back({c.run, c.first, c.count});
  return out;
}

using Chunks = std::vector<std::array<std::size_t, 3>>;

}  // namespace

TEST(UbatchOrder, OneTokenEachIsOneUbatchInOrder) {
  EXPECT_EQ(chunks({{1, 1}, {2, 1}, {3, 1}}, 512), (Chunks{{0, 0, 1}, {1, 0, 1}, {2, 0, 1}}));
}

// A prompt between decoding sequences: its first token goes with them, the
// rest after, so its output (its last token) comes after theirs.
TEST(UbatchOrder, APromptsRestComesAfterTheDecodingRows) {
  EXPECT_EQ(chunks({{1, 1}, {2, 5}, {3, 1}}, 512), (Chunks{{0, 0, 1}, {1, 0, 1}, {2, 0, 1}, {1, 1, 4}}));
}

TEST(UbatchOrder, AGapInSequenceIdsStartsAnotherUbatch) {
  EXPECT_EQ(chunks({{1, 2}, {2, 2}, {4, 1}}, 512), (Chunks{{0, 0, 2}, {1, 0, 2}, {2, 0, 1}}));
}

// As many tokens from each sequence as fit: 2 of 3 sequences' 4 in 6 rows.
TEST(UbatchOrder, UbatchesHoldEqualShares) {
  EXPECT_EQ(chunks({{1, 4}, {2, 4}, {3, 4}}, 6),
            (Chunks{{0, 0, 2}, {1, 0, 2}, {2, 0, 2}, {0, 2, 2}, {1, 2, 2}, {2, 2, 2}}));
}

// split_equal stops adding sequences once it holds more than n_ubatch.
TEST(UbatchOrder, MoreSequencesThanUbatchRows) {
  EXPECT_EQ(chunks({{1, 1}, {2, 1}, {3, 1}, {4, 1}}, 2), (Chunks{{0, 0, 1}, {1, 0, 1}, {2, 0, 1}, {3, 0, 1}}));
}

TEST(UbatchOrder, TheSameLogitsAsRowsBySequence) {
  auto model = LlmModel::load(default_llm().path, {.threads = 1});
  const auto text =
      model->tokenize("A man is playing a guitar on stage while two dogs run through the snow.", true, false);
  ASSERT_GE(text.size(), 12u);
  // Sequences 1 and 3 hold 10 tokens; the step: one token for 1 and 3, a
  // 7-token prompt for 2, a 2-token prompt for 4, logits at each one's end.
  // (Sequence 4's last token is a ubatch of one row, whose matrix products
  // take other kernels than several rows': another split would show.)
  struct Step {
    int seq;
    std::size_t from, count;
  };
  const std::vector<Step> step = {{1, 10, 1}, {2, 0, 7}, {3, 10, 1}, {4, 0, 2}};
  auto run = [&](bool ubatch_rows) {
    LlmContext ctx(model, {.threads = 1, .context = 5 * 256, .batch = 512, .sequences = 5, .kv_unified = false});
    llama_batch batch = llama_batch_init(512, 0, 1);
    auto add = [&](int seq, std::size_t at, bool out) {
      const int r = batch.n_tokens++;
      batch.token[r] = text[at], batch.pos[r] = llama_pos(at), batch.n_seq_id[r] = 1, batch.seq_id[r][0] = seq;
      batch.logits[r] = out;
    };
    for (int seq : {1, 3})
      for (std::size_t i = 0; i < 10; ++i) add(seq, i, i == 9);
    EXPECT_EQ(llama_decode(ctx.raw(), batch), 0);
    batch.n_tokens = 0;
    std::vector<SequenceRows> runs;
    for (const Step& s : step) runs.push_back({s.seq, s.count});
    std::vector<int> out_row(step.size());
    const auto order = ubatch_rows ? ubatch_order(runs, llama_n_ubatch(ctx.raw()))
                                   : std::vector<RowChunk>{{0, 0, 1}, {1, 0, 7}, {2, 0, 1}, {3, 0, 2}};
    for (const RowChunk& c : order)
      for (std::size_t i = c.first; i < c.first + c.count; ++i) {
        if (i + 1 == step[c.run].count) out_row[c.run] = batch.n_tokens;
        add(step[c.run].seq, step[c.run].from + i, i + 1 == step[c.run].count);
      }
    EXPECT_EQ(llama_decode(ctx.raw(), batch), 0);
    std::vector<std::vector<float>> logits;
    for (int r : out_row) {
      const float* l = llama_get_logits_ith(ctx.raw(), r);
      logits.emplace_back(l, l + model->vocab_size());
    }
    llama_batch_free(batch);
    return logits;
  };
  const auto by_sequence = run(false), by_ubatch = run(true);
  for (std::size_t k = 0; k < step.size(); ++k)
    EXPECT_EQ(0, std::memcmp(by_sequence[k].data(), by_ubatch[k].data(), by_sequence[k].size() * sizeof(float)))
        << "sequence " << step[k].seq;
}
