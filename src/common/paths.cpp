#include "ranksent/common/paths.h"

#include <cstdlib>

namespace ranksent {

namespace fs = std::filesystem;

fs::path normal_path(const std::string& path) {
  fs::path p(path);
  if (path == "~" || path.rfind("~/", 0) == 0) {
    const char* home = std::getenv("HOME");
    if (home && *home) p = fs::path(home) / path.substr(path.size() > 1 ? 2 : 1);
  }
  p = p.lexically_normal();
  // "/a/b/" keeps an empty last element after normalising; "/" stays itself.
  if (!p.has_filename() && p.has_relative_path()) p = p.parent_path();
  return p;
}

}  // namespace ranksent
