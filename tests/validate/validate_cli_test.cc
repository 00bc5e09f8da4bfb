// End-to-end validation: the real binary scans synthetic files and validates them against a local
// HTTPS server that plays Salesforce and OneSpan (reached only through the test-only options).
// Every verdict through the CLI, the safety rules with an attacker listener that must receive
// nothing, `nhiscan validate REPORT.json`, and no secret in any output in any encoding.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/support/https_server.h"
#include "tests/support/test_support.h"

namespace nhiscan::validate {
namespace {

using ::nhiscan::testing::CommandResult;
using ::nhiscan::testing::GetTestPki;
using ::nhiscan::testing::HttpsTestServer;
using ::nhiscan::testing::NoProxyEnvironment;
using ::nhiscan::testing::RawListener;
using ::nhiscan::testing::ReadFile;
using ::nhiscan::testing::RunNhiscan;
using ::nhiscan::testing::Synth;
using ::nhiscan::testing::TempDir;
using Json = nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

struct Answer {
  int status;
  std::string body;
  std::string content_type = "application/json";
  std::string location = "";
};

const Answer kTokenIssued{200, R"({"access_token":"00Dxx0000000001!AQ","instance_url":"https://x.my.salesforce.com","token_type":"Bearer"})"};
const Answer kInvalidClient{400, R"({"error":"invalid_client","error_description":"invalid client credentials"})"};
const Answer kNoRunAsUser{400, R"({"error":"invalid_grant","error_description":"no client credentials user enabled"})"};
const Answer kWafPage{403, "<html><body>Request blocked</body></html>", "text/html"};
const Answer kRevoked{400, R"({"error":"invalid_grant","error_description":"expired access/refresh token"})"};

std::string UrlEncoded(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

class ValidateCliTest : public ::testing::Test {
 protected:
  ValidateCliTest()
      : server_([this](const httplib::Request& req, httplib::Response& res) { Play(req, res); }) {}

  // The fake provider: the secret in the request picks the answer; anything unknown is rejected.
  void Play(const httplib::Request& req, httplib::Response& res) {
    std::string secret;
    if (req.path == "/services/oauth2/token") {
      secret = req.get_param_value(req.get_param_value("grant_type") == "refresh_token" ? "refresh_token" : "client_secret");
    } else {
      std::string auth = req.get_header_value("Authorization");
      secret = auth.substr(auth.find(' ') + 1);
    }
    auto it = answers_.find(secret);
    const Answer& a = it == answers_.end() ? (req.method == "GET" ? Answer{401, R"({"error":"unauthorized"})"} : kInvalidClient) : it->second;
    res.status = a.status;
    if (!a.location.empty()) res.set_header("Location", a.location);
    res.set_content(a.body, a.content_type.c_str());
  }

  std::vector<std::string> TestOptions(const std::vector<std::string>& hosts) {
    std::vector<std::string> args = {"--validate-ca-file", GetTestPki().ca_file, "--validate-allow-loopback"};
    for (const std::string& host : hosts) {
      args.push_back("--validate-connect-to");
      args.push_back(server_.ConnectTo(host));
    }
    return args;
  }

  // Runs nhiscan and remembers its outputs for the no-secret check.
  CommandResult Run(std::vector<std::string> args, const std::string& cwd = "") {
    CommandResult r = RunNhiscan(args, cwd);
    outputs_.push_back(r.out);
    outputs_.push_back(r.err);
    return r;
  }

  // Validation status by path from a JSON report.
  static std::map<std::string, Json> ByPath(const std::string& report) {
    std::map<std::string, Json> by_path;
    Json doc = Json::parse(report);
    for (const Json& f : doc["findings"]) by_path[f["path"].get<std::string>()] = f;
    return by_path;
  }

  void TearDown() override {
    for (const std::string& secret : secrets_) {
      for (const std::string& form : {secret, synth_.Base64(secret), UrlEncoded(secret), secret.substr(1)}) {
        for (const std::string& out : outputs_) {
          EXPECT_EQ(out.find(form), std::string::npos) << "a secret appears in an output";
        }
      }
    }
  }

  std::string Secret(std::string value, Answer answer) {
    answers_[value] = std::move(answer);
    secrets_.push_back(value);
    return value;
  }

  NoProxyEnvironment no_proxy_;
  Synth synth_{2024};
  std::map<std::string, Answer> answers_;
  HttpsTestServer server_;
  RawListener attacker_;
  TempDir dir_;
  std::vector<std::string> secrets_;
  std::vector<std::string> outputs_;
};

std::string ClientPair(const std::string& key, const std::string& secret, const std::string& host) {
  return "SF_CLIENT_ID=" + key + "\nSF_CLIENT_SECRET=" + secret + "\nSF_INSTANCE_URL=https://" + host + "\n";
}

TEST_F(ValidateCliTest, EveryVerdictThroughTheScanCommand) {
  const std::string live = Secret(synth_.ConsumerSecretHex(), kTokenIssued);
  const std::string dead = Secret(synth_.ConsumerSecretHex(), kInvalidClient);
  const std::string unusable = Secret(synth_.ConsumerSecretHex(), kNoRunAsUser);
  const std::string waf = Secret(synth_.ConsumerSecretHex(), kWafPage);
  const std::string no_host = Secret(synth_.ConsumerSecretHex(), kTokenIssued);
  const std::string refresh_live = Secret(synth_.RefreshToken(), kTokenIssued);
  const std::string sfdx_dead = Secret(synth_.RefreshToken(), kRevoked);
  const std::string access_live = Secret(synth_.AccessToken(), {200, R"({"sub":"x","user_id":"005xx0000000001"})"});
  const std::string api_key = Secret(synth_.Base64("a1b2c3d4e5f6g7h8:" + synth_.Chars("ABCDEFGHIJKLMNabcdefghijk0123456789", 40)),
                                     {200, R"({"count":0,"results":[]})"});
  const std::string callback_secret = Secret(synth_.ConsumerSecretHex(), kNoRunAsUser);
  const std::string callback_key = synth_.Base64(synth_.ConsumerKey() + ":" + callback_secret);
  secrets_.push_back(callback_key);

  dir_.Write("live.env", ClientPair(synth_.ConsumerKey(), live, "live.my.salesforce.com"));
  dir_.Write("dead.env", ClientPair(synth_.ConsumerKey(), dead, "dead.my.salesforce.com"));
  dir_.Write("unusable.env", ClientPair(synth_.ConsumerKey(), unusable, "unusable.my.salesforce.com"));
  dir_.Write("waf.env", ClientPair(synth_.ConsumerKey(), waf, "waf.my.salesforce.com"));
  dir_.Write("nohost.env", "SF_CLIENT_ID=" + synth_.ConsumerKey() + "\nSF_CLIENT_SECRET=" + no_host + "\n");
  dir_.Write("refresh.env", "SF_CLIENT_ID=" + synth_.ConsumerKey() + "\nSF_REFRESH_TOKEN=" + refresh_live +
                                "\nSF_LOGIN_URL=https://login.salesforce.com\n");
  dir_.Write("sfdx.txt", "SFDX_AUTH_URL=force://PlatformCLI::" + sfdx_dead + "@test.salesforce.com\n");
  dir_.Write("token.txt", "curl https://na1.salesforce.com/services/data/v60.0/ -H \"Authorization: Bearer " + access_live + "\"\n");
  dir_.Write("onespan.properties", "esl.api.url=https://apps.esignlive.com/api\nesl.api.key=" + api_key + "\n");
  dir_.Write("callback.json", "{\"url\": \"https://cb.my.salesforce.com/services/apexrest/onespan/callback\", \"key\": \"" +
                                  callback_key + "\", \"events\": [\"PACKAGE_COMPLETE\"]}\n");

  std::vector<std::string> args = {"scan", dir_.path(), "--format", "json", "--validate"};
  for (const std::string& a : TestOptions({"live.my.salesforce.com", "dead.my.salesforce.com", "unusable.my.salesforce.com",
                                           "waf.my.salesforce.com", "login.salesforce.com", "test.salesforce.com",
                                           "na1.salesforce.com", "apps.esignlive.com", "cb.my.salesforce.com"})) {
    args.push_back(a);
  }
  CommandResult r = Run(args);
  ASSERT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("--validate-allow-loopback"), std::string::npos);
  auto found = ByPath(r.out);
  auto status = [&](const std::string& name) {
    auto it = found.find(name);
    return it == found.end() ? std::string("missing") : it->second["validation"]["status"].get<std::string>();
  };
  auto detail = [&](const std::string& name) {
    return found[name]["validation"].value("detail", "");
  };
  EXPECT_EQ(status("live.env"), "live");
  EXPECT_EQ(detail("live.env"), "client credentials accepted; token issued for the run-as user");
  EXPECT_EQ(status("dead.env"), "dead");
  EXPECT_EQ(detail("dead.env"), "secret rejected: invalid_client");
  EXPECT_EQ(status("unusable.env"), "live_unusable");
  EXPECT_EQ(detail("unusable.env"), "flow has no run-as user: credentials accepted but unusable");
  EXPECT_EQ(status("waf.env"), "unknown");
  EXPECT_EQ(status("nohost.env"), "unverifiable");
  EXPECT_EQ(detail("nohost.env"), "no Salesforce My Domain host known");
  EXPECT_EQ(status("refresh.env"), "live");
  EXPECT_EQ(status("sfdx.txt"), "dead");
  EXPECT_EQ(status("token.txt"), "live");
  EXPECT_EQ(status("onespan.properties"), "live");
  EXPECT_EQ(status("callback.json"), "live_unusable");
  EXPECT_FALSE(found["live.env"]["validation"].value("checked_at", "").empty());
  // One request per credential, each on its own host; nothing for the finding without a host.
  EXPECT_EQ(server_.request_count(), 9u);
}

TEST_F(ValidateCliTest, TextListsLiveFirstAndOnlyLiveFilters) {
  const std::string live = Secret(synth_.ConsumerSecretHex(), kTokenIssued);
  const std::string dead = Secret(synth_.ConsumerSecretHex(), kInvalidClient);
  dir_.Write("a_dead.env", ClientPair(synth_.ConsumerKey(), dead, "dead.my.salesforce.com"));
  dir_.Write("z_live.env", ClientPair(synth_.ConsumerKey(), live, "live.my.salesforce.com"));
  std::vector<std::string> args = {"scan", dir_.path(), "--validate", "--color", "never"};
  for (const std::string& a : TestOptions({"live.my.salesforce.com", "dead.my.salesforce.com"})) args.push_back(a);
  CommandResult text = Run(args);
  ASSERT_EQ(text.exit_code, 1) << text.err;
  EXPECT_LT(text.out.find("z_live.env"), text.out.find("a_dead.env")) << text.out;
  EXPECT_NE(text.out.find("validation:  live (client credentials accepted"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("validation:  dead (secret rejected: invalid_client)"), std::string::npos);

  args.push_back("--only-live");
  args.push_back("--format");
  args.push_back("json");
  CommandResult only = Run(args);
  ASSERT_EQ(only.exit_code, 1);
  auto found = ByPath(only.out);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found.begin()->first, "z_live.env");
}

TEST_F(ValidateCliTest, LookAlikeAndTrickHostsReceiveNothing) {
  const std::string secret = Secret(synth_.ConsumerSecretHex(), kTokenIssued);
  const std::string key = synth_.ConsumerKey();
  const std::string callback_key = synth_.Base64(key + ":" + secret);
  secrets_.push_back(callback_key);
  const char* tricks[] = {
      "https://cb.my.salesforce.com.evil.example/services/apexrest/cb",
      "https://cb.my.salesforce.com@evil.example/services/apexrest/cb",
      "https://evil.example%2f@cb.my.salesforce.com/services/apexrest/cb",
      "https://cb.my.salesforce.com./services/apexrest/cb",
      "https://cb.my.salesforce.com:8443/services/apexrest/cb",
      "https://127.0.0.1/services/apexrest/cb",
      "https://cb.my.sa\xd0\xb5lesforce.com/services/apexrest/cb",
  };
  int i = 0;
  for (const char* url : tricks) {
    dir_.Write("cb" + std::to_string(i++) + ".json",
               std::string("{\"url\": \"") + url + "\", \"key\": \"" + callback_key + "\"}\n");
  }
  std::vector<std::string> args = {"scan", dir_.path(), "--format", "json", "--validate",
                                   "--validate-ca-file", GetTestPki().ca_file, "--validate-allow-loopback"};
  for (const char* host : {"cb.my.salesforce.com.evil.example", "evil.example", "cb.my.salesforce.com.", "127.0.0.1"}) {
    args.push_back("--validate-connect-to");
    args.push_back(std::string(host) + ":443:127.0.0.1:" + std::to_string(attacker_.port()));
  }
  CommandResult r = Run(args);
  ASSERT_EQ(r.exit_code, 1) << r.err;
  for (const auto& [path, f] : ByPath(r.out)) {
    EXPECT_NE(f["validation"]["status"], "live") << path;
    EXPECT_NE(f["validation"]["status"], "unknown") << path << ": " << f["validation"].dump();
  }
  EXPECT_EQ(attacker_.connections(), 0u);
  EXPECT_EQ(server_.request_count(), 0u);
}

TEST_F(ValidateCliTest, AnOrgHostResolvingToLoopbackIsRefusedWithoutTheTestAllowance) {
  const std::string secret = Secret(synth_.ConsumerSecretHex(), kTokenIssued);
  dir_.Write("a.env", ClientPair(synth_.ConsumerKey(), secret, "acme.my.salesforce.com"));
  CommandResult r = Run({"scan", dir_.path(), "--format", "json", "--validate", "--validate-ca-file", GetTestPki().ca_file,
                         "--validate-connect-to", server_.ConnectTo("acme.my.salesforce.com")});
  ASSERT_EQ(r.exit_code, 1) << r.err;
  auto f = ByPath(r.out).begin()->second;
  EXPECT_EQ(f["validation"]["status"], "unknown");
  EXPECT_NE(f["validation"]["detail"].get<std::string>().find("loopback"), std::string::npos);
  EXPECT_EQ(server_.request_count(), 0u);
}

TEST_F(ValidateCliTest, RedirectsAreNotFollowed) {
  const std::string secret = Secret(synth_.ConsumerSecretHex(),
                                     {307, "", "text/plain", "https://evil.my.salesforce.com/services/oauth2/token"});
  dir_.Write("a.env", ClientPair(synth_.ConsumerKey(), secret, "acme.my.salesforce.com"));
  std::vector<std::string> args = {"scan", dir_.path(), "--format", "json", "--validate"};
  for (const std::string& a : TestOptions({"acme.my.salesforce.com"})) args.push_back(a);
  args.push_back("--validate-connect-to");
  args.push_back("evil.my.salesforce.com:443:127.0.0.1:" + std::to_string(attacker_.port()));
  CommandResult r = Run(args);
  ASSERT_EQ(r.exit_code, 1);
  auto f = ByPath(r.out).begin()->second;
  EXPECT_EQ(f["validation"]["status"], "unknown");
  EXPECT_NE(f["validation"]["detail"].get<std::string>().find("redirect"), std::string::npos);
  EXPECT_EQ(server_.request_count(), 1u);
  EXPECT_EQ(attacker_.connections(), 0u);
}

TEST_F(ValidateCliTest, TimeoutFromTheCommandLine) {
  HttpsTestServer slow([](const httplib::Request&, httplib::Response& res) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    res.set_content("{}", "application/json");
  });
  const std::string secret = Secret(synth_.ConsumerSecretHex(), kTokenIssued);
  dir_.Write("a.env", ClientPair(synth_.ConsumerKey(), secret, "acme.my.salesforce.com"));
  CommandResult r = Run({"scan", dir_.path(), "--format", "json", "--validate", "--validate-timeout", "0.5",
                         "--validate-ca-file", GetTestPki().ca_file, "--validate-allow-loopback",
                         "--validate-connect-to", slow.ConnectTo("acme.my.salesforce.com")});
  ASSERT_EQ(r.exit_code, 1);
  auto f = ByPath(r.out).begin()->second;
  EXPECT_EQ(f["validation"]["status"], "unknown");
  EXPECT_NE(f["validation"]["detail"].get<std::string>().find("timeout"), std::string::npos);
}

TEST_F(ValidateCliTest, WithoutValidateThereIsNoNetworkActivity) {
  const std::string secret = Secret(synth_.ConsumerSecretHex(), kTokenIssued);
  dir_.Write("a.env", ClientPair(synth_.ConsumerKey(), secret, "acme.my.salesforce.com"));
  RawListener proxy;
  const std::string proxy_url = "http://127.0.0.1:" + std::to_string(proxy.port());
  ::setenv("https_proxy", proxy_url.c_str(), 1);
  ::setenv("HTTPS_PROXY", proxy_url.c_str(), 1);
  ::setenv("all_proxy", proxy_url.c_str(), 1);
  CommandResult quiet = Run({"scan", dir_.path(), "--format", "json"});
  EXPECT_EQ(quiet.exit_code, 1);
  EXPECT_EQ(ByPath(quiet.out).begin()->second["validation"]["status"], "not_validated");
  EXPECT_EQ(proxy.connections(), 0u);
  // Positive control: the same run with --validate goes through the proxy, for the allowed host.
  CommandResult validated = Run({"scan", dir_.path(), "--format", "json", "--validate"});
  EXPECT_EQ(validated.exit_code, 1);
  EXPECT_EQ(proxy.connections(), 1u);
  EXPECT_EQ(proxy.first_bytes().rfind("CONNECT acme.my.salesforce.com:443 ", 0), 0u) << proxy.first_bytes();
  EXPECT_EQ(ByPath(validated.out).begin()->second["validation"]["status"], "unknown");
}

// libcurl is loaded only for --validate (scanner/validate/libcurl.h): without it, validation is a
// clear error (exit 2) and a scan without --validate does not notice.
TEST_F(ValidateCliTest, MissingLibcurlFailsValidationOnlyAndSaysWhy) {
  const std::string secret = Secret(synth_.ConsumerSecretHex(), kTokenIssued);
  dir_.Write("a.env", ClientPair(synth_.ConsumerKey(), secret, "acme.my.salesforce.com"));
  ::setenv("NHISCAN_LIBCURL", "/nonexistent/libcurl.so.4", 1);
  CommandResult validated = Run({"scan", dir_.path(), "--format", "json", "--validate"});
  CommandResult plain = Run({"scan", dir_.path(), "--format", "json"});
  ::setenv("NHISCAN_LIBCURL", "libc.so.6", 1);  // loads, but is not libcurl
  CommandResult wrong = Run({"scan", dir_.path(), "--format", "json", "--validate"});
  ::unsetenv("NHISCAN_LIBCURL");
  EXPECT_EQ(validated.exit_code, 2) << validated.err;
  EXPECT_THAT(validated.err, HasSubstr("validation needs libcurl (Debian package libcurl4)"));
  EXPECT_THAT(validated.err, Not(HasSubstr("--validate-connect-to")));
  EXPECT_EQ(plain.exit_code, 1) << plain.err;
  EXPECT_EQ(wrong.exit_code, 2) << wrong.err;
  EXPECT_THAT(wrong.err, HasSubstr("libc.so.6 is not a libcurl new enough for validation"));
}

TEST_F(ValidateCliTest, ConcurrencyLimitAndOneRequestPerCredential) {
  std::atomic<int> in_flight{0}, max_in_flight{0};
  HttpsTestServer slow([&](const httplib::Request&, httplib::Response& res) {
    int now = ++in_flight;
    int seen = max_in_flight.load();
    while (now > seen && !max_in_flight.compare_exchange_weak(seen, now)) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    --in_flight;
    res.set_content(kTokenIssued.body, "application/json");
  });
  std::vector<std::string> args = {"scan", dir_.path(), "--format", "json", "--validate", "--validate-concurrency", "2",
                                   "--validate-ca-file", GetTestPki().ca_file, "--validate-allow-loopback"};
  for (int i = 0; i < 6; ++i) {
    const std::string host = "org" + std::to_string(i) + ".my.salesforce.com";
    dir_.Write("org" + std::to_string(i) + ".env", ClientPair(synth_.ConsumerKey(), Secret(synth_.ConsumerSecretHex(), kTokenIssued), host));
    args.push_back("--validate-connect-to");
    args.push_back(slow.ConnectTo(host));
  }
  // The same pair in three more files: checked once.
  const std::string shared = ClientPair(synth_.ConsumerKey(), Secret(synth_.ConsumerSecretHex(), kTokenIssued), "org0.my.salesforce.com");
  for (const char* name : {"copy1.env", "copy2.env", "copy3.env"}) dir_.Write(name, shared);
  CommandResult r = Run(args);
  ASSERT_EQ(r.exit_code, 1) << r.err;
  auto found = ByPath(r.out);
  ASSERT_EQ(found.size(), 9u);
  for (const auto& [path, f] : found) EXPECT_EQ(f["validation"]["status"], "live") << path;
  EXPECT_EQ(slow.request_count(), 7u);
  EXPECT_EQ(max_in_flight.load(), 2);
}

TEST_F(ValidateCliTest, HelpMarksTheTestOnlyOptions) {
  CommandResult r = Run({"scan", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("Test-only validation options"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("TEST ONLY: allow connections to loopback"), std::string::npos);
}

TEST_F(ValidateCliTest, TestOnlyOptionsNeedValidate) {
  CommandResult r = Run({"scan", dir_.path(), "--validate-allow-loopback"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("need --validate"), std::string::npos);
  r = Run({"scan", dir_.path(), "--only-live"});
  EXPECT_EQ(r.exit_code, 2);
}

TEST_F(ValidateCliTest, ValidateCommandWithRevealedRedactedAndMissingSecrets) {
  const std::string live = Secret(synth_.ConsumerSecretHex(), kTokenIssued);
  const std::string dead = Secret(synth_.ConsumerSecretHex(), kInvalidClient);
  dir_.Write("src/live.env", ClientPair(synth_.ConsumerKey(), live, "live.my.salesforce.com"));
  dir_.Write("src/dead.env", ClientPair(synth_.ConsumerKey(), dead, "dead.my.salesforce.com"));
  const std::vector<std::string> test_options = TestOptions({"live.my.salesforce.com", "dead.my.salesforce.com"});

  // A redacted report, validated while the files still hold the secrets (paths relative to the
  // scanned folder, given as --root).
  CommandResult scan = Run({"scan", "src", "--format", "json", "-o", "redacted.json"}, dir_.path());
  ASSERT_EQ(scan.exit_code, 1) << scan.err;
  std::vector<std::string> args = {"validate", "redacted.json", "--root", "src", "--format", "json"};
  args.insert(args.end(), test_options.begin(), test_options.end());
  CommandResult redacted = Run(args, dir_.path());
  ASSERT_EQ(redacted.exit_code, 1) << redacted.err;
  auto found = ByPath(redacted.out);
  EXPECT_EQ(found["live.env"]["validation"]["status"], "live");
  EXPECT_EQ(found["dead.env"]["validation"]["status"], "dead");
  EXPECT_EQ(server_.request_count(), 2u);

  // A report written with --show-secrets needs no file; a redacted one without its file says why.
  scan = Run({"scan", "src", "--format", "json", "--show-secrets", "-o", "revealed.json"}, dir_.path());
  ASSERT_EQ(scan.exit_code, 1);
  std::filesystem::remove_all(dir_.path() + "/src");
  args[1] = "revealed.json";
  CommandResult revealed = Run(args, dir_.path());
  ASSERT_EQ(revealed.exit_code, 1) << revealed.err;
  found = ByPath(revealed.out);
  EXPECT_EQ(found["live.env"]["validation"]["status"], "live");
  EXPECT_EQ(found["dead.env"]["validation"]["status"], "dead");
  EXPECT_EQ(server_.request_count(), 4u);

  args[1] = "redacted.json";
  CommandResult missing = Run(args, dir_.path());
  ASSERT_EQ(missing.exit_code, 1);
  found = ByPath(missing.out);
  EXPECT_EQ(found["live.env"]["validation"]["status"], "unverifiable");
  EXPECT_NE(found["live.env"]["validation"]["detail"].get<std::string>().find("--show-secrets"), std::string::npos);
  EXPECT_EQ(server_.request_count(), 4u);

  // An edited report that points a revealed secret at a look-alike host: nothing is sent.
  Json doc = Json::parse(ReadFile(dir_.path() + "/revealed.json"));
  for (Json& f : doc["findings"]) f["context"]["host"] = "live.my.salesforce.com.evil.example";
  std::ofstream(dir_.path() + "/edited.json") << doc.dump();
  args[1] = "edited.json";
  args.push_back("--validate-connect-to");
  args.push_back("live.my.salesforce.com.evil.example:443:127.0.0.1:" + std::to_string(attacker_.port()));
  CommandResult edited = Run(args, dir_.path());
  ASSERT_EQ(edited.exit_code, 1);
  for (const auto& [path, f] : ByPath(edited.out)) EXPECT_EQ(f["validation"]["status"], "unverifiable") << path;
  EXPECT_EQ(attacker_.connections(), 0u);
  EXPECT_EQ(server_.request_count(), 4u);
}

TEST_F(ValidateCliTest, ValidateCommandRejectsBadReports) {
  dir_.Write("bad.json", "{not json");
  CommandResult r = Run({"validate", dir_.path() + "/bad.json"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("not JSON"), std::string::npos);
  dir_.Write("other.json", R"({"findings": [{"rule_id": "no.such.rule", "path": "x", "fingerprint": "y"}]})");
  r = Run({"validate", dir_.path() + "/other.json"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown rule"), std::string::npos);
  r = Run({"validate", dir_.path() + "/absent.json"});
  EXPECT_EQ(r.exit_code, 2);
}

}  // namespace
}  // namespace nhiscan::validate
