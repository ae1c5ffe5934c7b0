// Output hygiene (docs/method.md section 2.6, beyond the paper): what a small
// LLM adds around the sentence it was asked for. Cleaning strips, before a
// sentence enters its list, leading text the model echoed from its prompt
// ("Result:", "Here is the sentence:", any line or sentence of the rendered
// instruction), a short label ending in a colon ("The sentence is:"), quotes
// around the whole sentence and list markers, and keeps the first line that
// is a sentence (decoding stops at its line break). The
// verification rules then refuse what cleaning could not fix:
//   echo    prompt text anywhere in the sentence;
//   commentary  words about the task or the chat ("rephrase", "chatbot", a
//           role's name as the last word) the seed does not use;
//   script  letters of a writing system the seed does not use (Han in an
//           English list);
//   length  a word count outside [min_ratio, max_ratio] x the seed's, widened
//           by `slack_words` for short seeds (the prompts ask for a sentence
//           "similar in length to the original sentence").
// Disabled, cleaning is the paper's: whitespace and one leading list marker.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ranksent {

struct PromptTemplate;

struct HygieneOptions {
  bool enabled = true;
  double min_length_ratio = 0.5;
  double max_length_ratio = 2.0;
  int slack_words = 3;
};

class OutputHygiene {
 public:
  OutputHygiene() = default;  // disabled
  OutputHygiene(const PromptTemplate& prompt, HygieneOptions options);

  bool enabled() const { return options_.enabled; }
  const HygieneOptions& options() const { return options_; }
  // The prompt's text pieces that count as an echo (at least 6 characters).
  const std::vector<std::string>& fragments() const { return fragments_; }

  // The first line of `raw` that is a sentence once cleaned (enabled), else
  // `raw` with whitespace and one list marker trimmed.
  std::string clean(std::string_view raw) const;
  // Whether `text` already holds a line break after a sentence line, so that
  // decoding can stop there (enabled only).
  bool line_complete(std::string_view text) const;
  // "echo: ...", "commentary: ..." (words about the task the seed does not
  // use), "script: ..." or "length: ..." for sentence `position` (1-based),
  // else nullopt.
  std::optional<std::string> check(std::string_view sentence, std::string_view seed, std::size_t position) const;
  // The word-count limits for a seed of `seed_words` words.
  std::pair<std::size_t, std::size_t> length_limits(std::size_t seed_words) const;

 private:
  std::string clean_line(std::string_view raw) const;

  HygieneOptions options_{.enabled = false};
  std::vector<std::string> fragments_;
};

// Whitespace-separated words.
std::size_t count_words(std::string_view text);

}  // namespace ranksent
