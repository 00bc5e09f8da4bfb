// Validators: which check each kind of finding gets (and when it gets none), the requests they
// send, and every documented provider answer mapped to its verdict. Network-free (FakeClient).
#include "scanner/validate/validators.h"

#include <gtest/gtest.h>

#include "tests/support/test_support.h"
#include "tests/validate/fake_client.h"

namespace nhiscan::validate {
namespace {

using ::nhiscan::testing::BuiltinRules;
using ::nhiscan::testing::Synth;

findings::Finding MakeFinding(const std::string& rule_id, const std::string& secret,
                              std::map<std::string, std::string> context) {
  findings::Finding f;
  f.rule = BuiltinRules().FindRule(rule_id);
  EXPECT_NE(f.rule, nullptr) << rule_id;
  f.path = "config/app.env";
  f.secret = secret;
  f.context = std::move(context);
  return f;
}

Verdict ValidateWith(const findings::Finding& f, FakeClient& client) {
  Plan plan = PlanValidation(f);
  if (!plan.check) return plan.verdict;
  return RunCheck(*plan.check, client);
}

class ValidatorsTest : public ::testing::Test {
 protected:
  Synth synth_{7};
  std::string key_ = synth_.ConsumerKey();
  std::string secret_ = synth_.ConsumerSecretHex();
  std::string refresh_ = synth_.RefreshToken();
  std::string access_ = synth_.AccessToken();
  std::string api_key_ = synth_.Base64(synth_.Chars("abcdefghijk0123456789", 16) + ":" + synth_.Chars("ABCDEFGHabcdefgh012345", 32));

