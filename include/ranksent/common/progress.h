// Progress of long work on stderr: items done of total, rate and ETA. On a
// terminal one line is redrawn; otherwise a plain line every few seconds.
#pragma once
#include <chrono>
#include <cstddef>
#include <string>

namespace ranksent {

class Progress {
 public:
  Progress(std::string label, std::size_t total, std::string unit = "items", bool enabled = true);
  ~Progress();  // prints the final line
  void advance(std::size_t n = 1, const std::string& extra = {});
  // Work a resumed run finds already done: counted in done/total, not in the rate.
  void resume_at(std::size_t done) { done_ = start_done_ = done; }
  void set_extra(const std::string& extra) { extra_ = extra; }
  // Work inside an item (sentences of a list in flight): a new extra text,
  // printed at the usual interval, so that long items still show a pulse.
  void note(const std::string& extra);
  std::size_t done() const { return done_; }

 private:
  void print(bool final);
  std::string label_, unit_, extra_;
  std::size_t total_, done_ = 0, start_done_ = 0;
  bool enabled_, tty_;
  std::chrono::steady_clock::time_point start_, last_print_;
};

}  // namespace ranksent
