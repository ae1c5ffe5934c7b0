#include "ranksent/io/atomic_file.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <unistd.h>

namespace ranksent {

namespace {
[[noreturn]] void io_failure(const std::filesystem::path& p, const char* what) {
  throw std::runtime_error(p.string() + ": " + what + ": " + std::strerror(errno));
}
}  // namespace

AtomicFile::AtomicFile(std::filesystem::path target) : target_(std::move(target)) {
  auto dir = target_.parent_path();
  if (!dir.empty()) std::filesystem::create_directories(dir);
  std::string pattern = (dir.empty() ? std::filesystem::path(".") : dir).string() + "/." +
                        target_.filename().string() + ".tmp.XXXXXX";
  int fd = mkstemp(pattern.data());
  if (fd < 0) io_failure(target_, "cannot create temporary file");
  temp_ = pattern;
  file_ = fdopen(fd, "wb");
  if (!file_) {
    ::close(fd);
    io_failure(temp_, "fdopen");
  }
}

AtomicFile::~AtomicFile() {
  if (file_) std::fclose(file_);
  if (!committed_) {
    std::error_code ec;
    std::filesystem::remove(temp_, ec);
  }
}

void AtomicFile::write(const void* data, std::size_t size) {
  if (size && std::fwrite(data, 1, size, file_) != size) io_failure(temp_, "write failed");
}

void AtomicFile::commit() {
  if (std::fflush(file_) != 0) io_failure(temp_, "flush failed");
  if (fsync(fileno(file_)) != 0) io_failure(temp_, "fsync failed");
  if (std::fclose(file_) != 0) {
    file_ = nullptr;
    io_failure(temp_, "close failed");
  }
  file_ = nullptr;
  std::filesystem::rename(temp_, target_);
  committed_ = true;
}

void write_file_atomic(const std::filesystem::path& target, std::string_view text) {
  AtomicFile f(target);
  f.write(text);
  f.commit();
}

}  // namespace ranksent
