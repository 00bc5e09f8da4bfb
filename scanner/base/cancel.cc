#include "scanner/base/cancel.h"

#include <atomic>

namespace nhiscan {

namespace {
std::atomic<bool> cancel_requested{false};
static_assert(std::atomic<bool>::is_always_lock_free, "signal handlers need a lock-free flag");
}  // namespace

void RequestCancel() { cancel_requested.store(true, std::memory_order_relaxed); }
bool CancelRequested() { return cancel_requested.load(std::memory_order_relaxed); }
void ResetCancel() { cancel_requested.store(false, std::memory_order_relaxed); }

}  // namespace nhiscan
