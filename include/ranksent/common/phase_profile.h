// Wall time by named phase (`encode --profile`, bench/floor.sh): where an
// encode run's time goes, phase by phase. Off by default: a scope then costs
// one relaxed atomic load. Phases are timed on the calling thread; on a CPU
// every LibTorch op has finished when it returns, so wall time is the op's
// time (on a GPU it is the launch's, unless the caller synchronises).
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace ranksent {

struct PhaseTime {
  std::string name;
  double seconds = 0;
  std::size_t calls = 0;
};

namespace phase_profile {
void enable(bool on);
bool enabled();
void reset();
// The phases in the order they were first seen, with their summed time.
std::vector<PhaseTime> snapshot();
void add(const char* name, double seconds);
// A Markdown table of the phases against `total` seconds of wall time (the
// remainder is a row of its own: time no phase covers).
std::string markdown(double total);
}  // namespace phase_profile

// Times its own lifetime into phase `name` (a string literal) when profiling is on.
class ScopedPhase {
 public:
  explicit ScopedPhase(const char* name);
  ~ScopedPhase() { stop(); }
  // Ends the phase before the scope does (once; later calls do nothing).
  void stop();
  ScopedPhase(const ScopedPhase&) = delete;
  ScopedPhase& operator=(const ScopedPhase&) = delete;

 private:
  const char* name_;
  long long start_ns_ = -1;  // -1: profiling was off at the start
};

// f() timed as phase `name`: phases do not nest, so each is exclusive time.
template <class F>
decltype(auto) in_phase(const char* name, F&& f) {
  ScopedPhase phase(name);
  return f();
}

}  // namespace ranksent
