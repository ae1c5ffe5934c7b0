#include "ranksent/io/tsv.h"

namespace ranksent {

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> cols;
  std::size_t start = 0;
  while (true) {
    const std::size_t t = line.find('\t', start);
    cols.push_back(line.substr(start, t == std::string::npos ? std::string::npos : t - start));
    if (t == std::string::npos) break;
    start = t + 1;
  }
  return cols;
}

}  // namespace ranksent
