// The CLI's side of the typed options (ranksent/options.h): the choices of a
// flag come from the library's one table, and an OptionError, which names a
// field of the API's structs, is reported with the flag that sets it.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "ranksent/options.h"

namespace ranksent::cli {

// name -> value for CLI::CheckedTransformer: the library's spellings, aliases left out.
template <typename E>
std::map<std::string, E> option_map() {
  std::map<std::string, E> names;
  for (const auto& name : option_names<E>()) names.emplace(name, parse_option<E>(name, "?"));
  return names;
}

// "auto" (the model's own choice) and then the library's spellings.
inline std::vector<std::string> auto_or(std::vector<std::string> names) {
  names.insert(names.begin(), "auto");
  return names;
}

// The flag that sets an API field: "loss.omega" -> "--omega",
// "precision" -> "--dtype" (train), "decoding.lambda" -> "--lambda".
inline std::string flag_of(const std::string& field) {
  static const std::map<std::string, std::string> renamed = {{"precision", "--dtype"}};
  if (auto it = renamed.find(field); it != renamed.end()) return it->second;
  std::string name = field.substr(field.rfind('.') == std::string::npos ? 0 : field.rfind('.') + 1);
  for (char& c : name)
    if (c == '_') c = '-';
  return "--" + name;
}

}  // namespace ranksent::cli
