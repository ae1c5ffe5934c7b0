#include "ranksent/generate/output_hygiene.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "generate/writing_system.h"
#include "ranksent/generate/prompts.h"
#include "ranksent/generate/ranking_list.h"

namespace ranksent {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
std::string_view trim(std::string_view s) { return trim_space(s); }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool starts_with_folded(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  return true;
}

// Pieces of a template text that a model may echo: each line, split at the
// slots, then at sentence ends, so that one echoed sentence of a long
// instruction is found too.
void add_fragments(const std::string& text, std::vector<std::string>& out) {
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    for (const char* slot : {"{sentence}", "{steps}"})
      for (std::size_t at; (at = line.find(slot)) != std::string::npos;)
        line.replace(at, std::string_view(slot).size(), "\n");
    std::size_t a = 0;
    for (std::size_t i = 0; i <= line.size(); ++i) {
      const bool cut =
          i == line.size() || line[i] == '\n' ||
          ((line[i] == '.' || line[i] == '?' || line[i] == '!') && i + 1 < line.size() && line[i + 1] == ' ');
      if (!cut) continue;
      const std::size_t e = (i < line.size() && line[i] != '\n') ? i + 1 : i;
      auto piece = trim(std::string_view(line).substr(a, e - a));
      if (piece.size() >= 6 && std::find(out.begin(), out.end(), piece) == out.end()) out.emplace_back(piece);
      a = i + 1;
    }
  }
}

// Quotes around the whole sentence: "...", '...', `...`, “...”, ‘...’.
std::string_view strip_quotes(std::string_view s) {
  static const std::pair<std::string_view, std::string_view> pairs[] = {
      {"\"", "\""}, {"'", "'"}, {"`", "`"}, {"\xE2\x80\x9C", "\xE2\x80\x9D"}, {"\xE2\x80\x98", "\xE2\x80\x99"}};
  for (auto [open, close] : pairs) {
    if (s.size() < open.size() + close.size() + 1) continue;
    if (s.substr(0, open.size()) != open || s.substr(s.size() - close.size()) != close) continue;
    auto inner = s.substr(open.size(), s.size() - open.size() - close.size());
    if (inner.find(open) != std::string_view::npos || inner.find(close) != std::string_view::npos)
      continue;  // "a" and "b"
    return trim(inner);
  }
  return s;
}

// A short leading label ending in a colon ("The sentence is:", "Rewritten
// sentence:"): at most `kMaxLabelWords` words and no quote, with text after it.
constexpr std::size_t kMaxLabelWords = 5;
std::string_view strip_label(std::string_view s) {
  const auto colon = s.find(':');
  // "at 5:30" is no label: the colon must be followed by a space.
  if (colon == std::string_view::npos || colon == 0 || colon + 1 >= s.size() || !is_space(s[colon + 1])) return s;
  const auto label = s.substr(0, colon);
  if (label.find_first_of("\"'`") != std::string_view::npos) return s;
  if (count_words(label) > kMaxLabelWords) return s;
  const auto rest = trim(s.substr(colon + 1));
  return rest.empty() ? s : rest;
}

// Words that talk about the task instead of the scene: a small model narrates
// the instruction ("Rewritten sentence: Rewritten sentence: ...", "A rewritten
// sentence with the same meaning would ...") where it should follow it. A
// word the seed itself uses is not commentary.
// "chatbot": the model naming itself, seen at a sentence's end ("... birds
// Chatbot").
constexpr std::string_view kTaskWords[] = {"rewrit",       "rephras",        "paraphras",        "sentence",
                                           "entailment",   "same meaning",   "original meaning", "readers should",
                                           "the original", "in other words", "chatbot"};

// The chat role's name left as a sentence's last word, capitalised as the
// role is ("... the park. Assistant"): "a shop assistant smiles" stays.
bool ends_with_role_word(std::string_view s) {
  std::size_t end = s.size();
  while (end > 0 && !std::isalpha(static_cast<unsigned char>(s[end - 1]))) --end;
  std::size_t start = end;
  while (start > 0 && std::isalpha(static_cast<unsigned char>(s[start - 1]))) --start;
  return start > 0 && s.substr(start, end - start) == "Assistant";
}

}  // namespace

