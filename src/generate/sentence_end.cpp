#include "sentence_end.h"

#include "ranksent/generate/output_hygiene.h"

namespace ranksent {

SentenceTermination::SentenceTermination(const LlmModel& model, const VerifyOptions& rules, int max_new_tokens)
    : model_(model), rules_(rules), max_new_tokens_(max_new_tokens) {
  // Tokens whose text holds a line break: with hygiene a sentence ends at
  // the line break after its first sentence line (OutputHygiene::clean).
  if (rules_.hygiene && rules_.hygiene->enabled()) {
    line_break_.assign(std::size_t(model_.vocab_size()), 0);
    for (Token t = 0; t < model_.vocab_size(); ++t)
      line_break_[std::size_t(t)] = model_.detokenize({t}).find('\n') != std::string::npos;
  }
}

SentenceEnd SentenceTermination::after(Token t, std::vector<Token>& generated) const {
  if (model_.is_end_of_generation(t)) return SentenceEnd::end_of_generation;
  generated.push_back(t);
  if (!line_break_.empty() && line_break_[std::size_t(t)] &&
      rules_.hygiene->line_complete(model_.detokenize(generated)))
    return SentenceEnd::line_complete;
  if (int(generated.size()) >= max_new_tokens_) return SentenceEnd::cap;
  return SentenceEnd::open;
}

FinishedSentence SentenceTermination::finish(const std::vector<Token>& generated, bool truncated) const {
  FinishedSentence f;
  f.raw = model_.detokenize(generated);
  f.clean = rules_.hygiene ? rules_.hygiene->clean(f.raw) : clean_sentence(f.raw);
  f.flags = SentenceFlags{truncated};
  return f;
}

}  // namespace ranksent
