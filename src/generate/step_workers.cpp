#include "step_workers.h"

namespace ranksent {

StepWorkers::StepWorkers(int threads) {
  for (int w = 1; w < threads; ++w) threads_.emplace_back([this, w] { work(w); });
}

StepWorkers::~StepWorkers() {
  {
    std::lock_guard lock(mutex_);
    quit_ = true;
  }
  start_.notify_all();
  for (auto& t : threads_) t.join();
}

void StepWorkers::run(std::size_t n, const std::function<void(std::size_t, int)>& task) {
  if (threads_.empty() || n <= 1) {
    for (std::size_t i = 0; i < n; ++i) task(i, 0);
    return;
  }
  {
    std::lock_guard lock(mutex_);
    task_ = &task, n_ = n, next_ = 0, error_ = nullptr;
    busy_ = int(threads_.size()) + 1;
    ++round_;
  }
  start_.notify_all();
  drain(0);
  std::unique_lock lock(mutex_);
  finished_.wait(lock, [this] { return busy_ == 0; });
  task_ = nullptr;
  if (error_) std::rethrow_exception(error_);
}

// Takes items one at a time (their costs differ: a re-decode scores the whole
// vocabulary) until none is left, then reports this worker done.
void StepWorkers::drain(int worker) {
  while (true) {
    std::size_t i;
    {
      std::lock_guard lock(mutex_);
      if (next_ >= n_ || error_) break;
      i = next_++;
    }
    try {
      (*task_)(i, worker);
    } catch (...) {
      std::lock_guard lock(mutex_);
      if (!error_) error_ = std::current_exception();
    }
  }
  std::lock_guard lock(mutex_);
  if (--busy_ == 0) finished_.notify_one();
}

void StepWorkers::work(int worker) {
  std::uint64_t seen = 0;
  while (true) {
    {
      std::unique_lock lock(mutex_);
      start_.wait(lock, [&] { return quit_ || round_ != seen; });
      if (quit_) return;
      seen = round_;
    }
    drain(worker);
  }
}

}  // namespace ranksent
