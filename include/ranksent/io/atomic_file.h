// Whole-file outputs that appear complete or not at all: written to a
// temporary file beside the target, flushed to disk, then renamed over it.
#pragma once
#include <cstdio>
#include <filesystem>
#include <string_view>

namespace ranksent {

class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path target);
  ~AtomicFile();  // removes the temporary file unless commit() ran
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(const void* data, std::size_t size);
  void write(std::string_view text) { write(text.data(), text.size()); }
  void commit();  // fsync + rename; throws on any I/O failure (disk full included)

  const std::filesystem::path& target() const { return target_; }

 private:
  std::filesystem::path target_;
  std::filesystem::path temp_;
  std::FILE* file_ = nullptr;
  bool committed_ = false;
};

// Writes `text` to `target` atomically.
void write_file_atomic(const std::filesystem::path& target, std::string_view text);

// Fails now, with the error a write would give at the end, when `target`
// could not be written (its folder cannot be made or takes no files): for
// commands that work for minutes before they write.
void check_writable(const std::filesystem::path& target);

}  // namespace ranksent
