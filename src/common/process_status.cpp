#include "ranksent/common/process_status.h"

#include <sys/wait.h>

#include <csignal>
#include <cstring>

#include <fmt/core.h>

namespace ranksent {

namespace {
struct SignalName {
  int number;
  const char* name;
  const char* meaning;
};
// The signals a crash or a stop sends; strsignal's wording differs between C
// libraries, so the common ones are spelt here once.
constexpr SignalName kSignals[] = {
    {SIGILL, "SIGILL", "illegal instruction"},
    {SIGSEGV, "SIGSEGV", "segmentation fault"},
    {SIGBUS, "SIGBUS", "bus error"},
    {SIGFPE, "SIGFPE", "floating-point exception"},
    {SIGABRT, "SIGABRT", "aborted"},
    {SIGKILL, "SIGKILL", "killed"},
    {SIGTERM, "SIGTERM", "terminated"},
    {SIGINT, "SIGINT", "interrupted"},
    {SIGHUP, "SIGHUP", "hang-up"},
    {SIGPIPE, "SIGPIPE", "broken pipe"},
    {SIGXCPU, "SIGXCPU", "CPU time limit"},
    {SIGXFSZ, "SIGXFSZ", "file size limit"},
    {SIGTRAP, "SIGTRAP", "trace/breakpoint trap"},
    {SIGSYS, "SIGSYS", "bad system call"},
};
}  // namespace

std::string signal_description(int signal) {
  for (const auto& s : kSignals)
    if (s.number == signal) return fmt::format("{}, {}", s.name, s.meaning);
  return fmt::format("signal {}", signal);
}

std::string describe_wait_status(int wait_status) {
  if (WIFEXITED(wait_status)) return fmt::format("exit {}", WEXITSTATUS(wait_status));
  if (WIFSIGNALED(wait_status)) {
    const int sig = WTERMSIG(wait_status);
    return fmt::format("killed by signal {} ({}){}", sig, signal_description(sig),
                       WCOREDUMP(wait_status) ? ", core dumped" : "");
  }
  return fmt::format("wait status {}", wait_status);
}

int shell_exit_code(int wait_status) {
  if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
  return 1;
}

}  // namespace ranksent
