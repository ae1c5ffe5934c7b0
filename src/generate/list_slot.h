// The state of the lists in flight in the generation engine: each list
// holds up to two contexts, c1 = prompt(x(i-1)) + x_<t and c2 =
// prompt(x(i-2)) + x_<t (Eq. 3).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <llama.h>

#include "ranksent/generate/fixed_point_escape.h"
#include "ranksent/generate/ranking_list.h"
#include "ranksent/generate/token_scorer.h"

namespace ranksent {

// One context of a list: its tokens (prompt, then the tokens generated for
// the current sentence) and how many of them its sequence's KV cache holds.
struct SentenceContext {
  llama_seq_id seq = -1;
  std::vector<Token> tokens;
  std::size_t prompt_len = 0;
  std::size_t fed = 0;
  int logits_row = -1;        // batch row of its logits in this step
  bool logits_saved = false;  // this step's logits are the slot's saved ones, not in the batch
  std::size_t pending() const { return tokens.size() - fed; }
};

// A list in flight. It owns two sequence ids for its whole life; which of
// the two holds c1 alternates from sentence to sentence.
struct ListSlot {
  bool active = false;
  bool ready = false;  // all its contexts have logits in this step
  StepLogits logits;   // this step's, once read
  Token chosen = -1;   // this step's token, once chosen
  std::size_t seed_index = 0;
  std::uint64_t key = 0;
  std::vector<std::string> sentences, raw;
  std::vector<SentenceFlags> flags;
  std::vector<std::vector<Token>> sentence_tokens;  // each sentence's tokens (the avoid rule)
  Token end_token = -1;                             // the end-of-generation token this model used last
  SentenceContext contexts[2];
  int c1_index = 0;
  bool has_c2 = false;
  std::vector<Token> generated;  // tokens of the sentence being decoded
  std::int64_t chosen_tokens = 0;
  int attempt = 0;    // re-decodes of the current sentence so far
  int redecodes = 0;  // of the whole list
  std::optional<StepRandom> random;
  // Logits at the end of c1's prompt (its first step): they are c2's first
  // step in the next sentence, so that prompt's last token is not evaluated
  // again.
  std::vector<float> c1_first_logits, c2_first_logits;

  SentenceContext& c1() { return contexts[c1_index]; }
  SentenceContext* c2() { return has_c2 ? &contexts[1 - c1_index] : nullptr; }
  int sentence_number() const { return int(sentences.size()) + 1; }  // 1-based, of the one being decoded
};

}  // namespace ranksent
