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

// The caller takes items too and waits only for the items taken, not for
// every worker to wake: on a machine whose other cores are busy a sleeping
// worker may wake late, and the step does not wait for it.
void StepWorkers::run(std::size_t n, const std::function<void(std::size_t, int)>& task) {
  if (threads_.empty() || n <= 1) {
    for (std::size_t i = 0; i < n; ++i) task(i, 0);
    return;
  }
  {
    std::lock_guard lock(mutex_);
    task_ = &task, n_ = n, next_ = 0, finished_items_ = 0, error_ = nullptr;
    ++round_;
  }
  start_.notify_all();
  drain(0);
  std::unique_lock lock(mutex_);
  finished_.wait(lock, [this] { return finished_items_ == n_; });
  task_ = nullptr;
  if (error_) std::rethrow_exception(error_);
}

// Takes items one at a time (their costs differ: a re-decode scores the whole
// vocabulary) until none is left.
void StepWorkers::drain(int worker) {
  std::unique_lock lock(mutex_);
  while (next_ < n_) {
    const std::size_t i = next_++;
    const auto* task = task_;
    lock.unlock();
    std::exception_ptr error;
    try {
      (*task)(i, worker);
    } catch (...) {
      error = std::current_exception();
    }
    lock.lock();
    if (error && !error_) error_ = error;
    if (++finished_items_ == n_) finished_.notify_one();
  }
}

void StepWorkers::work(int worker) {
  std::uint64_t seen = 0;
  std::unique_lock lock(mutex_);
  while (true) {
    start_.wait(lock, [&] { return quit_ || round_ != seen; });
    if (quit_) return;
    seen = round_;
    lock.unlock();
    drain(worker);
    lock.lock();
  }
}

}  // namespace ranksent
