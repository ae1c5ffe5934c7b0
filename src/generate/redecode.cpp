#include "redecode.h"

#include <algorithm>

namespace ranksent {

std::optional<std::string> redecode_rule(const EscapeOptions& escape, const VerifyOptions& rules, const ListSlot& s,
                                         const FinishedSentence& sentence) {
  if (escape.mode == FixedPointEscape::none || s.attempt >= escape.max_redecodes) return std::nullopt;
  if (auto broken = check_sentence(s.sentences, sentence.clean, sentence.flags, rules, true)) return rule_of(*broken);
  return std::nullopt;
}

Token redecode_token(const EscapeOptions& escape, ListSlot& s, std::vector<float>& scores) {
  const auto mode = escape.mode;
  if (mode == FixedPointEscape::avoid || mode == FixedPointEscape::resample_avoid)
    penalise_copies(scores, s.generated, s.sentence_tokens, s.end_token, escape.penalty);
  if (mode == FixedPointEscape::avoid) return Token(std::max_element(scores.begin(), scores.end()) - scores.begin());
  return sample_token(scores, escape.temperature, *s.random);
}

void restart_sentence(ListSlot& s, KvBatch& kv, const std::string& rule, EngineStats& stats) {
  ++s.attempt;
  ++s.redecodes;
  ++stats.redecodes;
  ++stats.redecodes_by_rule[rule];
  for (SentenceContext* c : {&s.c1(), s.c2()})
    if (c) kv.rewind_prompt(*c);
  s.generated.clear();
  s.random.emplace(s.key, s.sentence_number(), s.attempt);
}

}  // namespace ranksent
