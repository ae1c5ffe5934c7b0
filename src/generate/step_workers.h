// The threads that share one engine step's per-list work: the token each
// ready list chooses (Eq. 4's argmax, a re-decode's draw) depends only on
// that list's logits and state, so the lists are spread over the threads
// `generate --threads` gives, and the step goes on once all are done. The
// workers sleep while llama_decode runs (it has the same cores).
#pragma once
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace ranksent {

class StepWorkers {
 public:
  // `threads` counts the calling thread; 1 or fewer runs everything on it.
  explicit StepWorkers(int threads);
  ~StepWorkers();
  StepWorkers(const StepWorkers&) = delete;
  StepWorkers& operator=(const StepWorkers&) = delete;

  int size() const { return int(threads_.size()) + 1; }
  // Calls task(i, worker) once for every i in [0, n), worker in [0, size()),
  // and returns when all calls have returned (rethrowing the first exception);
  // the caller is worker 0.
  void run(std::size_t n, const std::function<void(std::size_t, int)>& task);

 private:
  void work(int worker);
  void drain(int worker);

  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable start_, finished_;
  const std::function<void(std::size_t, int)>* task_ = nullptr;
  std::size_t n_ = 0, next_ = 0, finished_items_ = 0;
  std::uint64_t round_ = 0;
  bool quit_ = false;
  std::exception_ptr error_;
};

}  // namespace ranksent
