#include "scanner/validate/validators.h"

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>

#include "scanner/base/sha256.h"
#include "scanner/base/text.h"
#include "scanner/checks/callback_key.h"
#include "scanner/decode/base64.h"
#include "scanner/validate/host_policy.h"
#include "scanner/validate/libcurl.h"

namespace nhiscan::validate {

const char* const kNotThisDomain =
    "request not supported on this domain: client credentials work only on the org's My Domain host";

namespace {

constexpr const char* kLive = "live";
constexpr const char* kLiveUnusable = "live_unusable";
constexpr const char* kDead = "dead";
constexpr const char* kUnknown = "unknown";
constexpr const char* kUnverifiable = "unverifiable";

// The Salesforce CLI's own connected app: the client id of force:// URLs that name none.
constexpr const char* kSalesforceCliClientId = "PlatformCLI";

Verdict Unverifiable(std::string detail) { return {kUnverifiable, std::move(detail)}; }

std::string Context(const findings::Finding& f, const std::string& field) {
  auto it = f.context.find(field);
  return it == f.context.end() ? "" : it->second;
}

// The allowed host among candidates, or the reason none is usable.
struct HostChoice {
  std::vector<std::string> hosts;
  std::string refusal;
};

HostChoice ChooseHosts(const std::vector<std::string>& candidates, HostClass host_class,
                       const char* missing) {
  HostChoice choice;
  for (const std::string& candidate : candidates) {
    if (candidate.empty()) continue;
    auto host = AllowedHost(candidate, host_class);
    if (host.ok()) {
      if (std::find(choice.hosts.begin(), choice.hosts.end(), *host) == choice.hosts.end()) {
        choice.hosts.push_back(*host);
      }
    } else if (choice.refusal.empty()) {
      choice.refusal = "host refused (" + host.status().message() + "): nothing was sent";
    }
  }
  if (choice.hosts.empty() && choice.refusal.empty()) choice.refusal = missing;
  return choice;
}

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) out += p + "\n";
  return out;
}

Plan Finish(Check check, const HostChoice& hosts) {
  if (hosts.hosts.empty()) return {std::nullopt, Unverifiable(hosts.refusal)};
  check.hosts = hosts.hosts;
  check.cache_key = Sha256Hex({std::to_string(static_cast<int>(check.kind)), check.client_id,
                               check.secret, Join(check.hosts)});
  return {std::move(check), {}};
}

Plan PlanClientCredentials(const std::string& client_id, const std::string& secret,
                           const std::vector<std::string>& hosts) {
  if (client_id.empty()) return {std::nullopt, Unverifiable("no consumer key found next to the secret")};
  Check check{CheckKind::kClientCredentials, client_id, secret, {}, {}};
  HostChoice choice = ChooseHosts(hosts, HostClass::kSalesforceMyDomain, "no Salesforce My Domain host known");
  // A generic login host next to the pair is common and says nothing: the grant would fail there
  // with "request not supported on this domain", so it is not even tried.
  if (choice.hosts.empty() && std::any_of(hosts.begin(), hosts.end(), [](const std::string& h) {
        return AllowedHost(h, HostClass::kSalesforceLogin).ok();
      })) {
    choice.refusal = "no Salesforce My Domain host known (client credentials do not work on login/test.salesforce.com)";
  }
  return Finish(std::move(check), choice);
}

Plan PlanRefresh(const std::string& client_id, const std::string& token,
                 const std::vector<std::string>& hosts, HostClass host_class) {
  if (client_id.empty()) return {std::nullopt, Unverifiable("no consumer key found next to the refresh token")};
  Check check{CheckKind::kRefreshToken, client_id, token, {}, {}};
  return Finish(std::move(check), ChooseHosts(hosts, host_class, "no Salesforce My Domain or login host known"));
}

Plan PlanCallbackKey(const findings::Finding& f) {
  auto decoded = decode::DecodeBase64(f.secret);
  auto bundle = decoded ? checks::ClassifyCredentialBundle(*decoded) : std::nullopt;
  if (!bundle) return {std::nullopt, Unverifiable("the key does not decode to a Salesforce credential pair")};
  const std::vector<std::string> hosts = {Context(f, "callback_url")};
  if (bundle->flow == "client_credentials") return PlanClientCredentials(bundle->client_id, bundle->credential, hosts);
  return PlanRefresh(bundle->client_id, bundle->credential, hosts, HostClass::kSalesforceMyDomain);
}

}  // namespace

