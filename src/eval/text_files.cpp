// Line reading and SentEval's whitespace tokenisation, shared by the loaders.
#include <cstdint>
#include <fstream>
#include <sstream>

#include "ranksent/error.h"
#include "ranksent/eval/text_files.h"
#include "ranksent/io/sentence_file.h"

namespace ranksent::eval {

namespace fs = std::filesystem;

namespace {

// Length of the whitespace character at s[i] as Python's str.isspace sees
// it (ASCII, \x1c-\x1f, U+0085, U+00A0, U+1680, U+2000-200A, U+2028/9,
// U+202F, U+205F, U+3000), or 0.
std::size_t space_at(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f)) return 1;
  if (c == 0xc2 && i + 1 < s.size()) {
    const auto d = static_cast<unsigned char>(s[i + 1]);
    return (d == 0x85 || d == 0xa0) ? 2 : 0;
  }
  if ((c == 0xe1 || c == 0xe2 || c == 0xe3) && i + 2 < s.size()) {
    const auto d = static_cast<unsigned char>(s[i + 1]), e = static_cast<unsigned char>(s[i + 2]);
    if (c == 0xe1) return (d == 0x9a && e == 0x80) ? 3 : 0;
    if (c == 0xe3) return (d == 0x80 && e == 0x80) ? 3 : 0;
    if (d == 0x80 && (e <= 0x8a || e == 0xa8 || e == 0xa9 || e == 0xaf)) return 3;
    if (d == 0x81 && e == 0x9f) return 3;
  }
  return 0;
}

}  // namespace

std::string whitespace_join(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (std::size_t i = 0; i < text.size();) {
    if (std::size_t n = space_at(text, i)) {
      pending_space = !out.empty();
      i += n;
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(text[i++]);
  }
  return out;
}

void require_dir(const fs::path& dir, const std::string& task) {
  if (!fs::is_directory(dir)) throw TaskMissing(task + ": folder " + dir.string() + " not found");
}

void check_utf8(const std::string& line, const fs::path& file, long line_number) {
  if (find_invalid_utf8(line) != std::string::npos) throw InputError(file.string(), "invalid UTF-8", line_number);
}

}  // namespace ranksent::eval
