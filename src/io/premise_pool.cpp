#include "ranksent/io/premise_pool.h"

#include <cctype>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "ranksent/error.h"
#include "ranksent/io/sentence_file.h"
#include "ranksent/io/text_lines.h"
#include "ranksent/io/tsv.h"

namespace ranksent {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string collapse_space(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (is_space(c)) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

enum class Format { text, jsonl, tsv };

Format format_of(const std::filesystem::path& p) {
  const auto ext = p.extension().string();
  if (ext == ".jsonl" || ext == ".json") return Format::jsonl;
  if (ext == ".csv" || ext == ".tsv") return Format::tsv;
  return Format::text;
}

// Calls `take(text, line)` for every non-blank entry of one file.
template <class Take>
void read_entries(const std::filesystem::path& path, const PremiseReadOptions& options, Take take) {
  const std::string file = path.string();
  if (!std::filesystem::is_regular_file(path)) throw InputError(file, "no such file");
  const Format format = format_of(path);
  if (format == Format::tsv && options.column <= 0)
    throw UsageError(file + ": a .csv/.tsv input needs --column N (SNLI-train's cat/*.csv: 3, the premise)");
  long number = 0;
  for (const std::string& line : read_lines(path)) {
    ++number;
    if (auto bad = find_invalid_utf8(line); bad != std::string::npos)
      throw InputError(file, "invalid UTF-8 at byte " + std::to_string(bad), number);
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::string text;
    if (format == Format::text) {
      text = line;
    } else if (format == Format::tsv) {
      const auto fields = split_tabs(line);
      if (std::size_t(options.column) > fields.size())
        throw InputError(file, "has " + std::to_string(fields.size()) + " tab-separated fields", number,
                         "column " + std::to_string(options.column));
      text = unquote_field(fields[std::size_t(options.column) - 1]);
    } else {
      nlohmann::json j;
      try {
        j = nlohmann::json::parse(line);
      } catch (const nlohmann::json::exception& e) {
        throw InputError(file, std::string("not JSON: ") + e.what(), number);
      }
      auto t = j.is_object() ? j.find(options.field) : j.end();
      if (!j.is_object() || t == j.end() || !t->is_string())
        throw InputError(file, "no string field here", number, options.field);
      text = t->get<std::string>();
    }
    if (text.find('\0') != std::string::npos) throw InputError(file, "NUL byte in the sentence", number);
    take(collapse_space(text), number);
  }
}

}  // namespace

std::string premise_key(std::string_view text) {
  std::string key;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || std::isalnum(u)) key += char(std::tolower(u));
  }
  return key;
}

std::string unquote_field(std::string_view f) {
  if (f.size() < 2 || f.front() != '"' || f.back() != '"') return std::string(f);
  std::string out;
  for (std::size_t i = 1; i + 1 < f.size(); ++i) {
    out += f[i];
    if (f[i] == '"' && i + 2 < f.size() && f[i + 1] == '"') ++i;  // "" -> "
  }
  return out;
}

PremisePool read_premise_pool(const std::vector<std::filesystem::path>& inputs, const PremiseReadOptions& options,
                              const std::vector<std::filesystem::path>& exclude) {
  if (inputs.empty()) throw UsageError("give at least one --input file of premises");
  std::unordered_set<std::string> excluded;
  for (const auto& path : exclude)
    read_entries(path, options, [&](std::string text, long) { excluded.insert(premise_key(text)); });
  PremisePool pool;
  std::unordered_set<std::string> seen;
  for (const auto& path : inputs)
    read_entries(path, options, [&](std::string text, long line) {
      ++pool.lines;
      const std::string key = premise_key(text);
      if (key.empty()) {
        ++pool.no_text;
        return;
      }
      if (excluded.count(key)) {
        ++pool.excluded;
        return;
      }
      if (!seen.insert(key).second) {
        ++pool.duplicates;
        return;
      }
      pool.premises.push_back({std::move(text), path.string() + ":" + std::to_string(line)});
    });
  return pool;
}

}  // namespace ranksent