std::size_t count_words(std::string_view text) {
  std::size_t n = 0;
  bool in_word = false;
  for (char c : text) {
    if (is_space(c)) {
      in_word = false;
    } else if (!in_word) {
      in_word = true;
      ++n;
    }
  }
  return n;
}

OutputHygiene::OutputHygiene(const PromptTemplate& prompt, HygieneOptions options) : options_(options) {
  add_fragments(prompt.system, fragments_);
  add_fragments(prompt.user, fragments_);
  // Longest first, so that "Here is the sentence:" wins over a shorter piece it holds.
  std::sort(fragments_.begin(), fragments_.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
}

std::string OutputHygiene::clean_line(std::string_view raw) const {
  std::string s = clean_sentence(raw);
  for (bool changed = true; changed;) {
    changed = false;
    std::string_view v = trim(s);
    for (const auto& f : fragments_) {
      if (!starts_with_folded(v, f)) continue;
      v.remove_prefix(f.size());
      changed = true;
      break;
    }
    const auto unlabelled = strip_label(v);
    const auto unquoted = strip_quotes(unlabelled);
    changed = changed || unquoted.size() != v.size();
    std::string next = clean_sentence(unquoted);
    changed = changed || next != s;
    s = std::move(next);
  }
  return s;
}

// A line that is a sentence once cleaned: not empty and not a label that
// announces the next line ("Result:").
static bool is_sentence_line(std::string_view cleaned) { return !cleaned.empty() && cleaned.back() != ':'; }

std::string OutputHygiene::clean(std::string_view raw) const {
  if (!options_.enabled) return clean_sentence(raw);
  // The sentence is the first line that is one; what follows it (a blank
  // line, "Result:", a second version) is the model talking on.
  for (std::size_t start = 0; start < raw.size();) {
    std::size_t end = raw.find('\n', start);
    if (end == std::string_view::npos) end = raw.size();
    std::string line = clean_line(raw.substr(start, end - start));
    if (is_sentence_line(line)) return line;
    start = end + 1;
  }
  return clean_line(raw);
}

bool OutputHygiene::line_complete(std::string_view text) const {
  if (!options_.enabled) return false;
  for (std::size_t start = 0;;) {
    const std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) return false;
    if (is_sentence_line(clean_line(text.substr(start, end - start)))) return true;
    start = end + 1;
  }
}

std::pair<std::size_t, std::size_t> OutputHygiene::length_limits(std::size_t seed_words) const {
  const double w = double(seed_words);
  const double lo = std::min(options_.min_length_ratio * w, w - options_.slack_words);
  const double hi = std::max(options_.max_length_ratio * w, w + options_.slack_words);
  return {std::size_t(std::max(1.0, std::ceil(lo))), std::size_t(std::floor(hi))};
}

std::optional<std::string> OutputHygiene::check(std::string_view sentence, std::string_view seed,
                                                std::size_t position) const {
  if (!options_.enabled) return std::nullopt;
  const std::string folded = lower(sentence);
  for (const auto& f : fragments_)
    if (folded.find(lower(f)) != std::string::npos)
      return "echo: sentence " + std::to_string(position) + " holds prompt text '" + f + "'";
  const std::string folded_seed = lower(seed);
  for (const auto w : kTaskWords)
    if (folded.find(w) != std::string::npos && folded_seed.find(w) == std::string::npos)
      return "commentary: sentence " + std::to_string(position) + " talks about the task ('" + std::string(w) + "')";
  if (ends_with_role_word(sentence) && !ends_with_role_word(seed))
    return "commentary: sentence " + std::to_string(position) + " ends with a chat role's name";
  // A list drifts in meaning, never out of the seed's writing system.
  const auto seed_systems = writing_systems(seed);
  for (const auto& system : writing_systems(sentence))
    if (!seed_systems.count(system))
      return "script: sentence " + std::to_string(position) + " holds " + system + " text ('" +
             first_run_in(sentence, system) + "') the seed does not use";
  if (position > 1) {
    const std::size_t words = count_words(sentence), seed_words = count_words(seed);
    const auto [lo, hi] = length_limits(seed_words);
    if (words < lo || words > hi)
      return "length: sentence " + std::to_string(position) + " has " + std::to_string(words) + " words, the seed " +
             std::to_string(seed_words) + " (allowed " + std::to_string(lo) + "-" + std::to_string(hi) + ")";
  }
  return std::nullopt;
}

}  // namespace ranksent
