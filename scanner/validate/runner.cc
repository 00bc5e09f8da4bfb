#include "scanner/validate/runner.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <map>
#include <mutex>
#include <thread>

#include "scanner/validate/host_policy.h"
#include "scanner/validate/validators.h"

namespace nhiscan::validate {

namespace {

using Clock = std::chrono::steady_clock;

// Puts the run's limits between the validators and the real client: budget, per-host spacing,
// backoff and retry on 429/503. Thread-safe.
class GovernedClient : public HttpClient {
 public:
  GovernedClient(HttpClient& inner, const RunnerOptions& options) : inner_(inner), options_(options) {}

  Result<HttpResponse> Send(const HttpRequest& request) override {
    auto host = CleanHostOf(request.url);
    const std::string key = host.ok() ? *host : request.url;
    for (unsigned attempt = 0;; ++attempt) {
      if (!TakeFromBudget()) {
        return Status::Unsupported("validation budget of " + std::to_string(options_.max_requests) +
                                   " requests used up; nothing was sent");
      }
      WaitForTurn(key, 0);
      Result<HttpResponse> answer = inner_.Send(request);
      if (!answer.ok() || (answer->status != 429 && answer->status != 503) || attempt >= options_.max_retries) {
        return answer;
      }
      long delay = options_.backoff_ms << attempt;
      if (answer->retry_after_seconds >= 0) delay = answer->retry_after_seconds * 1000;
      WaitForTurn(key, std::min(delay, options_.max_backoff_ms), /*reserve=*/false);
    }
  }

  size_t requests() const { return used_.load(); }

 private:
  bool TakeFromBudget() {
    size_t used = used_.load();
    while (used < options_.max_requests) {
      if (used_.compare_exchange_weak(used, used + 1)) return true;
    }
    return false;
  }

  // Sleeps until the host's next free slot (pushed back by `extra_ms` on a backoff).
  void WaitForTurn(const std::string& host, long extra_ms, bool reserve = true) {
    Clock::time_point at;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      Clock::time_point& next = next_slot_[host];
      at = std::max(Clock::now() + std::chrono::milliseconds(extra_ms), next);
      next = at + std::chrono::milliseconds(reserve ? options_.host_interval_ms : 0);
    }
    std::this_thread::sleep_until(at);
  }

  HttpClient& inner_;
  const RunnerOptions& options_;
  std::atomic<size_t> used_{0};
  std::mutex mutex_;
  std::map<std::string, Clock::time_point> next_slot_;
};

}  // namespace

std::string UtcNow() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

RunnerStats ValidateFindings(std::vector<findings::Finding>* found, HttpClient& client,
                             const RunnerOptions& options) {
  // Plan every finding; one check per distinct credential.
  std::vector<Check> checks;
  std::map<std::string, size_t> check_of_key;
  std::vector<std::optional<size_t>> check_of_finding;
  std::vector<Verdict> planned;
  for (const findings::Finding& f : *found) {
    Plan plan = PlanValidation(f);
    planned.push_back(plan.verdict);
    if (!plan.check) {
      check_of_finding.push_back(std::nullopt);
      continue;
    }
    auto [it, added] = check_of_key.emplace(plan.check->cache_key, checks.size());
    if (added) checks.push_back(std::move(*plan.check));
    check_of_finding.push_back(it->second);
  }

  // Run the checks on a bounded pool.
  GovernedClient governed(client, options);
  std::vector<Verdict> verdicts(checks.size());
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i = next++; i < checks.size(); i = next++) verdicts[i] = RunCheck(checks[i], governed);
  };
  const unsigned threads = std::max(1u, std::min<unsigned>(options.concurrency, static_cast<unsigned>(checks.size())));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  if (!checks.empty()) worker();
  for (std::thread& t : pool) t.join();

  const std::string checked_at = options.now ? options.now() : UtcNow();
  for (size_t i = 0; i < found->size(); ++i) {
    findings::Validation& v = (*found)[i].validation;
    const Verdict& verdict = check_of_finding[i] ? verdicts[*check_of_finding[i]] : planned[i];
    v.status = verdict.status;
    v.detail = verdict.detail;
    v.checked_at = verdict.status == "not_validated" ? "" : checked_at;
  }
  return {checks.size(), governed.requests()};
}

}  // namespace nhiscan::validate
