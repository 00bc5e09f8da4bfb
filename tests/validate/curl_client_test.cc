// The libcurl client against local HTTPS servers (test CA generated at test time): what it sends,
// and every network rule it enforces. An "attacker" listener records that it received nothing.
#include "scanner/validate/curl_client.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "tests/support/https_server.h"

namespace nhiscan::validate {
namespace {

using ::nhiscan::testing::GetTestPki;
using ::nhiscan::testing::HttpsTestServer;
using ::nhiscan::testing::NoProxyEnvironment;
using ::nhiscan::testing::RawListener;

class CurlClientTest : public ::testing::Test {
 protected:
  std::unique_ptr<HttpClient> Client(std::vector<std::string> connect_to, bool allow_loopback = true,
                                     long timeout_ms = 5000, size_t cap = 64 * 1024) {
    CurlClientOptions options;
    options.ca_file = GetTestPki().ca_file;
    options.connect_to = std::move(connect_to);
    options.allow_loopback = allow_loopback;
    options.total_timeout_ms = timeout_ms;
    options.connect_timeout_ms = std::min(timeout_ms, 2000L);
    options.max_response_bytes = cap;
    auto client = MakeCurlClient(options);
    EXPECT_TRUE(client.ok()) << client.status().message();
    return std::move(client).value();
  }

  static HttpRequest Post(const std::string& host) {
    HttpRequest r;
    r.method = "POST";
    r.url = "https://" + host + "/services/oauth2/token";
    r.headers = {"Content-Type: application/x-www-form-urlencoded"};
    r.body = "grant_type=client_credentials&client_id=abc&client_secret=def";
    return r;
  }

  NoProxyEnvironment no_proxy_;
  RawListener attacker_;
  std::string AttackerAt(const std::string& host) const {
    return host + ":443:127.0.0.1:" + std::to_string(attacker_.port());
  }
};

TEST_F(CurlClientTest, SendsTheRequestAndReadsTheAnswer) {
  HttpsTestServer server([](const httplib::Request&, httplib::Response& res) {
    res.set_header("Retry-After", "7");
    res.set_content(R"({"access_token":"x"})", "application/json");
  });
  auto client = Client({server.ConnectTo("acme.my.salesforce.com")});
  auto answer = client->Send(Post("acme.my.salesforce.com"));
  ASSERT_TRUE(answer.ok()) << answer.status().message();
  EXPECT_EQ(answer->status, 200);
  EXPECT_EQ(answer->body, R"({"access_token":"x"})");
  EXPECT_EQ(answer->retry_after_seconds, 7);
  ASSERT_EQ(server.request_count(), 1u);
  EXPECT_EQ(server.requests()[0].host, "acme.my.salesforce.com");
  EXPECT_EQ(server.requests()[0].body, "grant_type=client_credentials&client_id=abc&client_secret=def");
}

TEST_F(CurlClientTest, NeverFollowsRedirects) {
  HttpsTestServer server([](const httplib::Request&, httplib::Response& res) {
    res.set_redirect("https://evil.my.salesforce.com/services/oauth2/token", 307);
  });
  auto client = Client({server.ConnectTo("acme.my.salesforce.com"), AttackerAt("evil.my.salesforce.com")});
  auto answer = client->Send(Post("acme.my.salesforce.com"));
  ASSERT_TRUE(answer.ok());
  EXPECT_EQ(answer->status, 307);
  EXPECT_EQ(server.request_count(), 1u);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(attacker_.connections(), 0u);
}

TEST_F(CurlClientTest, RefusesLoopbackWithoutTheTestAllowance) {
  HttpsTestServer server([](const httplib::Request&, httplib::Response& res) { res.set_content("{}", "application/json"); });
  auto client = Client({server.ConnectTo("acme.my.salesforce.com")}, /*allow_loopback=*/false);
  auto answer = client->Send(Post("acme.my.salesforce.com"));
  ASSERT_FALSE(answer.ok());
  EXPECT_NE(answer.status().message().find("loopback"), std::string::npos);
  EXPECT_EQ(server.request_count(), 0u);
}

TEST_F(CurlClientTest, RefusesInternalConnectAddressesBeforeConnecting) {
  auto client = Client({"a.my.salesforce.com:443:169.254.169.254:443", "b.my.salesforce.com:443:[::ffff:127.0.0.1]:" +
                            std::to_string(attacker_.port()),
                        "c.my.salesforce.com:443:10.0.0.1:443", "d.my.salesforce.com:443:localhost:" +
                            std::to_string(attacker_.port())},
                       /*allow_loopback=*/false);
  for (const char* host : {"a.my.salesforce.com", "b.my.salesforce.com", "c.my.salesforce.com", "d.my.salesforce.com"}) {
    auto answer = client->Send(Post(host));
    ASSERT_FALSE(answer.ok()) << host;
    EXPECT_NE(answer.status().message().find("resolves to a"), std::string::npos) << answer.status().message();
  }
  EXPECT_EQ(attacker_.connections(), 0u);
}

TEST_F(CurlClientTest, RefusesNonHttpsAndOtherPortsAndDirtyHosts) {
  auto client = Client({AttackerAt("acme.my.salesforce.com")});
  for (const char* url : {"http://acme.my.salesforce.com/x", "https://acme.my.salesforce.com:8443/x",
                          "https://127.0.0.1/x", "https://user@acme.my.salesforce.com/x",
                          "https://acme.my.salesforce.com./x"}) {
    HttpRequest r;
    r.url = url;
    EXPECT_FALSE(client->Send(r).ok()) << url;
  }
  EXPECT_EQ(attacker_.connections(), 0u);
}

TEST_F(CurlClientTest, UntrustedCertificateFails) {
  HttpsTestServer server([](const httplib::Request&, httplib::Response& res) { res.set_content("{}", "application/json"); });
  CurlClientOptions options;  // system CAs only: the test CA is unknown
  options.connect_to = {server.ConnectTo("acme.my.salesforce.com")};
  options.allow_loopback = true;
  auto client = MakeCurlClient(options);
  ASSERT_TRUE(client.ok());
  auto answer = (*client)->Send(Post("acme.my.salesforce.com"));
  ASSERT_FALSE(answer.ok());
  EXPECT_NE(answer.status().message().find("TLS certificate"), std::string::npos) << answer.status().message();
  EXPECT_EQ(server.request_count(), 0u);
}

TEST_F(CurlClientTest, SlowAnswersTimeOut) {
  HttpsTestServer server([](const httplib::Request&, httplib::Response& res) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    res.set_content("{}", "application/json");
  });
  auto client = Client({server.ConnectTo("acme.my.salesforce.com")}, true, /*timeout_ms=*/400);
  auto start = std::chrono::steady_clock::now();
  auto answer = client->Send(Post("acme.my.salesforce.com"));
  ASSERT_FALSE(answer.ok());
  EXPECT_NE(answer.status().message().find("timeout"), std::string::npos);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(1400));
}

