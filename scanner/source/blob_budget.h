// The bytes of blob content a history sweep's scanning threads hold at once (--max-memory):
// libgit2 inflates a blob whole, so this is what bounds their memory. Threads take their turn in
// the order they ask; the one whose turn it is waits until its blob fits. A thread holds one
// reservation at a time and returns it before asking again, so every wait ends.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace nhiscan::source {

class BlobBudget {
 public:
  explicit BlobBudget(uint64_t bytes) : total_(bytes), free_(bytes) {}
  uint64_t total() const { return total_; }

  // `bytes` must not exceed total(): such a blob is refused before asking.
  void Acquire(uint64_t bytes) {
    std::unique_lock<std::mutex> lock(mutex_);
    const uint64_t ticket = next_ticket_++;
    changed_.wait(lock, [&] { return ticket == serving_ && bytes <= free_; });
    free_ -= bytes;
    ++serving_;
    lock.unlock();
    changed_.notify_all();
  }
  void Release(uint64_t bytes) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      free_ += bytes;
    }
    changed_.notify_all();
  }

  // A reservation for the length of a scope.
  class Hold {
   public:
    Hold(BlobBudget* budget, uint64_t bytes) : budget_(budget), bytes_(bytes) {
      budget_->Acquire(bytes_);
    }
    ~Hold() { budget_->Release(bytes_); }
    Hold(const Hold&) = delete;
    Hold& operator=(const Hold&) = delete;

   private:
    BlobBudget* budget_;
    uint64_t bytes_;
  };

 private:
  const uint64_t total_;
  std::mutex mutex_;
  std::condition_variable changed_;
  uint64_t free_;
  uint64_t next_ticket_ = 0, serving_ = 0;
};

}  // namespace nhiscan::source
