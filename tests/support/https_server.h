// Local HTTPS servers for validation tests: a test CA and a server certificate for the provider
// host names (generated once per test process with the openssl tool), a cpp-httplib server that
// plays Salesforce and OneSpan through a handler and records every request it receives, and a
// raw TCP listener that records connections (an "attacker" that must receive nothing, or an HTTP
// proxy that must receive a CONNECT).
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace httplib {
class SSLServer;
struct Request;
struct Response;
}  // namespace httplib

namespace nhiscan::testing {

// PEM files of the test CA and of a server certificate for *.my.salesforce.com,
// login/test.salesforce.com, na1.salesforce.com and OneSpan's API hosts, signed by it.
struct TestPki {
  std::string ca_file, cert_file, key_file;
};
const TestPki& GetTestPki();

struct RecordedRequest {
  std::string method, path, host, authorization, body;
};

class HttpsTestServer {
 public:
  using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;
  explicit HttpsTestServer(Handler handler);
  ~HttpsTestServer();
  int port() const { return port_; }
  std::vector<RecordedRequest> requests() const;
  size_t request_count() const { return requests().size(); }
  // "HOST:443:127.0.0.1:PORT" for --validate-connect-to.
  std::string ConnectTo(const std::string& host) const;

 private:
  std::unique_ptr<httplib::SSLServer> server_;
  std::thread thread_;
  std::atomic<bool> listener_done_{false};
  int port_ = 0;
  mutable std::mutex mutex_;
  std::vector<RecordedRequest> requests_;
};

class RawListener {
 public:
  RawListener();
  ~RawListener();
  int port() const { return port_; }
  size_t connections() const { return connections_.load(); }
  std::string first_bytes() const;  // what the first connection sent first (up to 4 KiB)

 private:
  void Loop();
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<size_t> connections_{0};
  mutable std::mutex mutex_;
  std::string first_bytes_;
  std::thread thread_;
};

// Clears the proxy variables for the lifetime of the object (restoring them after), so that a
// developer's proxy settings never route test traffic.
class NoProxyEnvironment {
 public:
  NoProxyEnvironment();
  ~NoProxyEnvironment();

 private:
  std::vector<std::pair<std::string, std::string>> saved_;
};

}  // namespace nhiscan::testing
