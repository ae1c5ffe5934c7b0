// Lines of a text file or a gzip-compressed one (MTEB's *.jsonl.gz,
// AskUbuntu's text_tokenized.txt.gz), for every reader of line files.
#include "ranksent/io/text_lines.h"

#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "ranksent/error.h"

namespace ranksent {

struct LineReader::Source {
  std::FILE* file = nullptr;
  gzFile gz = nullptr;
  ~Source() {
    if (file) std::fclose(file);
    if (gz) gzclose(gz);
  }
};

LineReader::LineReader(const std::filesystem::path& path) : source_(std::make_unique<Source>()), path_(path.string()) {
  if (path.extension() == ".gz") {
    source_->gz = gzopen(path.c_str(), "rb");
    if (!source_->gz) throw InputError(path_, std::filesystem::exists(path) ? "cannot open file" : "file not found");
  } else {
    source_->file = std::fopen(path.c_str(), "rb");
    if (!source_->file) throw InputError(path_, std::filesystem::exists(path) ? "cannot open file" : "file not found");
  }
}

LineReader::~LineReader() = default;

// Appends the next block to the buffer; false at the end of the input.
bool LineReader::fill() {
  if (eof_) return false;
  constexpr std::size_t kBlock = 1 << 16;
  const std::size_t old = buffer_.size();
  buffer_.resize(old + kBlock);
  std::size_t n = 0;
  if (source_->gz) {
    const int r = gzread(source_->gz, buffer_.data() + old, unsigned(kBlock));
    int err = 0;
    const char* msg = gzerror(source_->gz, &err);
    if (r < 0 || (err != Z_OK && err != Z_STREAM_END))
      throw InputError(path_, std::string("cannot decompress: ") + (msg ? msg : "gzip error"));
    n = std::size_t(r);
  } else {
    n = std::fread(buffer_.data() + old, 1, kBlock, source_->file);
    if (n < kBlock && std::ferror(source_->file))
      throw InputError(path_, std::string("read failed: ") + std::strerror(errno));
  }
  buffer_.resize(old + n);
  if (n == 0) eof_ = true;
  return n > 0;
}

bool LineReader::next(std::string& line) {
  std::size_t scanned = at_;
  for (;;) {
    const auto nl = buffer_.find('\n', scanned);
    if (nl != std::string::npos) {
      line.assign(buffer_, at_, nl - at_);
      offset_ = next_offset_;
      next_offset_ += nl - at_ + 1;
      terminated_ = true;
      at_ = nl + 1;
      break;
    }
    // Keep the unread part only, then read on.
    buffer_.erase(0, at_);
    scanned = buffer_.size();
    at_ = 0;
    if (!fill()) {
      if (buffer_.empty()) return false;
      line = std::move(buffer_);  // a last line without its '\n'
      buffer_.clear();
      offset_ = next_offset_;
      next_offset_ += line.size();
      terminated_ = false;
      break;
    }
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  ++number_;
  return true;
}

std::vector<std::string> read_lines(const std::filesystem::path& path) {
  LineReader reader(path);
  std::vector<std::string> lines;
  for (std::string line; reader.next(line);) lines.push_back(std::move(line));
  return lines;
}

}  // namespace ranksent
