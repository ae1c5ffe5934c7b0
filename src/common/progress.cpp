#include "ranksent/common/progress.h"

#include <unistd.h>
#include <cstdio>

#include <fmt/core.h>

namespace ranksent {

namespace {
std::string clock_text(double seconds) {
  if (!(seconds >= 0) || seconds > 1e7) return "?";
  long s = long(seconds + 0.5);
  return s >= 3600 ? fmt::format("{}h{:02}m", s / 3600, s / 60 % 60) : fmt::format("{}m{:02}s", s / 60, s % 60);
}
}  // namespace

Progress::Progress(std::string label, std::size_t total, std::string unit, bool enabled)
    : label_(std::move(label)),
      unit_(std::move(unit)),
      total_(total),
      enabled_(enabled),
      tty_(isatty(fileno(stderr)) != 0),
      start_(std::chrono::steady_clock::now()),
      last_print_(start_) {}

Progress::~Progress() {
  if (enabled_) print(true);
}

void Progress::note(const std::string& extra) { advance(0, extra); }

void Progress::advance(std::size_t n, const std::string& extra) {
  done_ += n;
  if (!extra.empty()) extra_ = extra;
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  auto interval = tty_ ? std::chrono::milliseconds(200) : std::chrono::milliseconds(5000);
  if (now - last_print_ >= interval) {
    last_print_ = now;
    print(false);
  }
}

void Progress::print(bool final) {
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  double rate = elapsed > 0 ? double(done_ - start_done_) / elapsed : 0.0;
  std::string line = fmt::format("{}: {}/{} {} | {:.1f} {}/s | elapsed {}", label_, done_, total_, unit_, rate, unit_,
                                 clock_text(elapsed));
  if (!final && rate > 0 && total_ >= done_) line += " | ETA " + clock_text(double(total_ - done_) / rate);
  if (!extra_.empty()) line += " | " + extra_;
  if (tty_)
    fmt::print(stderr, "\r\033[K{}{}", line, final ? "\n" : "");
  else
    fmt::print(stderr, "{}\n", line);
  std::fflush(stderr);
}

}  // namespace ranksent
