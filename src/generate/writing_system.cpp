#include "generate/writing_system.h"

#include "text/unicode_text.h"

namespace ranksent {

namespace {

struct Block {
  char32_t first, last;
  const char* system;
};

// Unicode blocks (The Unicode Standard, Blocks.txt), the scripts a small
// multilingual LLM is seen to slip into.
constexpr Block kBlocks[] = {
    {0x0041, 0x024F, "Latin"},  {0x1E00, 0x1EFF, "Latin"},  {0x0370, 0x03FF, "Greek"},  {0x0400, 0x052F, "Cyrillic"},
    {0x0590, 0x05FF, "Hebrew"}, {0x0600, 0x06FF, "Arabic"}, {0x0750, 0x077F, "Arabic"}, {0x0900, 0x097F, "Devanagari"},
    {0x0E00, 0x0E7F, "Thai"},   {0x1100, 0x11FF, "Hangul"}, {0xAC00, 0xD7AF, "Hangul"}, {0x3130, 0x318F, "Hangul"},
    {0x3040, 0x30FF, "Kana"},   {0x31F0, 0x31FF, "Kana"},   {0x3400, 0x4DBF, "Han"},    {0x4E00, 0x9FFF, "Han"},
    {0xF900, 0xFAFF, "Han"},    {0x20000, 0x3134F, "Han"},  {0xFF21, 0xFF5A, "Latin"},  // fullwidth Latin letters
    {0xFF66, 0xFF9F, "Kana"},                                                           // halfwidth katakana
};

}  // namespace

std::string writing_system(char32_t cp) {
  if (!text::detail::is_letter(cp)) return "";
  for (const auto& b : kBlocks)
    if (cp >= b.first && cp <= b.last) return b.system;
  return "other";
}

std::set<std::string> writing_systems(std::string_view text) {
  std::set<std::string> out;
  for (char32_t cp : text::detail::decode_utf8(text))
    if (auto s = writing_system(cp); !s.empty()) out.insert(s);
  return out;
}

std::string first_run_in(std::string_view text, const std::string& system) {
  std::u32string run;
  for (char32_t cp : text::detail::decode_utf8(text)) {
    const std::string s = writing_system(cp);
    if (s == system)
      run += cp;
    else if (!run.empty() && !s.empty())
      break;  // a letter of another system ends the run; spaces and punctuation do not
  }
  return text::detail::encode_utf8(run);
}

}  // namespace ranksent
