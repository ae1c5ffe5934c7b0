#include "ranksent/generate/ranking_list.h"

#include <cctype>
#include <set>
#include <stdexcept>

#include "ranksent/generate/output_hygiene.h"

namespace ranksent {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) { return trim_space(s); }

// Length of a leading list marker ("12.", "3)", "-", "*", "•") plus the
// spaces after it; 0 when there is none. A number must be followed by a
// space so that "3.5 million people" keeps its number.
std::size_t marker_length(std::string_view s) {
  std::size_t i = 0;
  if (!s.empty() && (s[0] == '-' || s[0] == '*')) {
    i = 1;
  } else if (s.substr(0, 3) == "\xE2\x80\xA2") {  // U+2022 bullet
    i = 3;
  } else {
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (i == 0 || i > 3 || i >= s.size() || (s[i] != '.' && s[i] != ')')) return 0;
    ++i;
  }
  if (i < s.size() && !is_space(s[i])) return 0;
  while (i < s.size() && is_space(s[i])) ++i;
  return i;
}

}  // namespace

std::string_view trim_space(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string clean_sentence(std::string_view text) {
  auto s = trim(text);
  s.remove_prefix(marker_length(s));
  return std::string(trim(s));
}

std::string fold_sentence(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : trim(text)) {
    // ASCII punctuation separates words like a space: "A dog runs!" and
    // "a dog runs." are the same sentence to the duplicate rule.
    const auto u = static_cast<unsigned char>(c);
    if (is_space(c) || (u < 0x80 && std::ispunct(u))) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += char(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::vector<std::string> parse_numbered_list(std::string_view text) {
  std::vector<std::string> numbered, plain;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    auto line = trim(text.substr(start, end - start));
    start = end + 1;
    if (line.empty()) continue;
    if (!line.empty() && std::isdigit(static_cast<unsigned char>(line[0])) && marker_length(line) > 0)
      numbered.push_back(clean_sentence(line));
    plain.push_back(clean_sentence(line));
  }
  return numbered.empty() ? plain : numbered;
}

std::optional<std::string> verify_list(const std::vector<std::string>& sentences,
                                       const std::vector<SentenceFlags>& flags, const VerifyOptions& options) {
  const std::size_t n = std::size_t(options.steps) + 1;
  for (std::size_t i = 0; i < flags.size() && i < sentences.size(); ++i)
    if (flags[i].truncated) return "truncated: sentence " + std::to_string(i + 1) + " hit the cap on new tokens";
  // Checked on the sentences present, so that a list the decoder stopped
  // early names the rule that stopped it.
  for (std::size_t i = 0; i < sentences.size(); ++i)
    if (trim(sentences[i]).empty()) return "empty: sentence " + std::to_string(i + 1);
  for (std::size_t i = 0; i < sentences.size(); ++i)
    if (sentences[i].find('\n') != std::string::npos) return "newline: sentence " + std::to_string(i + 1);
  if (options.hygiene && !sentences.empty())
    for (std::size_t i = 1; i < sentences.size(); ++i)
      if (auto r = options.hygiene->check(sentences[i], sentences[0], i + 1)) return r;
  if (options.reject_consecutive_duplicates)
    for (std::size_t i = 1; i < sentences.size(); ++i)
      if (fold_sentence(sentences[i]) == fold_sentence(sentences[i - 1]))
        return "duplicate: sentence " + std::to_string(i + 1) + " repeats sentence " + std::to_string(i);
  if (sentences.size() != n)
    return "incomplete: " + std::to_string(sentences.size()) + " sentences, expected " + std::to_string(n);
  // The authors' degenerate-tail filter: a list ending in a loop repeats its
  // last or second-to-last sentence (exact string count, as they do).
  for (std::size_t back : {std::size_t(1), std::size_t(2)}) {
    if (n < back) continue;
    const auto& s = sentences[n - back];
    std::size_t count = 0;
    for (const auto& t : sentences) count += t == s;
    if (count >= 3)
      return "repetition: sentence " + std::to_string(n - back + 1) + " occurs " + std::to_string(count) + " times";
  }
  return std::nullopt;
}

std::optional<std::string> check_sentence(const std::vector<std::string>& earlier, const std::string& sentence,
                                          SentenceFlags flags, const VerifyOptions& options, bool any_earlier) {
  const std::string at = "sentence " + std::to_string(earlier.size() + 1);
  if (flags.truncated) return "truncated: " + at + " hit the cap on new tokens";
  if (trim(sentence).empty()) return "empty: " + at;
  if (sentence.find('\n') != std::string::npos) return "newline: " + at;
  if (options.hygiene && !earlier.empty())
    if (auto r = options.hygiene->check(sentence, earlier.front(), earlier.size() + 1)) return r;
  const std::string folded = fold_sentence(sentence);
  auto repeats = [&](std::size_t j) { return fold_sentence(earlier[j]) == folded; };
  auto duplicate = [&](std::size_t j) { return "duplicate: " + at + " repeats sentence " + std::to_string(j + 1); };
  if (any_earlier) {
    for (std::size_t j = earlier.size(); j-- > 0;)
      if (repeats(j)) return duplicate(j);
  } else if (options.reject_consecutive_duplicates && !earlier.empty() && repeats(earlier.size() - 1)) {
    return duplicate(earlier.size() - 1);
  }
  return std::nullopt;
}

std::string rule_of(std::string_view reason) { return std::string(reason.substr(0, reason.find(':'))); }

nlohmann::json RankingList::to_json() const {
  nlohmann::json j;
  j["id"] = id;
  j["seed"] = seed;
  j["sentences"] = sentences;
  j["strategy"] = strategy;
  j["lambda"] = lambda ? nlohmann::json(*lambda) : nlohmann::json(nullptr);
  j["model"] = model;
  j["model_sha256"] = model_sha256;
  j["prompt"] = prompt;
  j["steps"] = steps;
  j["rejected"] = rejected ? nlohmann::json(*rejected) : nlohmann::json(nullptr);
  if (!escape.empty()) {
    j["escape"] = escape;
    j["redecodes"] = redecodes;
  }
  for (const auto& [key, value] : extra.items()) j[key] = value;  // fields of other programs, kept
  return j;
}

std::map<std::string, std::string> RankingList::run_fields() const {
  return {{"strategy", strategy},
          {"model_sha256", model_sha256},
          {"prompt", prompt},
          {"steps", steps > 0 ? std::to_string(steps) : ""},
          {"lambda", lambda ? std::to_string(*lambda) : ""},
          {"escape", escape}};
}

RankingList RankingList::from_json(const nlohmann::json& j) {
  if (!j.is_object()) throw std::invalid_argument("not a JSON object");
  auto field = [&](const char* key, auto check, const char* what) -> const nlohmann::json* {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return nullptr;
    if (!check(*it)) throw std::invalid_argument(std::string("field '") + key + "' is not " + what);
    return &*it;
  };
  auto is_string = [](const auto& v) { return v.is_string(); };
  RankingList r;
  // Only `sentences` is required, so that lists written by any program (or by
  // hand) train; the fields this program writes are checked when present.
  const auto* s = field("sentences", [](const auto& v) { return v.is_array(); }, "an array");
  if (!s) throw std::invalid_argument("field 'sentences' is missing");
  for (const auto& x : *s) {
    if (!x.is_string()) throw std::invalid_argument("field 'sentences' holds a non-string");
    r.sentences.push_back(x.get<std::string>());
  }
  if (const auto* v =
          field("id", [](const auto& x) { return x.is_string() || x.is_number_integer(); }, "a string or integer"))
    r.id = *v;
  if (const auto* v = field("seed", is_string, "a string"))
    r.seed = v->get<std::string>();
  else if (!r.sentences.empty())
    r.seed = r.sentences.front();
  if (const auto* v = field("strategy", is_string, "a string")) r.strategy = v->get<std::string>();
  if (const auto* v = field("steps", [](const auto& x) { return x.is_number_integer(); }, "an integer"))
    r.steps = v->get<int>();
  else
    r.steps = int(r.sentences.size()) - 1;
  if (const auto* v = field("lambda", [](const auto& x) { return x.is_number(); }, "a number"))
    r.lambda = v->get<double>();
  if (const auto* v = field("model", is_string, "a string")) r.model = v->get<std::string>();
  if (const auto* v = field("model_sha256", is_string, "a string")) r.model_sha256 = v->get<std::string>();
  if (const auto* v = field("prompt", is_string, "a string")) r.prompt = v->get<std::string>();
  if (const auto* v = field("rejected", is_string, "a string or null")) r.rejected = v->get<std::string>();
  if (const auto* v = field("escape", is_string, "a string")) r.escape = v->get<std::string>();
  if (const auto* v = field("redecodes", [](const auto& x) { return x.is_number_integer(); }, "an integer"))
    r.redecodes = v->get<int>();
  static const std::set<std::string> known = {"id",    "seed",         "sentences", "strategy", "steps",  "lambda",
                                              "model", "model_sha256", "prompt",    "rejected", "escape", "redecodes"};
  for (const auto& [key, value] : j.items())
    if (!known.count(key)) r.extra[key] = value;
  return r;
}

}  // namespace ranksent
