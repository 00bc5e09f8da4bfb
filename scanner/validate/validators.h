// Per-provider validators: what to ask which provider for each kind of finding, and how to read
// the answer. Planning (finding → what to check, on which allowed host) and reading (HTTP answer →
// verdict) are pure functions; only RunCheck talks to an HttpClient.
//
// Verdicts: live, live_unusable (accepted but the flow is misconfigured), dead, unknown (network,
// 5xx, rate limits, HTML or WAF pages, anything unexpected), unverifiable (nothing allowed to ask),
// not_validated (no validator for this rule). A detail is always one of our own sentences: a
// provider's body is summarised (error code, shape), never echoed, so a hostile server cannot
// make a secret appear in a report. Nothing here revokes, rotates or changes anything on purpose
// (see README "Validation" for the refresh-token rotation caveat).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "scanner/findings/finding.h"
#include "scanner/validate/http_client.h"

namespace nhiscan::validate {

struct Verdict {
  std::string status;
  std::string detail;
};

enum class CheckKind {
  kClientCredentials,  // Salesforce client_credentials grant on a My Domain host
  kRefreshToken,       // Salesforce refresh_token grant on a My Domain or login host
  kAccessToken,        // Salesforce userinfo with the bearer token
  kOneSpanApiKey,      // OneSpan Sign read-only GET with Basic <key>
};

// One credential to check. Findings with the same key share one check per run.
struct Check {
  CheckKind kind = CheckKind::kClientCredentials;
  std::string client_id;
  std::string secret;               // client secret, refresh token, access token or API key
  std::vector<std::string> hosts;   // allowed hosts, best first (a fallback is tried only when
                                    // the first one says the request is not for its domain)
  std::string cache_key;            // SHA-256 over kind, client id, secret and hosts
};

// What validating a finding takes: a check, or a verdict reached without any network.
struct Plan {
  std::optional<Check> check;
  Verdict verdict;  // set when !check
};

Plan PlanValidation(const findings::Finding& finding);

// Runs the check through `client` (which enforces the network rules).
Verdict RunCheck(const Check& check, HttpClient& client);

// The requests and answer readings, exposed for tests.
HttpRequest TokenRequest(const Check& check, const std::string& host);
HttpRequest UserinfoRequest(const Check& check, const std::string& host);
HttpRequest OneSpanRequest(const Check& check, const std::string& host);
Verdict ReadClientCredentialsAnswer(const Result<HttpResponse>& answer);
Verdict ReadRefreshAnswer(const Result<HttpResponse>& answer);
Verdict ReadUserinfoAnswer(const Result<HttpResponse>& answer);
Verdict ReadOneSpanAnswer(const Result<HttpResponse>& answer);

// Detail of the "request not supported on this domain" answer (the trigger to try another host).
extern const char* const kNotThisDomain;

}  // namespace nhiscan::validate
