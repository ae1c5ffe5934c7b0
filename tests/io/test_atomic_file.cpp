// Whole-file outputs: complete or absent, one writer at a time, and created with the mode any
// other program's output would get (0666 less the umask, or the mode of the
// file replaced), not mkstemp's 0600.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "ranksent/error.h"
#include "ranksent/io/atomic_file.h"
#include "ranksent/io/file_lock.h"

namespace fs = std::filesystem;

namespace {
mode_t mode_of(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
  return st.st_mode & 07777;
}

std::string contents(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct AtomicFileTest : ::testing::Test {
  fs::path dir;
  mode_t saved_mask = 0;
  void SetUp() override {
    dir = fs::temp_directory_path() / ("ranksent-atomic-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    saved_mask = ::umask(022);
  }
  void TearDown() override {
    ::umask(saved_mask);
    fs::remove_all(dir);
  }
  std::size_t files_in_dir() const {
    return std::size_t(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
  }
};
}  // namespace

TEST_F(AtomicFileTest, NewFileGetsTheUmaskMode) {
  ranksent::write_file_atomic(dir / "a.txt", "x\n");
  EXPECT_EQ(mode_of(dir / "a.txt"), mode_t(0644));
  ::umask(077);
  ranksent::write_file_atomic(dir / "b.txt", "x\n");
  EXPECT_EQ(mode_of(dir / "b.txt"), mode_t(0600));
}

TEST_F(AtomicFileTest, ReplacedFileKeepsItsMode) {
  ranksent::write_file_atomic(dir / "a.txt", "old\n");
  fs::permissions(dir / "a.txt", fs::perms(0640));
  ranksent::write_file_atomic(dir / "a.txt", "new\n");
  EXPECT_EQ(mode_of(dir / "a.txt"), mode_t(0640));
  EXPECT_EQ(contents(dir / "a.txt"), "new\n");
}

TEST_F(AtomicFileTest, UncommittedWriteLeavesThePreviousFileAndNoTemporary) {
  ranksent::write_file_atomic(dir / "a.txt", "old\n");
  {
    ranksent::AtomicFile f(dir / "a.txt");
    f.write("half");
  }  // destroyed without commit(), as when an exception unwinds
  EXPECT_EQ(contents(dir / "a.txt"), "old\n");
  EXPECT_EQ(files_in_dir(), 1u);
}

TEST_F(AtomicFileTest, UnwritableFolderIsBadInputNamingTheTarget) {
  // /proc takes no new files, for root too.
  try {
    ranksent::write_file_atomic("/proc/ranksent-test.txt", "x\n");
    FAIL() << "no error";
  } catch (const ranksent::InputError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("/proc/ranksent-test.txt: cannot write here", 0), 0u) << e.what();
  }
}

TEST_F(AtomicFileTest, FileLockAdmitsOneHolderAtATime) {
  {
    ranksent::FileLock first(dir / "lock", "out/");
    try {
      ranksent::FileLock second(dir / "lock", "out/");
      FAIL() << "a second holder was let in";
    } catch (const ranksent::InputError& e) {
      EXPECT_EQ(std::string(e.what()).rfind("out/: another process is writing this output", 0), 0u) << e.what();
    }
  }
  EXPECT_NO_THROW(ranksent::FileLock(dir / "lock", "out/"));  // released with its holder
}

TEST_F(AtomicFileTest, FullDiskNamesTheOutputAndLeavesNothing) {
  ranksent::write_file_atomic(dir / "a.txt", "old\n");
  // RLIMIT_FSIZE stands in for a full disk; SIGXFSZ ignored, write() fails with EFBIG.
  struct rlimit saved {};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &saved), 0);
  auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  struct rlimit small = saved;
  small.rlim_cur = 4096;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  std::string message;
  try {
    ranksent::write_file_atomic(dir / "a.txt", std::string(1 << 20, 'x'));
  } catch (const std::runtime_error& e) {
    message = e.what();
  }
  ::setrlimit(RLIMIT_FSIZE, &saved);
  std::signal(SIGXFSZ, old_handler);
  EXPECT_EQ(message.rfind((dir / "a.txt").string() + ": write failed", 0), 0u) << message;
  EXPECT_EQ(contents(dir / "a.txt"), "old\n");
  EXPECT_EQ(files_in_dir(), 1u);
}
