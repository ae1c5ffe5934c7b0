#include "ranksent/io/sentence_file.h"

#include "ranksent/io/text_lines.h"

#include <fstream>

#include <utf8proc.h>
#include <nlohmann/json.hpp>

#include "ranksent/error.h"

namespace ranksent {

std::size_t find_invalid_utf8(const std::string& text) {
  std::size_t i = 0;
  while (i < text.size()) {
    utf8proc_int32_t cp;
    auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + i),
                              utf8proc_ssize_t(text.size() - i), &cp);
    if (n <= 0) return i;
    i += std::size_t(n);
  }
  return std::string::npos;
}

std::string replace_invalid_utf8(const std::string& text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    utf8proc_int32_t cp;
    auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + i),
                              utf8proc_ssize_t(text.size() - i), &cp);
    if (n <= 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(text, i, std::size_t(n));
      i += std::size_t(n);
    }
  }
  return out;
}

std::vector<std::string> read_sentences(const std::filesystem::path& path, const SentenceFileOptions& options) {
  const std::string file = path.string();
  const auto ext = path.extension().string();
  const bool jsonl = ext == ".jsonl" || ext == ".json";
  std::vector<std::string> out;
  long number = 0;
  for (std::string& line : read_lines(path)) {
    ++number;
    if (auto bad = find_invalid_utf8(line); bad != std::string::npos) {
      if (!options.replace_invalid_utf8)
        throw InputError(
            file, "invalid UTF-8 at byte " + std::to_string(bad) + " (--replace-invalid-utf8 replaces it with U+FFFD)",
            number);
      line = replace_invalid_utf8(line);
    }
    if (jsonl) {
      if (line.find_first_not_of(" \t") == std::string::npos) continue;
      nlohmann::json j;
      try {
        j = nlohmann::json::parse(line);
      } catch (const nlohmann::json::exception& e) {
        throw InputError(file, std::string("not a JSON object: ") + e.what(), number);
      }
      if (!j.is_object() || !j.contains(options.field))
        throw InputError(file, "missing in this line", number, options.field);
      if (!j[options.field].is_string()) throw InputError(file, "must be a string", number, options.field);
      line = j[options.field].get<std::string>();
    }
    if (options.skip_empty && line.empty()) continue;
    out.push_back(std::move(line));
  }
  return out;
}

}  // namespace ranksent
