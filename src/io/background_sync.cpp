#include "ranksent/io/background_sync.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace ranksent {

BackgroundSync::BackgroundSync(int fd, std::string name) : fd_(fd), name_(std::move(name)) {
  thread_ = std::thread([this] { run(); });
}

BackgroundSync::~BackgroundSync() {
  {
    std::lock_guard lock(mutex_);
    quit_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void BackgroundSync::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [this] { return quit_ || writes_ > durable_; });
    if (writes_ == durable_ && quit_) return;
    const std::uint64_t target = writes_;
    lock.unlock();
    const int rc = ::fdatasync(fd_);
    const int err = rc == 0 ? 0 : errno;
    lock.lock();
    if (err != 0 && error_ == 0) error_ = err;
    durable_ = target;
    synced_.notify_all();
  }
}

void BackgroundSync::rethrow_locked() {
  if (error_ != 0) throw std::runtime_error(name_ + ": fdatasync failed: " + std::strerror(error_));
}

void BackgroundSync::written() {
  {
    std::lock_guard lock(mutex_);
    rethrow_locked();
    ++writes_;
  }
  wake_.notify_one();
}

void BackgroundSync::flush() {
  std::unique_lock lock(mutex_);
  synced_.wait(lock, [this] { return durable_ == writes_; });
  rethrow_locked();
}

}  // namespace ranksent
