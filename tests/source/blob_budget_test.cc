#include "scanner/source/blob_budget.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <random>
#include <thread>
#include <vector>

namespace nhiscan::source {
namespace {

// Threads reserving random sizes never hold more than the budget together, and all finish (a
// blob as large as the whole budget waits for the others instead of starving or deadlocking).
TEST(BlobBudgetTest, HeldBytesNeverExceedTheBudgetAndEveryWaitEnds) {
  constexpr uint64_t kTotal = 1000;
  BlobBudget budget(kTotal);
  std::atomic<uint64_t> held{0}, most{0};
  std::atomic<int> done{0};
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 rng(t);
      for (int i = 0; i < 300; ++i) {
        const uint64_t size = i % 50 == 0 ? kTotal : rng() % 400;
        BlobBudget::Hold hold(&budget, size);
        const uint64_t now = held += size;
        uint64_t seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::sleep_for(std::chrono::microseconds(rng() % 50));
        held -= size;
      }
      ++done;
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(done.load(), 6);
  EXPECT_LE(most.load(), kTotal);
  EXPECT_GT(most.load(), 400u) << "threads did hold reservations at the same time";
  EXPECT_EQ(held.load(), 0u);
}

}  // namespace
}  // namespace nhiscan::source
