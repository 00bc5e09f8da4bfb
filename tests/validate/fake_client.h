// A scripted HttpClient for validator and runner tests: answers from a function, records every
// request, and can be slowed down to observe concurrency.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "scanner/validate/http_client.h"

namespace nhiscan::validate {

class FakeClient : public HttpClient {
 public:
  using Answer = std::function<Result<HttpResponse>(const HttpRequest&)>;
  explicit FakeClient(Answer answer, int delay_ms = 0) : answer_(std::move(answer)), delay_ms_(delay_ms) {}

  Result<HttpResponse> Send(const HttpRequest& request) override {
    int now = ++in_flight_;
    int seen = max_in_flight_.load();
    while (now > seen && !max_in_flight_.compare_exchange_weak(seen, now)) {
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      requests_.push_back(request);
    }
    if (delay_ms_) std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms_));
    --in_flight_;
    return answer_(request);
  }

  std::vector<HttpRequest> requests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }
  int max_in_flight() const { return max_in_flight_.load(); }

 private:
  Answer answer_;
  int delay_ms_;
  std::atomic<int> in_flight_{0}, max_in_flight_{0};
  mutable std::mutex mutex_;
  std::vector<HttpRequest> requests_;
};

inline HttpResponse JsonAnswer(long status, const std::string& body) {
  HttpResponse r;
  r.status = status;
  r.content_type = "application/json";
  r.body = body;
  return r;
}

}  // namespace nhiscan::validate