Plan PlanValidation(const findings::Finding& f) {
  const std::string& id = f.rule->id;
  if (f.rule->kind != rules::Kind::kSecret) return {std::nullopt, {"not_validated", "not a secret"}};
  if (id == "salesforce.consumer_secret" || id == "salesforce.metadata_consumer_secret") {
    return PlanClientCredentials(Context(f, "client_id"), f.secret, {Context(f, "host")});
  }
  if (id == "salesforce.refresh_token") {
    return PlanRefresh(Context(f, "client_id"), f.secret, {Context(f, "host")}, HostClass::kSalesforceLogin);
  }
  if (id == "salesforce.sfdx_auth_url") {
    std::string client_id = Context(f, "client_id");
    if (client_id.empty()) client_id = kSalesforceCliClientId;
    return PlanRefresh(client_id, f.secret, {Context(f, "host")}, HostClass::kSalesforceLogin);
  }
  if (id == "salesforce.access_token") {
    Check check{CheckKind::kAccessToken, "", f.secret, {}, {}};
    return Finish(std::move(check), ChooseHosts({Context(f, "host")}, HostClass::kSalesforceInstance,
                                                "no Salesforce instance or My Domain host known"));
  }
  if (id == "onespan.api_key") {
    Check check{CheckKind::kOneSpanApiKey, "", f.secret, {}, {}};
    return Finish(std::move(check), ChooseHosts({Context(f, "host")}, HostClass::kOneSpanApi,
                                                "no OneSpan Sign API host named next to the key"));
  }
  if (id == "onespan.callback_key") return PlanCallbackKey(f);
  return {std::nullopt, {"not_validated", "no validator for this kind of secret"}};
}

namespace {

std::string FormValue(const std::string& value) {
  // Only called to build a request, so the client (and libcurl with it) is already loaded.
  auto curl = LoadLibCurl();
  if (!curl.ok()) return "";
  char* escaped = curl.value()->easy_escape(nullptr, value.c_str(), static_cast<int>(value.size()));
  if (escaped == nullptr) return "";
  std::string text(escaped);
  curl.value()->free(escaped);
  return text;
}

// What a provider's JSON answer says, reduced to the fields we read. Never stored in a detail.
struct OAuthAnswer {
  bool json = false;
  bool has_access_token = false;
  bool has_refresh_token = false;
  bool has_user = false;
  std::string error;        // lower case
  std::string description;  // lower case
};

OAuthAnswer ParseAnswer(const HttpResponse& response) {
  OAuthAnswer answer;
  auto doc = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_array() && !doc.empty()) doc = doc.front();  // Salesforce REST errors come as a list
  if (!doc.is_object()) return answer;
  answer.json = true;
  auto text = [&](const char* key) {
    auto it = doc.find(key);
    return it != doc.end() && it->is_string() ? ToLower(it->get<std::string>()) : std::string();
  };
  answer.has_access_token = !text("access_token").empty();
  answer.has_refresh_token = !text("refresh_token").empty();
  answer.has_user = !text("user_id").empty() || !text("sub").empty();
  answer.error = text("error");
  if (answer.error.empty()) answer.error = text("errorCode");
  answer.description = text("error_description");
  if (answer.description.empty()) answer.description = text("message");
  return answer;
}

// Shared readings: transport errors, rate limits, server errors, non-JSON pages.
std::optional<Verdict> ReadCommon(const Result<HttpResponse>& answer, const OAuthAnswer& parsed) {
  if (!answer.ok()) return Verdict{kUnknown, "no answer: " + answer.status().message()};
  const long status = answer->status;
  if (status == 429 || status == 503 || parsed.error == "login_rate_exceeded") {
    return Verdict{kUnknown, "rate limited by the provider (HTTP " + std::to_string(status) + ")"};
  }
  if (status >= 500) return Verdict{kUnknown, "provider error HTTP " + std::to_string(status)};
  if (status >= 300 && status < 400) {
    return Verdict{kUnknown, "redirect (HTTP " + std::to_string(status) + ") not followed"};
  }
  if (!parsed.json) {
    return Verdict{kUnknown, "HTTP " + std::to_string(status) +
                                 " answer is not a provider API response (HTML or WAF page?)"};
  }
  return std::nullopt;
}

Verdict UnexpectedError(const Result<HttpResponse>& answer) {
  return {kUnknown, "unexpected answer HTTP " + std::to_string(answer->status) + " (error code not recognised)"};
}

bool Says(const OAuthAnswer& a, std::string_view phrase) { return a.description.find(phrase) != std::string::npos; }

}  // namespace

HttpRequest TokenRequest(const Check& check, const std::string& host) {
  HttpRequest request;
  request.method = "POST";
  request.url = "https://" + host + "/services/oauth2/token";
  request.headers = {"Content-Type: application/x-www-form-urlencoded", "Accept: application/json"};
  if (check.kind == CheckKind::kClientCredentials) {
    request.body = "grant_type=client_credentials&client_id=" + FormValue(check.client_id) +
                   "&client_secret=" + FormValue(check.secret);
  } else {
    request.body = "grant_type=refresh_token&client_id=" + FormValue(check.client_id) +
                   "&refresh_token=" + FormValue(check.secret);
  }
  return request;
}

HttpRequest UserinfoRequest(const Check& check, const std::string& host) {
  HttpRequest request;
  request.url = "https://" + host + "/services/oauth2/userinfo";
  request.headers = {"Authorization: Bearer " + check.secret, "Accept: application/json"};
  return request;
}

HttpRequest OneSpanRequest(const Check& check, const std::string& host) {
  // Listing at most one transaction: read-only, available to every API key.
  HttpRequest request;
  request.url = "https://" + host + "/api/packages?from=1&to=1";
  request.headers = {"Authorization: Basic " + check.secret, "Accept: application/json"};
  return request;
}

