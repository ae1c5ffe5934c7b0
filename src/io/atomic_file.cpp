#include "ranksent/io/atomic_file.h"

#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

#include "ranksent/error.h"

namespace ranksent {

namespace {
[[noreturn]] void io_failure(const std::filesystem::path& p, const char* what) {
  throw std::runtime_error(p.string() + ": " + what + ": " + std::strerror(errno));
}

// mkstemp creates 0600; the finished file gets what open(O_CREAT, 0666)
// would have given it: the mode of the file it replaces, or 0666 less the
// umask. umask can only be read by setting it, so it is set back at once.
mode_t output_mode(const std::filesystem::path& target) {
  struct stat st {};
  if (::stat(target.c_str(), &st) == 0) return st.st_mode & 07777;
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return 0666 & ~mask;
}
}  // namespace

AtomicFile::AtomicFile(std::filesystem::path target) : target_(std::move(target)) {
  auto dir = target_.parent_path();
  if (!dir.empty()) std::filesystem::create_directories(dir);
  std::string pattern =
      (dir.empty() ? std::filesystem::path(".") : dir).string() + "/." + target_.filename().string() + ".tmp.XXXXXX";
  int fd = mkstemp(pattern.data());
  if (fd < 0) {
    // A folder that cannot hold the output is the user's path to fix.
    if (errno == ENOENT || errno == EACCES || errno == EROFS || errno == ENOTDIR || errno == EPERM)
      throw InputError(target_.string(), std::string("cannot write here: ") + std::strerror(errno));
    io_failure(target_, "cannot create temporary file");
  }
  temp_ = pattern;
  // The constructor throwing means no destructor: the temporary goes here.
  auto fail = [&](const char* what) {
    const int saved = errno;
    ::close(fd);
    ::unlink(temp_.c_str());
    errno = saved;
    io_failure(target_, what);  // the output, not the temporary the user never asked for
  };
  if (::fchmod(fd, output_mode(target_)) != 0) fail("cannot set the file mode");
  file_ = fdopen(fd, "wb");
  if (!file_) fail("fdopen");
}

AtomicFile::~AtomicFile() {
  if (file_) std::fclose(file_);
  if (!committed_) {
    std::error_code ec;
    std::filesystem::remove(temp_, ec);
  }
}

void AtomicFile::write(const void* data, std::size_t size) {
  if (size && std::fwrite(data, 1, size, file_) != size) io_failure(target_, "write failed");
}

void AtomicFile::commit() {
  // Errors name the output, not the temporary file the user never asked for.
  if (std::fflush(file_) != 0) io_failure(target_, "write failed");
  if (fsync(fileno(file_)) != 0) io_failure(target_, "fsync failed");
  if (std::fclose(file_) != 0) {
    file_ = nullptr;
    io_failure(target_, "close failed");
  }
  file_ = nullptr;
  std::filesystem::rename(temp_, target_);
  committed_ = true;
}

void check_writable(const std::filesystem::path& target) {
  AtomicFile probe(target);  // its temporary is removed again: nothing is committed
}

void write_file_atomic(const std::filesystem::path& target, std::string_view text) {
  AtomicFile f(target);
  f.write(text);
  f.commit();
}

}  // namespace ranksent
