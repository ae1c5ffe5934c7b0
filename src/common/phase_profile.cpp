#include "ranksent/common/phase_profile.h"

#include <atomic>
#include <chrono>
#include <mutex>

#include <fmt/core.h>

namespace ranksent {

namespace {
std::atomic<bool> on{false};
std::mutex guard;
std::vector<PhaseTime> phases;  // few (tens), so a linear search is the fast path

long long now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
}  // namespace

namespace phase_profile {
void enable(bool enable) { on.store(enable, std::memory_order_relaxed); }
bool enabled() { return on.load(std::memory_order_relaxed); }

void reset() {
  std::lock_guard lock(guard);
  phases.clear();
}

std::vector<PhaseTime> snapshot() {
  std::lock_guard lock(guard);
  return phases;
}

void add(const char* name, double seconds) {
  std::lock_guard lock(guard);
  for (auto& p : phases)
    if (p.name == name) {
      p.seconds += seconds;
      ++p.calls;
      return;
    }
  phases.push_back({name, seconds, 1});
}

std::string markdown(double total) {
  std::string md = "| phase | seconds | share | calls |\n| --- | ---: | ---: | ---: |\n";
  double covered = 0;
  const double denominator = total > 0 ? total : 1;
  for (const auto& p : snapshot()) {
    md += fmt::format("| {} | {:.3f} | {:.1f}% | {} |\n", p.name, p.seconds, 100 * p.seconds / denominator, p.calls);
    covered += p.seconds;
  }
  md += fmt::format("| (no phase) | {:.3f} | {:.1f}% | - |\n| total | {:.3f} | 100% | - |\n", total - covered,
                    100 * (total - covered) / denominator, total);
  return md;
}
}  // namespace phase_profile

ScopedPhase::ScopedPhase(const char* name) : name_(name) {
  if (phase_profile::enabled()) start_ns_ = now_ns();
}

void ScopedPhase::stop() {
  if (start_ns_ < 0) return;
  phase_profile::add(name_, double(now_ns() - start_ns_) * 1e-9);
  start_ns_ = -1;
}

}  // namespace ranksent
