#include "study_fields.h"

#include <cmath>
#include <regex>

#include <fmt/core.h>
#include <toml++/toml.h>

#include "ranksent/error.h"
#include "ranksent/io/json_file.h"
#include "ranksent/io/whole_file.h"

namespace ranksent::study {

using json = nlohmann::json;

long Source::line_of(const std::string& path) const {
  // A missing key has no line of its own: its table's line is the nearest.
  for (std::string p = path;;) {
    if (auto it = lines.find(p); it != lines.end()) return it->second;
    const auto cut = p.find_last_of(".[");
    if (cut == std::string::npos || cut == 0) return 0;
    p.resize(cut);
  }
}

void Source::fail(const std::string& path, const std::string& reason) const {
  throw InputError(file.string(), reason, line_of(path), path);
}

Fields::Fields(const Source& src, const json& table, std::string path)
    : src_(src), table_(table), path_(std::move(path)) {
  if (!table_.is_object()) src_.fail(path_, "must be a table");
}

const json* Fields::get(const std::string& key) {
  seen_.insert(key);
  auto it = table_.find(key);
  return it == table_.end() ? nullptr : &*it;
}

std::string Fields::text(const std::string& key, const std::optional<std::string>& fallback) {
  const json* v = get(key);
  if (!v) {
    if (!fallback) fail(key, "required field is missing");
    return *fallback;
  }
  if (!v->is_string()) fail(key, fmt::format("must be a string, not {}", v->type_name()));
  return v->get<std::string>();
}

long Fields::integer(const std::string& key, std::optional<long> fallback, long min, long max) {
  const json* v = get(key);
  if (!v) {
    if (!fallback) fail(key, "required field is missing");
    return *fallback;
  }
  if (!v->is_number_integer()) fail(key, fmt::format("must be an integer, not {}", v->type_name()));
  const long x = v->get<long>();
  if (x < min || x > max) fail(key, fmt::format("must be in [{}, {}], got {}", min, max, x));
  return x;
}

std::vector<std::string> Fields::texts(const std::string& key, std::vector<std::string> fallback) {
  const json* v = get(key);
  if (!v) return fallback;
  if (v->is_string()) return {v->get<std::string>()};
  if (!v->is_array()) fail(key, fmt::format("must be a list of strings, not {}", v->type_name()));
  std::vector<std::string> out;
  for (std::size_t i = 0; i < v->size(); ++i) {
    if (!(*v)[i].is_string()) src_.fail(fmt::format("{}[{}]", path_of(key), i), "must be a string");
    out.push_back((*v)[i].get<std::string>());
  }
  return out;
}

std::vector<long> Fields::integers(const std::string& key, std::vector<long> fallback, long min, long max) {
  const json* v = get(key);
  if (!v) return fallback;
  if (!v->is_array()) fail(key, fmt::format("must be a list of integers, not {}", v->type_name()));
  std::vector<long> out;
  for (std::size_t i = 0; i < v->size(); ++i) {
    const auto& x = (*v)[i];
    const std::string p = fmt::format("{}[{}]", path_of(key), i);
    if (!x.is_number_integer()) src_.fail(p, "must be an integer");
    if (x.get<long>() < min || x.get<long>() > max) src_.fail(p, fmt::format("must be in [{}, {}]", min, max));
    out.push_back(x.get<long>());
  }
  return out;
}

std::vector<double> Fields::numbers(const std::string& key) {
  const json* v = get(key);
  if (!v) return {};
  if (!v->is_array()) fail(key, fmt::format("must be a list of numbers, not {}", v->type_name()));
  std::vector<double> out;
  for (std::size_t i = 0; i < v->size(); ++i) {
    const auto& x = (*v)[i];
    // TOML has nan and inf; neither is a point on an axis.
    if (!x.is_number() || !std::isfinite(x.get<double>()))
      src_.fail(fmt::format("{}[{}]", path_of(key), i), "must be a finite number");
    out.push_back(x.get<double>());
  }
  return out;
}

void Fields::done() const {
  for (const auto& [key, _] : table_.items())
    if (!seen_.count(key)) fail(key, "unknown field (docs/study.md lists the fields)");
}

std::string unique_name(Fields& f, std::set<std::string>& taken, const std::string& kind) {
  const std::string name = f.text("name");
  static const std::regex ok("[A-Za-z0-9][A-Za-z0-9_.-]*");
  if (!std::regex_match(name, ok)) f.fail("name", "must be letters, digits, '_', '.', '-' (it names a folder)");
  if (!taken.insert(name).second) f.fail("name", "'" + name + "' names another " + kind + " already");
  return name;
}

namespace {

// TOML -> JSON, remembering each value's line under its field path.
json to_json(const toml::node& node, const std::string& path, Source& src) {
  if (!path.empty()) src.lines[path] = long(node.source().begin.line);
  if (const auto* t = node.as_table()) {
    json out = json::object();
    for (const auto& [k, v] : *t) {
      const std::string key(k.str());
      out[key] = to_json(v, path.empty() ? key : path + "." + key, src);
    }
    return out;
  }
  if (const auto* a = node.as_array()) {
    json out = json::array();
    for (std::size_t i = 0; i < a->size(); ++i) out.push_back(to_json(*a->get(i), fmt::format("{}[{}]", path, i), src));
    return out;
  }
  if (const auto* s = node.as_string()) return s->get();
  if (const auto* i = node.as_integer()) return i->get();
  if (const auto* f = node.as_floating_point()) return f->get();
  if (const auto* b = node.as_boolean()) return b->get();
  src.fail(path, "dates and times are not study values");
}

}  // namespace

json parse_study_text(const std::filesystem::path& file, Source& src) {
  src.file = file;
  const std::string ext = file.extension().string();
  if (ext == ".json") return read_json_file(file);
  if (ext != ".toml") throw InputError(file.string(), "a study file is .toml or .json");
  const std::string text = read_whole_file(file);
  try {
    const toml::table table = toml::parse(text, file.string());
    return to_json(table, "", src);
  } catch (const toml::parse_error& e) {
    throw InputError(file.string(), std::string("not valid TOML: ") + std::string(e.description()),
                     long(e.source().begin.line));
  }
}

}  // namespace ranksent::study
