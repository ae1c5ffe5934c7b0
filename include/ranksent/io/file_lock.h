// One writer per output: an exclusive, non-blocking flock on a lock file,
// held while the object lives and released by the kernel if the process
// dies (so a kill never leaves a stale lock to clean up by hand).
#pragma once
#include <filesystem>
#include <string>

namespace ranksent {

// Takes an exclusive, non-blocking flock on an open file: InputError naming
// `what` (the output it guards) when another process holds one.
void lock_exclusive(int fd, const std::string& what);

class FileLock {
 public:
  // Creates `path` if needed and locks it; InputError naming `what` (the
  // output the lock guards) when another process holds it.
  FileLock(const std::filesystem::path& path, const std::string& what);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace ranksent
