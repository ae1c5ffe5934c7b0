#include "ranksent/io/json_file.h"

#include <algorithm>

#include "ranksent/error.h"
#include "ranksent/io/whole_file.h"

namespace ranksent {

nlohmann::json read_json_file(const std::filesystem::path& file) {
  const std::string text = read_whole_file(file);
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // nlohmann reports a byte offset; people look for lines.
    size_t end = std::min(e.byte > 0 ? e.byte - 1 : 0, text.size());
    long line = 1 + static_cast<long>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(end), '\n'));
    throw InputError(file.string(), std::string("not valid JSON: ") + e.what(), line);
  } catch (const nlohmann::json::exception& e) {
    // A number too large for a double (out_of_range.406): valid syntax, but
    // not a value anything here can hold. nlohmann gives no position for it.
    throw InputError(file.string(), std::string("not valid JSON: ") + e.what());
  }
}

}  // namespace ranksent
