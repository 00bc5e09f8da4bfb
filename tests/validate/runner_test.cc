// The runner: one request per distinct credential, bounded concurrency, per-host spacing,
// backoff and retry on 429/503, and the global budget.
#include "scanner/validate/runner.h"

#include <gtest/gtest.h>

#include <chrono>

#include "tests/support/test_support.h"
#include "tests/validate/fake_client.h"

namespace nhiscan::validate {
namespace {

using ::nhiscan::testing::BuiltinRules;
using ::nhiscan::testing::Synth;
using Clock = std::chrono::steady_clock;

findings::Finding SecretFinding(const std::string& key, const std::string& secret, const std::string& host,
                                const std::string& path = "a.env") {
  findings::Finding f;
  f.rule = BuiltinRules().FindRule("salesforce.consumer_secret");
  f.path = path;
  f.secret = secret;
  f.context = {{"client_id", key}, {"host", host}};
  return f;
}

RunnerOptions Fast() {
  RunnerOptions options;
  options.host_interval_ms = 0;
  options.backoff_ms = 10;
  options.now = [] { return std::string("2026-01-01T00:00:00Z"); };
  return options;
}

HttpResponse Live() { return JsonAnswer(200, R"({"access_token":"x"})"); }

TEST(RunnerTest, OneRequestPerDistinctCredential) {
  Synth synth(3);
  const std::string key = synth.ConsumerKey(), secret = synth.ConsumerSecretHex();
  std::vector<findings::Finding> found = {
      SecretFinding(key, secret, "acme.my.salesforce.com", "a.env"),
      SecretFinding(key, secret, "acme.my.salesforce.com", "b.env"),
      SecretFinding(key, secret, "acme.my.salesforce.com", "c.env"),
      SecretFinding(key, synth.ConsumerSecretHex(), "acme.my.salesforce.com", "d.env"),
  };
  FakeClient client([](const HttpRequest&) { return Live(); });
  RunnerStats stats = ValidateFindings(&found, client, Fast());
  EXPECT_EQ(stats.checks, 2u);
  EXPECT_EQ(client.requests().size(), 2u);
  for (const findings::Finding& f : found) {
    EXPECT_EQ(f.validation.status, "live");
    EXPECT_EQ(f.validation.checked_at, "2026-01-01T00:00:00Z");
  }
}

TEST(RunnerTest, ConcurrencyIsBounded) {
  Synth synth(4);
  std::vector<findings::Finding> found;
  for (int i = 0; i < 12; ++i) {
    found.push_back(SecretFinding(synth.ConsumerKey(), synth.ConsumerSecretHex(), "org" + std::to_string(i) + ".my.salesforce.com"));
  }
  FakeClient client([](const HttpRequest&) { return Live(); }, /*delay_ms=*/40);
  RunnerOptions options = Fast();
  options.concurrency = 3;
  ValidateFindings(&found, client, options);
  EXPECT_EQ(client.requests().size(), 12u);
  EXPECT_LE(client.max_in_flight(), 3);
  EXPECT_GE(client.max_in_flight(), 2);  // it does run in parallel
}

TEST(RunnerTest, RequestsToOneHostAreSpaced) {
  Synth synth(5);
  std::vector<findings::Finding> found;
  for (int i = 0; i < 4; ++i) found.push_back(SecretFinding(synth.ConsumerKey(), synth.ConsumerSecretHex(), "acme.my.salesforce.com"));
  FakeClient client([](const HttpRequest&) { return Live(); });
  RunnerOptions options = Fast();
  options.concurrency = 4;
  options.host_interval_ms = 100;
  auto start = Clock::now();
  ValidateFindings(&found, client, options);
  EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(300));
}

TEST(RunnerTest, BacksOffAndRetriesOnRateLimits) {
  Synth synth(6);
  std::vector<findings::Finding> found = {SecretFinding(synth.ConsumerKey(), synth.ConsumerSecretHex(), "acme.my.salesforce.com")};
  std::atomic<int> calls{0};
  FakeClient client([&](const HttpRequest&) {
    if (calls++ < 2) {
      HttpResponse r = JsonAnswer(429, "");
      r.retry_after_seconds = calls == 1 ? 0 : -1;
      return r;
    }
    return Live();
  });
  auto start = Clock::now();
  ValidateFindings(&found, client, Fast());
  EXPECT_EQ(client.requests().size(), 3u);
  EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(20));  // the second backoff: 10 << 1
  EXPECT_EQ(found[0].validation.status, "live");
}

TEST(RunnerTest, GivesUpAfterTheRetriesAsUnknown) {
  Synth synth(7);
  std::vector<findings::Finding> found = {SecretFinding(synth.ConsumerKey(), synth.ConsumerSecretHex(), "acme.my.salesforce.com")};
  FakeClient client([](const HttpRequest&) { return JsonAnswer(503, ""); });
  ValidateFindings(&found, client, Fast());
  EXPECT_EQ(client.requests().size(), 3u);  // first try + max_retries
  EXPECT_EQ(found[0].validation.status, "unknown");
  EXPECT_NE(found[0].validation.detail.find("rate limited"), std::string::npos);
}

TEST(RunnerTest, NeverRetriesARejection) {
  Synth synth(8);
  std::vector<findings::Finding> found = {SecretFinding(synth.ConsumerKey(), synth.ConsumerSecretHex(), "acme.my.salesforce.com")};
  FakeClient client([](const HttpRequest&) { return JsonAnswer(400, R"({"error":"invalid_client"})"); });
  ValidateFindings(&found, client, Fast());
  EXPECT_EQ(client.requests().size(), 1u);
  EXPECT_EQ(found[0].validation.status, "dead");
}

TEST(RunnerTest, GlobalBudgetStopsRequests) {
  Synth synth(9);
  std::vector<findings::Finding> found;
  for (int i = 0; i < 5; ++i) found.push_back(SecretFinding(synth.ConsumerKey(), synth.ConsumerSecretHex(), "acme.my.salesforce.com"));
  FakeClient client([](const HttpRequest&) { return Live(); });
  RunnerOptions options = Fast();
  options.max_requests = 2;
  RunnerStats stats = ValidateFindings(&found, client, options);
  EXPECT_EQ(client.requests().size(), 2u);
  EXPECT_EQ(stats.requests, 2u);
  int live = 0, budget = 0;
  for (const findings::Finding& f : found) {
    live += f.validation.status == "live";
    budget += f.validation.status == "unknown" && f.validation.detail.find("budget") != std::string::npos;
  }
  EXPECT_EQ(live, 2);
  EXPECT_EQ(budget, 3);
}

TEST(RunnerTest, FindingsWithoutCheckGetTheirPlannedVerdict) {
  Synth synth(10);
  std::vector<findings::Finding> found = {SecretFinding(synth.ConsumerKey(), synth.ConsumerSecretHex(), "")};
  FakeClient client([](const HttpRequest&) { return Live(); });
  ValidateFindings(&found, client, Fast());
  EXPECT_TRUE(client.requests().empty());
  EXPECT_EQ(found[0].validation.status, "unverifiable");
  EXPECT_EQ(found[0].validation.detail, "no Salesforce My Domain host known");
}

}  // namespace
}  // namespace nhiscan::validate
