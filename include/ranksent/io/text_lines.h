// The one line reader: a text file or a .gz file, '\n'-separated, a
// trailing '\r' dropped. Throws InputError naming the file when it cannot be
// read or decompressed.
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace ranksent {

// Streams the lines of a file through a fixed buffer, so that a file of
// millions of lines is read without holding it (docs/robustness.md,
// "Streaming").
class LineReader {
 public:
  explicit LineReader(const std::filesystem::path& path);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // The next line, without its '\n' and a trailing '\r'; false at the end.
  bool next(std::string& line);
  long number() const { return number_; }           // 1-based, of the last line returned
  std::uint64_t offset() const { return offset_; }  // byte where that line starts (uncompressed)
  bool terminated() const { return terminated_; }   // it ended with '\n' (false: a torn last line)
  // Bytes up to the end of the last '\n'-terminated line returned.
  std::uint64_t complete_bytes() const { return terminated_ ? next_offset_ : offset_; }

 private:
  bool fill();
  struct Source;
  std::unique_ptr<Source> source_;
  std::string path_;
  std::string buffer_;
  std::size_t at_ = 0;
  bool eof_ = false;
  long number_ = 0;
  std::uint64_t offset_ = 0, next_offset_ = 0;
  bool terminated_ = true;
};

std::vector<std::string> read_lines(const std::filesystem::path& path);

}  // namespace ranksent