Verdict ReadClientCredentialsAnswer(const Result<HttpResponse>& answer) {
  const OAuthAnswer a = answer.ok() ? ParseAnswer(answer.value()) : OAuthAnswer{};
  if (auto common = ReadCommon(answer, a)) return *common;
  if (answer->status == 200) {
    if (a.has_access_token) return {kLive, "client credentials accepted; token issued for the run-as user"};
    return {kUnknown, "HTTP 200 without an access token"};
  }
  if (a.error == "invalid_client_id") return {kDead, "consumer key unknown to the org: invalid_client_id"};
  if (a.error == "invalid_client") {
    if (Says(a, "not enabled") || Says(a, "disabled")) {
      return {kLiveUnusable, "client credentials flow disabled for the app: credentials accepted but unusable"};
    }
    return {kDead, "secret rejected: invalid_client"};
  }
  if (a.error == "invalid_grant") {
    if (Says(a, "no client credentials user enabled")) {
      return {kLiveUnusable, "flow has no run-as user: credentials accepted but unusable"};
    }
    if (Says(a, "not supported on this domain")) return {kUnverifiable, kNotThisDomain};
    if (Says(a, "not enabled") || Says(a, "disabled")) {
      return {kLiveUnusable, "client credentials flow disabled for the app: credentials accepted but unusable"};
    }
    return {kUnknown, "grant refused (invalid_grant) for a reason other than the credentials"};
  }
  if (a.error == "unsupported_grant_type") return {kUnknown, "the org does not accept the client credentials grant"};
  return UnexpectedError(answer);
}

Verdict ReadRefreshAnswer(const Result<HttpResponse>& answer) {
  const OAuthAnswer a = answer.ok() ? ParseAnswer(answer.value()) : OAuthAnswer{};
  if (auto common = ReadCommon(answer, a)) return *common;
  if (answer->status == 200) {
    if (!a.has_access_token) return {kUnknown, "HTTP 200 without an access token"};
    if (a.has_refresh_token) {
      return {kLive, "refresh token accepted; access token issued (the app rotates refresh tokens: use the new one)"};
    }
    return {kLive, "refresh token accepted; access token issued"};
  }
  if (a.error == "invalid_client_id") return {kDead, "consumer key unknown to the org: invalid_client_id"};
  if (a.error == "invalid_client") {
    return {kUnverifiable, "the app requires its consumer secret to refresh, and it is not known"};
  }
  if (a.error == "invalid_grant") {
    if (Says(a, "ip restricted") || Says(a, "login hours")) {
      return {kLiveUnusable, "refresh token accepted but refused from this network or at this time"};
    }
    return {kDead, "refresh token rejected: invalid_grant (expired or revoked)"};
  }
  return UnexpectedError(answer);
}

Verdict ReadUserinfoAnswer(const Result<HttpResponse>& answer) {
  if (!answer.ok()) return {kUnknown, "no answer: " + answer.status().message()};
  const OAuthAnswer a = ParseAnswer(answer.value());
  const bool bad_token = answer->body.find("Bad_OAuth_Token") != std::string::npos ||
                         a.error == "invalid_session_id" || a.error == "invalid_token";
  if ((answer->status == 401 || answer->status == 403) && bad_token) {
    return {kDead, "access token rejected: expired or revoked"};
  }
  if (auto common = ReadCommon(answer, a)) return *common;
  if (answer->status == 200 && a.has_user) return {kLive, "access token accepted: userinfo answered for its user"};
  if (answer->status == 401) return {kDead, "access token rejected (HTTP 401)"};
  return UnexpectedError(answer);
}

Verdict ReadOneSpanAnswer(const Result<HttpResponse>& answer) {
  const OAuthAnswer a = answer.ok() ? ParseAnswer(answer.value()) : OAuthAnswer{};
  if (answer.ok() && answer->status == 401) return {kDead, "API key rejected (HTTP 401)"};
  if (auto common = ReadCommon(answer, a)) return *common;
  if (answer->status == 200) return {kLive, "API key accepted: read-only transaction list answered"};
  if (answer->status == 403) return {kUnknown, "HTTP 403: the key may be valid without this permission, or a WAF refused"};
  return UnexpectedError(answer);
}

Verdict RunCheck(const Check& check, HttpClient& client) {
  switch (check.kind) {
    case CheckKind::kClientCredentials: {
      Verdict verdict;
      for (const std::string& host : check.hosts) {
        verdict = ReadClientCredentialsAnswer(client.Send(TokenRequest(check, host)));
        if (verdict.detail != kNotThisDomain) break;
      }
      return verdict;
    }
    case CheckKind::kRefreshToken:
      return ReadRefreshAnswer(client.Send(TokenRequest(check, check.hosts.front())));
    case CheckKind::kAccessToken:
      return ReadUserinfoAnswer(client.Send(UserinfoRequest(check, check.hosts.front())));
    case CheckKind::kOneSpanApiKey:
      return ReadOneSpanAnswer(client.Send(OneSpanRequest(check, check.hosts.front())));
  }
  return {kUnknown, "internal: unknown check"};
}

}  // namespace nhiscan::validate
