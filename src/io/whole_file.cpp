#include "ranksent/io/whole_file.h"

#include <fstream>
#include <sstream>

#include "ranksent/error.h"

namespace ranksent {

std::string read_whole_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::error_code ec;
    throw InputError(file.string(), std::filesystem::exists(file, ec) ? "cannot be read" : "not found");
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw InputError(file.string(), "cannot be read");
  return buffer.str();
}

}  // namespace ranksent
