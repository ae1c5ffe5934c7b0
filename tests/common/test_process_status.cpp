// How a process ended, in words (a stage killed by SIGILL is not "exit 1"),
// the crash report a dying ranksent prints, and one spelling per path.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <string>

#include "ranksent/common/crash_report.h"
#include "ranksent/common/paths.h"
#include "ranksent/common/process_status.h"

using namespace ranksent;

namespace {
// Runs `body` in a child; returns its wait status and what it wrote on stderr.
std::pair<int, std::string> in_child(void (*body)()) {
  int fd[2];
  if (::pipe(fd) != 0) return {-1, ""};
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(fd[1], STDERR_FILENO);
    ::close(fd[0]);
    body();
    _exit(0);
  }
  ::close(fd[1]);
  std::string err;
  char buf[4096];
  for (ssize_t n; (n = ::read(fd[0], buf, sizeof buf)) > 0;) err.append(buf, std::size_t(n));
  ::close(fd[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return {status, err};
}
}  // namespace

TEST(ProcessStatus, ExitAndSignalsInWords) {
  auto [exited, _] = in_child([] { _exit(3); });
  EXPECT_EQ(describe_wait_status(exited), "exit 3");
  EXPECT_EQ(shell_exit_code(exited), 3);
  // Core dumps may be on or off here: compare the start only.
  auto [ill, _1] = in_child([] {
    std::signal(SIGILL, SIG_DFL);
    std::raise(SIGILL);
  });
  EXPECT_EQ(describe_wait_status(ill).rfind("killed by signal 4 (SIGILL, illegal instruction)", 0), 0u)
      << describe_wait_status(ill);
  EXPECT_EQ(shell_exit_code(ill), 132);
  auto [segv, _2] = in_child([] {
    std::signal(SIGSEGV, SIG_DFL);
    std::raise(SIGSEGV);
  });
  EXPECT_EQ(describe_wait_status(segv).rfind("killed by signal 11 (SIGSEGV, segmentation fault)", 0), 0u);
  EXPECT_EQ(signal_description(SIGBUS), "SIGBUS, bus error");
  EXPECT_EQ(signal_description(77), "signal 77");
}

TEST(CrashReport, SaysWhatAndWhereThenDiesByTheSameSignal) {
  for (int sig : {SIGILL, SIGSEGV, SIGBUS}) {
    static int which;
    which = sig;
    auto [status, err] = in_child([] {
      install_crash_report();
      std::raise(which);
    });
    ASSERT_TRUE(WIFSIGNALED(status)) << describe_wait_status(status);
    EXPECT_EQ(WTERMSIG(status), sig);  // the parent still sees the signal
    const std::string name = signal_description(sig).substr(0, signal_description(sig).find(','));
    EXPECT_NE(err.find("ranksent: crashed: " + name), std::string::npos) << err;
    EXPECT_NE(err.find("backtrace:"), std::string::npos) << err;
    // At least the raising frame and the handler's caller: lines of "binary(symbol+off) [addr]".
    EXPECT_GE(std::count(err.begin(), err.end(), '['), 2) << err;
  }
}

TEST(Paths, OneSpellingPerFolder) {
  EXPECT_EQ(normal_path("/a//cache/"), std::filesystem::path("/a/cache"));
  EXPECT_EQ(normal_path("/a/./cache//models/../models"), std::filesystem::path("/a/cache/models"));
  EXPECT_EQ(normal_path("data/"), std::filesystem::path("data"));
  EXPECT_EQ(normal_path("/"), std::filesystem::path("/"));
  EXPECT_EQ(normal_path("/a/cache") / "models", normal_path("/a//cache//") / "models");
  ::setenv("HOME", "/home/u", 1);
  EXPECT_EQ(normal_path("~/models/"), std::filesystem::path("/home/u/models"));
  EXPECT_EQ(normal_path("~"), std::filesystem::path("/home/u"));
  EXPECT_EQ(normal_path("a~/b"), std::filesystem::path("a~/b"));
}
