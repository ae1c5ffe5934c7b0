#include "ranksent/common/interrupt.h"

#include <csignal>

namespace ranksent {

namespace {
std::atomic<bool> g_requested{false};
// The handlers before the scope (Python's, in the Python package), put back after it.
struct sigaction g_previous_int, g_previous_term;

extern "C" void on_interrupt(int sig) {
  g_requested.store(true);
  std::signal(sig, SIG_DFL);  // a second one ends the program at once
}
}  // namespace

InterruptScope::InterruptScope() {
  g_requested = false;
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &g_previous_int);
  sigaction(SIGTERM, &action, &g_previous_term);
}

InterruptScope::~InterruptScope() {
  sigaction(SIGINT, &g_previous_int, nullptr);
  sigaction(SIGTERM, &g_previous_term, nullptr);
}

const std::atomic<bool>* InterruptScope::flag() const { return &g_requested; }

}  // namespace ranksent
