// The engine step's worker threads (src/generate/step_workers.h): every item
// runs once per round, on a worker number in range, round after round, and a
// task's exception reaches the caller.
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <vector>

#include "generate/step_workers.h"

using namespace ranksent;

TEST(StepWorkers, EveryItemOnceAWorkerInRange) {
  for (int threads : {1, 2, 4}) {
    StepWorkers workers(threads);
    EXPECT_EQ(workers.size(), threads);
    for (std::size_t n : {0u, 1u, 3u, 100u}) {
      for (int round = 0; round < 20; ++round) {
        std::vector<std::atomic<int>> runs(n);
        std::atomic<bool> worker_ok{true};
        workers.run(n, [&](std::size_t i, int w) {
          ++runs[i];
          if (w < 0 || w >= threads) worker_ok = false;
        });
        for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(runs[i].load(), 1) << threads << " threads, item " << i;
        EXPECT_TRUE(worker_ok);
      }
    }
  }
}

TEST(StepWorkers, ATasksExceptionReachesTheCaller) {
  StepWorkers workers(2);
  EXPECT_THROW(workers.run(10,
                           [](std::size_t i, int) {
                             if (i == 4) throw std::runtime_error("item 4");
                           }),
               std::runtime_error);
  // The workers still serve the next round.
  std::atomic<int> sum{0};
  workers.run(5, [&](std::size_t i, int) { sum += int(i); });
  EXPECT_EQ(sum.load(), 10);
}
