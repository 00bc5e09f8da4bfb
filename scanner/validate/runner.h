// Validates the findings of one run: plans a check per finding, runs each distinct credential
// once (the per-run cache), with bounded concurrency, a per-host rate limit with backoff on
// 429/503, and a global request budget; then writes the verdicts into the findings.
// The runner owns no network code: it drives an HttpClient (the real one or a test fake).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "scanner/findings/finding.h"
#include "scanner/validate/http_client.h"

namespace nhiscan::validate {

struct RunnerOptions {
  unsigned concurrency = 4;        // checks in flight at once (at least 1)
  unsigned max_requests = 200;     // global budget of HTTP requests per run
  long host_interval_ms = 250;     // minimum spacing of requests to one host
  unsigned max_retries = 2;        // on 429/503, per request
  long backoff_ms = 1000;          // first backoff; doubled each retry; Retry-After wins (capped)
  long max_backoff_ms = 10000;
  // The "checked_at" value; defaults to the current UTC time (ISO 8601). Tests pin it.
  std::function<std::string()> now;
};

struct RunnerStats {
  size_t checks = 0;    // distinct credentials checked
  size_t requests = 0;  // HTTP requests sent (retries included)
};

// Sets validation {status, detail, checked_at} on every finding.
RunnerStats ValidateFindings(std::vector<findings::Finding>* findings, HttpClient& client,
                             const RunnerOptions& options);

// Current UTC time as 2026-01-31T12:00:00Z.
std::string UtcNow();

}  // namespace nhiscan::validate
