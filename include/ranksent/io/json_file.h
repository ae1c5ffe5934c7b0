// Reading a JSON file with clear errors: a missing, unreadable or malformed
// file, and a missing or mistyped field, become an InputError naming the
// file, the line (of a syntax error) and the field. The one JSON-file reader.
#pragma once
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "ranksent/error.h"

namespace ranksent {

nlohmann::json read_json_file(const std::filesystem::path& file);

// Reads j[key] into `out` (its type decides what is accepted).
template <typename T>
void json_field(const nlohmann::json& j, const std::filesystem::path& file, const char* key, T& out) {
  auto it = j.is_object() ? j.find(key) : j.end();
  if (!j.is_object() || it == j.end()) throw InputError(file.string(), "required field is missing", 0, key);
  try {
    out = it->get<T>();
  } catch (const nlohmann::json::exception&) {
    throw InputError(file.string(), "has the wrong type (" + std::string(it->type_name()) + ")", 0, key);
  }
}

}  // namespace ranksent
