// Prompt templates for ranking-list generation (appendix A): a system part
// and a user part with a `{sentence}` slot, rendered through the model's own
// chat template. The defaults are the files under prompts/, compiled in.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "ranksent/generate/llm.h"

namespace ranksent {

struct PromptTemplate {
  std::string name;    // file name, for the record
  std::string system;  // may be empty
  std::string user;    // holds {sentence}

  // Parses the `[system]` / `[user]` format of prompts/README.md. Throws
  // InputError naming `source` when the text has no {sentence} slot.
  static PromptTemplate parse(std::string_view text, const std::string& source);
  static PromptTemplate load(const std::filesystem::path& path);
  // The compiled-in default of a strategy: "directional", "step-by-step", "single-step".
  static PromptTemplate builtin(const std::string& strategy);

  // Everything in the user turn (the authors' layout), instruction first.
  PromptTemplate all_in_user() const;
  std::vector<ChatMessage> messages(std::string_view sentence, int steps) const;
};

// The prompt for a sentence as tokens, and the token prefix that every such
// prompt shares (evaluated once, its KV cache shared by all sequences).
class PromptRenderer {
 public:
  PromptRenderer(const LlmModel& model, PromptTemplate tmpl, int steps);
  std::string text(std::string_view sentence) const;
  std::vector<Token> tokens(std::string_view sentence) const;
  const std::vector<Token>& shared_prefix() const { return prefix_; }
  // The tokens every prompt starts with up to its last special token before
  // the slot, tokenized once (empty where each prompt is tokenized whole).
  const std::vector<Token>& head_tokens() const { return head_tokens_; }
  const PromptTemplate& prompt_template() const { return tmpl_; }

 private:
  const LlmModel& model_;
  PromptTemplate tmpl_;
  int steps_;
  std::vector<Token> prefix_;
  // The prompts' text up to their last special token before the slot, and
  // its tokens (empty: every prompt is tokenized whole).
  std::string head_text_;
  std::vector<Token> head_tokens_;
  void split_at_last_special(const std::string& before_slot);
};

// Length of the longest common prefix of two token sequences.
std::size_t common_prefix(const std::vector<Token>& a, const std::vector<Token>& b);

}  // namespace ranksent
