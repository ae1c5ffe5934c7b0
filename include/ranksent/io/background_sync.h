// Durability without waiting for the disk: an append-only file's writes are
// made durable (fdatasync) by a thread of their own, one sync covering every
// write before it (group commit), so that the writer goes on at once. What
// was written survives a killed process either way (the kernel holds it);
// only a machine that goes down can lose the writes of its last sync, and
// an append-only file then ends early, at worst in a torn line.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace ranksent {

class BackgroundSync {
 public:
  // `fd` stays open while the object lives; `name` names the file in errors.
  BackgroundSync(int fd, std::string name);
  ~BackgroundSync();  // syncs what is left (an error here is not reported: call flush() first)
  BackgroundSync(const BackgroundSync&) = delete;
  BackgroundSync& operator=(const BackgroundSync&) = delete;

  // A write() has returned: sync it soon. Throws the error of an earlier sync.
  void written();
  // Returns once every write so far is durable; throws a sync's error.
  void flush();

 private:
  void run();
  void rethrow_locked();

  int fd_;
  std::string name_;
  std::mutex mutex_;
  std::condition_variable wake_, synced_;
  std::uint64_t writes_ = 0, durable_ = 0;
  int error_ = 0;
  bool quit_ = false;
  std::thread thread_;
};

}  // namespace ranksent
