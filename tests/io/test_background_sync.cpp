// Durability on a thread of its own (BackgroundSync): every write is synced
// by the time flush() returns, the writer is never blocked by a sync, and a
// failed sync reaches the writer.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "ranksent/io/background_sync.h"

using namespace ranksent;

TEST(BackgroundSync, EveryWriteIsInTheFileAfterFlush) {
  const auto path = std::filesystem::temp_directory_path() / ("bg-sync-" + std::to_string(::getpid()) + ".txt");
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
  ASSERT_GE(fd, 0);
  std::string expected;
  {
    BackgroundSync sync(fd, path.string());
    for (int i = 0; i < 200; ++i) {
      const std::string line = "line " + std::to_string(i) + "\n";
      ASSERT_EQ(::write(fd, line.data(), line.size()), ssize_t(line.size()));
      sync.written();
      expected += line;
    }
    sync.flush();
    sync.flush();  // nothing new: returns at once
  }
  ::close(fd);
  std::ifstream in(path);
  std::stringstream got;
  got << in.rdbuf();
  EXPECT_EQ(got.str(), expected);
  std::filesystem::remove(path);
}

// fdatasync of a pipe fails (EINVAL): the error is reported by flush() and
// by the next written(), naming the file.
TEST(BackgroundSync, AFailedSyncReachesTheWriter) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  {
    BackgroundSync sync(fds[1], "the-pipe");
    ASSERT_EQ(::write(fds[1], "x", 1), 1);
    sync.written();
    try {
      sync.flush();
      FAIL() << "no error from syncing a pipe";
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find("the-pipe: fdatasync failed"), std::string::npos) << e.what();
    }
    EXPECT_THROW(sync.written(), std::runtime_error);
  }
  ::close(fds[0]);
  ::close(fds[1]);
}
