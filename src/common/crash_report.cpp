#include "ranksent/common/crash_report.h"

#include <execinfo.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <initializer_list>

namespace ranksent {

namespace {

// Only async-signal-safe calls from here on: write(2), backtrace_symbols_fd.
void say(const char* s) {
  if (::write(STDERR_FILENO, s, std::strlen(s)) < 0) { /* nothing left to tell */
  }
}

const char* crash_reason(int sig) {
  switch (sig) {
    case SIGILL:
      return "SIGILL (illegal instruction): a kernel used an instruction this CPU or its kernel does not allow";
    case SIGSEGV:
      return "SIGSEGV (segmentation fault)";
    case SIGBUS:
      return "SIGBUS (bus error: a mapped file shrank, or an unaligned access)";
    case SIGFPE:
      return "SIGFPE (floating-point exception)";
  }
  return "a fatal signal";
}

void on_crash(int sig) {
  say("ranksent: crashed: ");
  say(crash_reason(sig));
  say("; backtrace:\n");
  void* frames[32];
  const int n = ::backtrace(frames, 32);
  ::backtrace_symbols_fd(frames, n, STDERR_FILENO);
  say("ranksent: `ranksent version` names the CPU features of this build (docs/cpus.md)\n");
  // SA_RESETHAND restored the default action: die by the same signal, so the
  // parent's wait status says which one.
  ::raise(sig);
}

alignas(16) char g_alt_stack[64 * 1024];  // a stack overflow still gets its line

}  // namespace

void install_crash_report() {
  static bool installed = false;
  if (installed) return;
  installed = true;
  void* warm[1];
  ::backtrace(warm, 1);  // loads the unwinder now, not inside the handler (it may allocate)
  stack_t ss{};
  ss.ss_sp = g_alt_stack;
  ss.ss_size = sizeof g_alt_stack;
  ::sigaltstack(&ss, nullptr);
  struct sigaction sa {};
  sa.sa_handler = on_crash;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESETHAND | SA_ONSTACK | SA_NODEFER;
  for (int sig : {SIGILL, SIGSEGV, SIGBUS, SIGFPE}) ::sigaction(sig, &sa, nullptr);
}

}  // namespace ranksent
