#include "ranksent/io/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>

#include "ranksent/error.h"

namespace ranksent {

void lock_exclusive(int fd, const std::string& what) {
  if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return;
  if (errno == EWOULDBLOCK)
    throw InputError(what, "another process is writing this output; wait for it to finish or choose another");
  throw InputError(what, std::string("cannot lock: ") + std::strerror(errno));
}

FileLock::FileLock(const std::filesystem::path& path, const std::string& what) {
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
  if (fd_ < 0) throw InputError(path.string(), std::string("cannot create the lock file: ") + std::strerror(errno));
  try {
    lock_exclusive(fd_, what);
  } catch (...) {
    ::close(fd_);
    fd_ = -1;
    throw;
  }
}

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace ranksent