  findings::Finding ClientSecret(const std::string& host = "acme.my.salesforce.com") {
    return MakeFinding("salesforce.consumer_secret", secret_, {{"client_id", key_}, {"host", host}});
  }
};

struct Case {
  long status;
  std::string body;
  std::string verdict;
  std::string detail_part;
};

TEST_F(ValidatorsTest, ClientCredentialsVerdicts) {
  const Case cases[] = {
      {200, R"({"access_token":"00Dxx!AQ","instance_url":"https://acme.my.salesforce.com","token_type":"Bearer"})", "live", "client credentials accepted"},
      {400, R"({"error":"invalid_client_id","error_description":"client identifier invalid"})", "dead", "invalid_client_id"},
      {400, R"({"error":"invalid_client","error_description":"invalid client credentials"})", "dead", "secret rejected: invalid_client"},
      {400, R"({"error":"invalid_grant","error_description":"no client credentials user enabled"})", "live_unusable", "no run-as user"},
      {400, R"({"error":"invalid_client","error_description":"client credentials flow is not enabled for this app"})", "live_unusable", "flow disabled"},
      {400, R"({"error":"invalid_grant","error_description":"request not supported on this domain"})", "unverifiable", "My Domain"},
      {400, R"({"error":"unsupported_grant_type","error_description":"grant type not supported"})", "unknown", "does not accept"},
      {400, R"({"error":"something_new","error_description":"?"})", "unknown", "not recognised"},
      {403, "<html><body>Access denied by WAF</body></html>", "unknown", "HTML or WAF"},
      {200, "<html>login page</html>", "unknown", "HTML or WAF"},
      {500, R"({"error":"server"})", "unknown", "provider error HTTP 500"},
      {503, "", "unknown", "rate limited"},
      {429, R"({"error":"LOGIN_RATE_EXCEEDED"})", "unknown", "rate limited"},
      {302, "", "unknown", "redirect"},
  };
  for (const Case& c : cases) {
    FakeClient client([&](const HttpRequest&) { return JsonAnswer(c.status, c.body); });
    Verdict v = ValidateWith(ClientSecret(), client);
    EXPECT_EQ(v.status, c.verdict) << c.body;
    EXPECT_NE(v.detail.find(c.detail_part), std::string::npos) << v.detail;
  }
}

TEST_F(ValidatorsTest, TransportErrorsAreUnknown) {
  FakeClient client([](const HttpRequest&) -> Result<HttpResponse> { return Status::Io("no complete answer within the timeout"); });
  Verdict v = ValidateWith(ClientSecret(), client);
  EXPECT_EQ(v.status, "unknown");
  EXPECT_NE(v.detail.find("timeout"), std::string::npos);
}

TEST_F(ValidatorsTest, ClientCredentialsRequestCarriesTheSecretOnlyInTheBody) {
  FakeClient client([](const HttpRequest&) { return JsonAnswer(200, R"({"access_token":"x"})"); });
  ValidateWith(ClientSecret(), client);
  ASSERT_EQ(client.requests().size(), 1u);
  const HttpRequest r = client.requests()[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.url, "https://acme.my.salesforce.com/services/oauth2/token");
  EXPECT_EQ(r.body, "grant_type=client_credentials&client_id=" + key_ + "&client_secret=" + secret_);
  EXPECT_EQ(r.url.find(secret_), std::string::npos);
}

TEST_F(ValidatorsTest, ClientCredentialsNeedAMyDomainHostAndAKey) {
  FakeClient client([](const HttpRequest&) { return JsonAnswer(200, R"({"access_token":"x"})"); });
  Verdict login = ValidateWith(ClientSecret("login.salesforce.com"), client);
  EXPECT_EQ(login.status, "unverifiable");
  EXPECT_EQ(login.detail,
            "no Salesforce My Domain host known (client credentials do not work on login/test.salesforce.com)");
  Verdict none = ValidateWith(MakeFinding("salesforce.consumer_secret", secret_, {{"client_id", key_}}), client);
  EXPECT_EQ(none.status, "unverifiable");
  EXPECT_EQ(none.detail, "no Salesforce My Domain host known");
  Verdict no_key = ValidateWith(MakeFinding("salesforce.consumer_secret", secret_, {{"host", "acme.my.salesforce.com"}}), client);
  EXPECT_EQ(no_key.status, "unverifiable");
  Verdict evil = ValidateWith(ClientSecret("acme.my.salesforce.com.evil.example"), client);
  EXPECT_EQ(evil.status, "unverifiable");
  EXPECT_NE(evil.detail.find("nothing was sent"), std::string::npos);
  EXPECT_TRUE(client.requests().empty());
}

TEST_F(ValidatorsTest, RefreshTokenVerdicts) {
  const Case cases[] = {
      {200, R"({"access_token":"00Dxx!AQ","instance_url":"https://acme.my.salesforce.com"})", "live", "refresh token accepted"},
      {200, R"({"access_token":"00Dxx!AQ","refresh_token":"5Aep861new"})", "live", "rotates"},
      {400, R"({"error":"invalid_grant","error_description":"expired access/refresh token"})", "dead", "expired or revoked"},
      {400, R"({"error":"invalid_client_id","error_description":"client identifier invalid"})", "dead", "invalid_client_id"},
      {400, R"({"error":"invalid_client","error_description":"client secret required"})", "unverifiable", "consumer secret"},
      {400, R"({"error":"invalid_grant","error_description":"ip restricted or invalid login hours"})", "live_unusable", "refused from this network"},
      {502, "Bad gateway", "unknown", "HTTP 502"},
  };
  for (const Case& c : cases) {
    FakeClient client([&](const HttpRequest&) { return JsonAnswer(c.status, c.body); });
    Verdict v = ValidateWith(MakeFinding("salesforce.refresh_token", refresh_, {{"client_id", key_}, {"host", "login.salesforce.com"}}), client);
    EXPECT_EQ(v.status, c.verdict) << c.body;
    EXPECT_NE(v.detail.find(c.detail_part), std::string::npos) << v.detail;
    ASSERT_EQ(client.requests().size(), 1u);
    EXPECT_EQ(client.requests()[0].url, "https://login.salesforce.com/services/oauth2/token");
    EXPECT_NE(client.requests()[0].body.find("grant_type=refresh_token"), std::string::npos);
  }
}

TEST_F(ValidatorsTest, SfdxAuthUrlWithoutClientIdUsesTheCliApp) {
  FakeClient client([](const HttpRequest&) { return JsonAnswer(200, R"({"access_token":"x"})"); });
  Verdict v = ValidateWith(MakeFinding("salesforce.sfdx_auth_url", refresh_, {{"host", "test.salesforce.com"}}), client);
  EXPECT_EQ(v.status, "live");
  ASSERT_EQ(client.requests().size(), 1u);
  EXPECT_EQ(client.requests()[0].url, "https://test.salesforce.com/services/oauth2/token");
  EXPECT_NE(client.requests()[0].body.find("client_id=PlatformCLI"), std::string::npos);
}

TEST_F(ValidatorsTest, AccessTokenVerdicts) {
  const Case cases[] = {
      {200, R"({"sub":"https://login.salesforce.com/id/00D/005","user_id":"005xx"})", "live", "userinfo answered"},
      {403, "Bad_OAuth_Token", "dead", "expired or revoked"},
      {401, R"([{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}])", "dead", "expired or revoked"},
      {403, "<html>Forbidden</html>", "unknown", "WAF"},
      {500, "", "unknown", "HTTP 500"},
  };
  for (const Case& c : cases) {
    FakeClient client([&](const HttpRequest&) { return JsonAnswer(c.status, c.body); });
    Verdict v = ValidateWith(MakeFinding("salesforce.access_token", access_, {{"host", "na1.salesforce.com"}}), client);
    EXPECT_EQ(v.status, c.verdict) << c.body;
    EXPECT_NE(v.detail.find(c.detail_part), std::string::npos) << v.detail;
    ASSERT_EQ(client.requests().size(), 1u);
    EXPECT_EQ(client.requests()[0].method, "GET");
    EXPECT_EQ(client.requests()[0].url, "https://na1.salesforce.com/services/oauth2/userinfo");
  }
}

TEST_F(ValidatorsTest, OneSpanApiKeyVerdicts) {
  const Case cases[] = {
      {200, R"({"count":0,"results":[]})", "live", "API key accepted"},
      {401, R"({"messageKey":"error.unauthorised.noSession"})", "dead", "rejected"},
      {403, R"({"message":"forbidden"})", "unknown", "403"},
      {503, "", "unknown", "rate limited"},
  };
  for (const Case& c : cases) {
    FakeClient client([&](const HttpRequest&) { return JsonAnswer(c.status, c.body); });
    Verdict v = ValidateWith(MakeFinding("onespan.api_key", api_key_, {{"host", "apps.esignlive.com"}}), client);
    EXPECT_EQ(v.status, c.verdict) << c.body;
    EXPECT_NE(v.detail.find(c.detail_part), std::string::npos) << v.detail;
    ASSERT_EQ(client.requests().size(), 1u);
    EXPECT_EQ(client.requests()[0].method, "GET");
    EXPECT_EQ(client.requests()[0].headers[0], "Authorization: Basic " + api_key_);
  }
  FakeClient client([](const HttpRequest&) { return JsonAnswer(200, "{}"); });
  EXPECT_EQ(ValidateWith(MakeFinding("onespan.api_key", api_key_, {}), client).status, "unverifiable");
  EXPECT_EQ(ValidateWith(MakeFinding("onespan.api_key", api_key_, {{"host", "apps.esignlive.com.evil.example"}}), client).status, "unverifiable");
  EXPECT_TRUE(client.requests().empty());
}

TEST_F(ValidatorsTest, CallbackKeyIsCheckedThroughItsSalesforcePairOnTheCallbackHost) {
  const std::string key = synth_.Base64(key_ + ":" + secret_);
  FakeClient client([](const HttpRequest&) {
    return JsonAnswer(400, R"({"error":"invalid_grant","error_description":"no client credentials user enabled"})");
  });
  Verdict v = ValidateWith(MakeFinding("onespan.callback_key", key,
                                       {{"flow", "client_credentials"}, {"client_id", key_},
                                        {"callback_url", "https://acme.my.salesforce.com/services/apexrest/cb"}}),
                           client);
  EXPECT_EQ(v.status, "live_unusable");
  ASSERT_EQ(client.requests().size(), 1u);
  EXPECT_EQ(client.requests()[0].url, "https://acme.my.salesforce.com/services/oauth2/token");
  EXPECT_NE(client.requests()[0].body.find("client_secret=" + secret_), std::string::npos);

  const std::string refresh_key = synth_.Base64(key_ + ":" + refresh_);
  FakeClient refresh_client([](const HttpRequest&) { return JsonAnswer(200, R"({"access_token":"x"})"); });
  v = ValidateWith(MakeFinding("onespan.callback_key", refresh_key,
                               {{"callback_url", "https://acme.my.salesforce.com/services/apexrest/cb"}}),
                   refresh_client);
  EXPECT_EQ(v.status, "live");
  EXPECT_NE(refresh_client.requests()[0].body.find("grant_type=refresh_token"), std::string::npos);

  FakeClient unused([](const HttpRequest&) { return JsonAnswer(200, "{}"); });
  v = ValidateWith(MakeFinding("onespan.callback_key", key, {{"callback_url", "https://acme.lightning.force.com/x"}}), unused);
  EXPECT_EQ(v.status, "unverifiable");
  v = ValidateWith(MakeFinding("onespan.callback_key", key, {}), unused);
  EXPECT_EQ(v.detail, "no Salesforce My Domain host known");
  EXPECT_TRUE(unused.requests().empty());
}

TEST_F(ValidatorsTest, RulesWithoutValidatorStayNotValidated) {
  FakeClient client([](const HttpRequest&) { return JsonAnswer(200, "{}"); });
  Verdict key_only = ValidateWith(MakeFinding("salesforce.consumer_key", key_, {}), client);
  EXPECT_EQ(key_only.status, "not_validated");
  EXPECT_TRUE(client.requests().empty());
}

TEST_F(ValidatorsTest, HostileAnswersNeverReachTheDetail) {
  // A server that echoes the secret in every field a naive validator might print.
  const std::string echo = "{\"error\":\"" + secret_ + "\",\"error_description\":\"" + secret_ + "\",\"message\":\"" + secret_ + "\"}";
  for (long status : {200L, 400L, 401L, 403L, 500L}) {
    FakeClient client([&](const HttpRequest&) { return JsonAnswer(status, echo); });
    Verdict v = ValidateWith(ClientSecret(), client);
    EXPECT_EQ(v.detail.find(secret_), std::string::npos) << v.detail;
    EXPECT_EQ(v.detail.find(secret_.substr(0, 12)), std::string::npos) << v.detail;
  }
}

TEST_F(ValidatorsTest, NotThisDomainTriesTheNextMyDomainHost) {
  Check check;
  check.kind = CheckKind::kClientCredentials;
  check.client_id = key_;
  check.secret = secret_;
  check.hosts = {"old.my.salesforce.com", "acme.my.salesforce.com"};
  FakeClient client([](const HttpRequest& r) {
    if (r.url.find("old.") != std::string::npos) {
      return JsonAnswer(400, R"({"error":"invalid_grant","error_description":"request not supported on this domain"})");
    }
    return JsonAnswer(200, R"({"access_token":"x"})");
  });
  EXPECT_EQ(RunCheck(check, client).status, "live");
  EXPECT_EQ(client.requests().size(), 2u);
}

}  // namespace
}  // namespace nhiscan::validate
