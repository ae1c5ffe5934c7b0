// Lines of a text file or a gzip-compressed one (MTEB's *.jsonl.gz,
// AskUbuntu's text_tokenized.txt.gz), for every reader of line files.
#include "ranksent/io/text_lines.h"

#include <zlib.h>

#include <fstream>
#include <sstream>

#include "ranksent/error.h"

namespace ranksent {

std::vector<std::string> read_lines(const std::filesystem::path& path) {
  std::string data;
  if (path.extension() == ".gz") {
    gzFile gz = gzopen(path.c_str(), "rb");
    if (!gz) throw InputError(path.string(), "cannot open file");
    char buf[1 << 16];
    int n;
    while ((n = gzread(gz, buf, sizeof buf)) > 0) data.append(buf, std::size_t(n));
    int err = 0;
    const char* msg = gzerror(gz, &err);
    const bool bad = n < 0 || (err != Z_OK && err != Z_STREAM_END);
    const std::string why = bad ? std::string(msg ? msg : "gzip error") : std::string();
    gzclose(gz);
    if (bad) throw InputError(path.string(), "cannot decompress: " + why);
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path.string(), std::filesystem::exists(path) ? "cannot open file" : "file not found");
    std::ostringstream ss;
    ss << in.rdbuf();
    data = std::move(ss).str();
  }
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < data.size()) {
    std::size_t end = data.find('\n', start);
    if (end == std::string::npos) end = data.size();
    std::string line = data.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

}  // namespace ranksent
