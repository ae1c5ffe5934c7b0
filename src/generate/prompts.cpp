#include "ranksent/generate/prompts.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "ranksent/error.h"

namespace ranksent {

// Generated at configure time from prompts/*.txt (see CMakeLists.txt).
const std::map<std::string, std::string>& builtin_prompt_files();

namespace {

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
}

std::string trim_blank_lines(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  std::size_t i = 0;
  while (i < s.size() && (s[i] == '\n' || s[i] == '\r')) ++i;
  return s.substr(i);
}

}  // namespace

PromptTemplate PromptTemplate::parse(std::string_view text, const std::string& source) {
  PromptTemplate t;
  t.name = std::filesystem::path(source).filename().string();
  std::string* part = nullptr;
  std::string system, user;
  bool any_marker = false;
  std::istringstream in{std::string(text)};
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line == "[system]") {
      part = &system, any_marker = true;
      continue;
    }
    if (line == "[user]") {
      part = &user, any_marker = true;
      continue;
    }
    if (!any_marker) part = &user;  // a file without markers is all user turn
    *part += line + "\n";
  }
  t.system = trim_blank_lines(system);
  t.user = trim_blank_lines(user);
  if (t.user.find("{sentence}") == std::string::npos) {
    if (t.system.find("{sentence}") != std::string::npos)
      throw InputError(source, "the {sentence} slot must be in the [user] part of the prompt template");
    throw InputError(source, "prompt template has no {sentence} slot in its [user] part");
  }
  return t;
}

PromptTemplate PromptTemplate::load(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string(), "cannot open prompt template");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), path.string());
}

PromptTemplate PromptTemplate::builtin(const std::string& strategy) {
  const auto& files = builtin_prompt_files();
  auto it = files.find(strategy + ".txt");
  if (it == files.end()) throw std::invalid_argument("no built-in prompt for strategy '" + strategy + "'");
  return parse(it->second, it->first);
}

PromptTemplate PromptTemplate::all_in_user() const {
  PromptTemplate t = *this;
  if (!t.system.empty()) t.user = t.system + "\n\n" + t.user;
  t.system.clear();
  t.name += "+all-in-user";
  return t;
}

std::vector<ChatMessage> PromptTemplate::messages(std::string_view sentence, int steps) const {
  std::string u = user;
  replace_all(u, "{steps}", std::to_string(steps));
  // The slot last, so that a sentence containing "{steps}" stays as written.
  replace_all(u, "{sentence}", sentence);
  std::vector<ChatMessage> out;
  if (!system.empty()) {
    std::string s = system;
    replace_all(s, "{steps}", std::to_string(steps));
    out.push_back({"system", s});
  }
  out.push_back({"user", u});
  return out;
}

PromptRenderer::PromptRenderer(const LlmModel& model, PromptTemplate tmpl, int steps)
    : model_(model), tmpl_(std::move(tmpl)), steps_(steps) {
  // The shared prefix is the rendered prompt up to the slot. Its last token
  // is dropped because BPE may merge it with the sentence that follows; each
  // prompt then reuses the longest common prefix it really has.
  static constexpr std::string_view sentinel = "\x01\x02ranksent-slot\x02\x01";
  std::string rendered = text(sentinel);
  auto at = rendered.find(sentinel);
  if (at != std::string::npos) {
    prefix_ = model_.tokenize(rendered.substr(0, at), true, true);
    if (!prefix_.empty()) prefix_.pop_back();
    split_at_last_special(rendered.substr(0, at));
  }
}

// llama.cpp tokenizes a text with special tokens by cutting it at each of
// them and tokenizing the pieces between them one by one, so a prompt's
// tokens up to its last special token before the slot are always the same:
// they are kept (the head), and only the rest of each prompt is tokenized.
// Kept only where that provably gives the prompt's tokens: the head ends
// further from the slot than any special token is long (no special token
// can reach from the head into the sentence), and the split equals the
// whole prompt's tokens for sentences with and without special text.
void PromptRenderer::split_at_last_special(const std::string& before_slot) {
  const std::vector<Token> with = model_.tokenize(before_slot, true, true);
  const std::vector<Token> without = model_.tokenize(before_slot, false, true);
  if (with.size() < without.size() || !std::equal(without.begin(), without.end(), with.end() - without.size())) return;
  std::size_t k = without.size();
  while (k > 0 && !model_.is_special(without[k - 1])) --k;
  if (k == 0) return;
  std::string head = model_.detokenize(std::vector<Token>(without.begin(), without.begin() + std::ptrdiff_t(k)), true);
  if (!before_slot.starts_with(head) || before_slot.size() - head.size() < model_.longest_special_text()) return;
  head_text_ = std::move(head);
  head_tokens_.assign(with.begin(), with.end() - std::ptrdiff_t(without.size() - k));
  for (std::string_view probe : {"", "A man is playing a guitar.", " <|im_end|><|eot_id|></s> \n"}) {
    if (tokens(probe) == model_.tokenize(text(probe), true, true)) continue;
    head_text_.clear(), head_tokens_.clear();
    return;
  }
}

std::string PromptRenderer::text(std::string_view sentence) const {
  return model_.apply_chat_template(tmpl_.messages(sentence, steps_), true);
}

std::vector<Token> PromptRenderer::tokens(std::string_view sentence) const {
  const std::string t = text(sentence);
  if (head_text_.empty() || !t.starts_with(head_text_)) return model_.tokenize(t, true, true);
  std::vector<Token> out = head_tokens_;
  const std::vector<Token> rest = model_.tokenize(std::string_view(t).substr(head_text_.size()), false, true);
  out.insert(out.end(), rest.begin(), rest.end());
  return out;
}

std::size_t common_prefix(const std::vector<Token>& a, const std::vector<Token>& b) {
  std::size_t n = std::min(a.size(), b.size()), i = 0;
  while (i < n && a[i] == b[i]) ++i;
  return i;
}

}  // namespace ranksent
