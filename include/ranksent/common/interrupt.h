// SIGINT / SIGTERM as a request to stop cleanly: while an InterruptScope
// lives, the first signal sets a flag that long work polls between units
// (a list, a step) to finish the current one, save, and return; a second
// signal ends the program at once. The handlers before the scope are put
// back when it ends (the Python package's calls run inside one).
#pragma once
#include <atomic>

namespace ranksent {

class InterruptScope {
 public:
  InterruptScope();
  ~InterruptScope();
  InterruptScope(const InterruptScope&) = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;

  const std::atomic<bool>* flag() const;
  bool requested() const { return flag()->load(); }
};

}  // namespace ranksent
