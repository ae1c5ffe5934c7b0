#include "ranksent/common/interrupt.h"

#include <csignal>

namespace ranksent {

namespace {
std::atomic<bool> g_requested{false};

extern "C" void on_interrupt(int sig) {
  g_requested.store(true);
  std::signal(sig, SIG_DFL);  // a second one ends the program at once
}
}  // namespace

InterruptScope::InterruptScope() {
  g_requested = false;
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
}

InterruptScope::~InterruptScope() {
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
}

const std::atomic<bool>* InterruptScope::flag() const { return &g_requested; }

}  // namespace ranksent
