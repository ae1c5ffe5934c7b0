// Where a decoded sentence ends: the end-of-generation token, the line
// break that completes its first line (output hygiene), or the token cap
// (then it is truncated).
#pragma once
#include <string>
#include <vector>

#include "ranksent/generate/llm.h"
#include "ranksent/generate/ranking_list.h"

namespace ranksent {

enum class SentenceEnd { open, end_of_generation, line_complete, cap };

// A finished sentence: its decoded text, the text cleaned, and its flags.
struct FinishedSentence {
  std::string raw, clean;
  SentenceFlags flags;
};

class SentenceTermination {
 public:
  SentenceTermination(const LlmModel& model, const VerifyOptions& rules, int max_new_tokens);
  // After the step chose `t`: appends it to `generated` unless it ends
  // generation, and says whether the sentence ends here.
  SentenceEnd after(Token t, std::vector<Token>& generated) const;
  // The sentence's text, raw and cleaned (OutputHygiene::clean, else clean_sentence).
  FinishedSentence finish(const std::vector<Token>& generated, bool truncated) const;

 private:
  const LlmModel& model_;
  const VerifyOptions& rules_;
  int max_new_tokens_;
  std::vector<char> line_break_;  // per token: its text holds a line break (empty without hygiene)
};

}  // namespace ranksent