TEST_F(CurlClientTest, SlowTrickleIsCutByTheTotalTimeout) {
  HttpsTestServer server([](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("application/json", [](size_t, httplib::DataSink& sink) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      return sink.write(" ", 1);
    });
  });
  auto client = Client({server.ConnectTo("acme.my.salesforce.com")}, true, /*timeout_ms=*/600);
  auto start = std::chrono::steady_clock::now();
  auto answer = client->Send(Post("acme.my.salesforce.com"));
  ASSERT_FALSE(answer.ok());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(2000));
}

TEST_F(CurlClientTest, HugeAnswersAreCapped) {
  HttpsTestServer server([](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(5 << 20, 'a'), "application/json");
  });
  auto client = Client({server.ConnectTo("acme.my.salesforce.com")}, true, 5000, /*cap=*/16 * 1024);
  auto answer = client->Send(Post("acme.my.salesforce.com"));
  ASSERT_FALSE(answer.ok());
  EXPECT_NE(answer.status().message().find("larger than 16384 bytes"), std::string::npos) << answer.status().message();

  HttpsTestServer chunked([](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("application/json", [](size_t, httplib::DataSink& sink) {
      std::string block(64 * 1024, 'b');
      return sink.write(block.data(), block.size());
    });
  });
  auto chunked_client = Client({chunked.ConnectTo("acme.my.salesforce.com")}, true, 5000, 16 * 1024);
  auto chunked_answer = chunked_client->Send(Post("acme.my.salesforce.com"));
  ASSERT_FALSE(chunked_answer.ok());
  EXPECT_NE(chunked_answer.status().message().find("larger than"), std::string::npos);
}

TEST_F(CurlClientTest, UsesTheProxyFromTheEnvironmentForTheAllowedTarget) {
  RawListener proxy;
  ::setenv("https_proxy", ("http://127.0.0.1:" + std::to_string(proxy.port())).c_str(), 1);
  auto client = Client({});
  auto answer = client->Send(Post("acme.my.salesforce.com"));
  EXPECT_FALSE(answer.ok());  // the recording proxy closes the connection
  EXPECT_EQ(proxy.connections(), 1u);
  EXPECT_EQ(proxy.first_bytes().rfind("CONNECT acme.my.salesforce.com:443 HTTP/1.1", 0), 0u) << proxy.first_bytes();
  EXPECT_EQ(proxy.first_bytes().find("client_secret"), std::string::npos);

  ::setenv("no_proxy", ".my.salesforce.com", 1);
  EXPECT_EQ(ProxyFromEnvironment("acme.my.salesforce.com"), "");
  EXPECT_NE(ProxyFromEnvironment("apps.esignlive.com"), "");
}

TEST_F(CurlClientTest, RejectsMalformedConnectTo) {
  CurlClientOptions options;
  options.connect_to = {"acme.my.salesforce.com:443"};
  EXPECT_FALSE(MakeCurlClient(options).ok());
}

}  // namespace
}  // namespace nhiscan::validate
