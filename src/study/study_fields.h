// Reading one table of a study file with errors that name the file, the line
// (TOML keeps each value's line) and the field's path ("train[1].seeds").
#pragma once
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ranksent::study {

struct Source {
  std::filesystem::path file;
  std::map<std::string, long> lines;  // field path -> line (TOML only)
  long line_of(const std::string& path) const;
  [[noreturn]] void fail(const std::string& path, const std::string& reason) const;
};

// The table at `path`; every getter records its key, done() refuses the rest
// (a misspelt key is an error, not a silent default).
class Fields {
 public:
  Fields(const Source& src, const nlohmann::json& table, std::string path);
  std::string text(const std::string& key, const std::optional<std::string>& fallback = std::nullopt);
  long integer(const std::string& key, std::optional<long> fallback, long min, long max);
  std::vector<std::string> texts(const std::string& key, std::vector<std::string> fallback = {});
  std::vector<long> integers(const std::string& key, std::vector<long> fallback, long min, long max);
  // Finite numbers, integers or not (a sweep's x values); missing: empty.
  std::vector<double> numbers(const std::string& key);
  bool has(const std::string& key) const { return table_.contains(key); }
  // A key read elsewhere (a sub-table checked by a Fields of its own).
  void allow(const std::string& key) { seen_.insert(key); }
  std::string path_of(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }
  void done() const;
  [[noreturn]] void fail(const std::string& key, const std::string& reason) const { src_.fail(path_of(key), reason); }

 private:
  const nlohmann::json* get(const std::string& key);
  const Source& src_;
  const nlohmann::json& table_;
  std::string path_;
  std::set<std::string> seen_;
};

// A `name` field that becomes a folder or file name (arms, sweeps): letters,
// digits, '_', '.', '-', and not taken by another of its kind.
std::string unique_name(Fields& f, std::set<std::string>& taken, const std::string& kind = "arm");

// Parses the file by its extension (.toml, .json) into JSON and the line map.
nlohmann::json parse_study_text(const std::filesystem::path& file, Source& src);

}  // namespace ranksent::study
