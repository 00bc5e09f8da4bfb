#include "tests/support/https_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <httplib.h>
#include <stdexcept>

#include "tests/support/test_support.h"

namespace nhiscan::testing {

namespace {

void Run(const std::string& command) {
  if (std::system((command + " >/dev/null 2>&1").c_str()) != 0) {
    throw std::runtime_error("test PKI: command failed: " + command);
  }
}

}  // namespace

const TestPki& GetTestPki() {
  static TempDir* dir = new TempDir();
  static const TestPki pki = [] {
    const std::string d = dir->path();
    dir->Write("ext.cnf",
               "basicConstraints=CA:FALSE\n"
               "subjectAltName=DNS:*.my.salesforce.com,DNS:login.salesforce.com,"
               "DNS:test.salesforce.com,DNS:na1.salesforce.com,DNS:apps.esignlive.com,"
               "DNS:sandbox.esignlive.com,DNS:apps.esignlive.eu\n");
    const std::string ec = " -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes ";
    Run("openssl req -x509" + ec + "-keyout " + d + "/ca.key -out " + d +
        "/ca.pem -days 2 -subj /CN=nhiscan-test-ca");
    Run("openssl req" + ec + "-keyout " + d + "/server.key -out " + d +
        "/server.csr -subj /CN=nhiscan-test-server");
    Run("openssl x509 -req -in " + d + "/server.csr -CA " + d + "/ca.pem -CAkey " + d +
        "/ca.key -CAcreateserial -out " + d + "/server.pem -days 2 -extfile " + d + "/ext.cnf");
    return TestPki{d + "/ca.pem", d + "/server.pem", d + "/server.key"};
  }();
  return pki;
}

HttpsTestServer::HttpsTestServer(Handler handler) {
  const TestPki& pki = GetTestPki();
  server_ = std::make_unique<httplib::SSLServer>(pki.cert_file.c_str(), pki.key_file.c_str());
  auto record_and_handle = [this, handler](const httplib::Request& req, httplib::Response& res) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      requests_.push_back({req.method, req.path, req.get_header_value("Host"),
                           req.get_header_value("Authorization"), req.body});
    }
    handler(req, res);
  };
  server_->Get(".*", record_and_handle);
  server_->Post(".*", record_and_handle);
  port_ = server_->bind_to_any_port("127.0.0.1");
  if (!server_->is_valid() || port_ <= 0) throw std::runtime_error("test HTTPS server: cannot listen");
  thread_ = std::thread([this] {
    server_->listen_after_bind();
    listener_done_ = true;
  });
  // Bounded: a listener that ends at once (is_running goes true and false unseen) fails the test
  // at once, one that never starts after 30 s; neither spins it until ctest's timeout.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!server_->is_running() && !listener_done_) {
    if (std::chrono::steady_clock::now() > deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (server_->is_running()) return;
  // stop() does nothing until the listener runs: repeat it until the listener has returned.
  while (!listener_done_) {
    server_->stop();
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  thread_.join();
  throw std::runtime_error("test HTTPS server: the listener did not start or ended at once");
}

HttpsTestServer::~HttpsTestServer() {
  server_->stop();
  thread_.join();
}

std::vector<RecordedRequest> HttpsTestServer::requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

std::string HttpsTestServer::ConnectTo(const std::string& host) const {
  return host + ":443:127.0.0.1:" + std::to_string(port_);
}

RawListener::RawListener() {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), length) != 0 || ::listen(fd_, 16) != 0 ||
      ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    throw std::runtime_error("raw listener: cannot listen");
  }
  port_ = ntohs(address.sin_port);
  thread_ = std::thread([this] { Loop(); });
}

RawListener::~RawListener() {
  stop_ = true;
  thread_.join();
  ::close(fd_);
}

std::string RawListener::first_bytes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return first_bytes_;
}

void RawListener::Loop() {
  while (!stop_) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    int client = ::accept(fd_, nullptr, nullptr);
    if (client < 0) continue;
    const bool first = connections_++ == 0;
    pollfd c{client, POLLIN, 0};
    if (first && ::poll(&c, 1, 2000) > 0) {
      char buffer[4096];
      ssize_t n = ::read(client, buffer, sizeof(buffer));
      std::lock_guard<std::mutex> lock(mutex_);
      if (n > 0) first_bytes_.assign(buffer, static_cast<size_t>(n));
    }
    ::close(client);  // the client sees the connection close: no answer
  }
}

NoProxyEnvironment::NoProxyEnvironment() {
  for (const char* name : {"https_proxy", "HTTPS_PROXY", "http_proxy", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY"}) {
    if (const char* value = std::getenv(name)) saved_.emplace_back(name, value);
    ::unsetenv(name);
  }
}

NoProxyEnvironment::~NoProxyEnvironment() {
  for (const char* name : {"https_proxy", "HTTPS_PROXY", "http_proxy", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY"}) {
    ::unsetenv(name);
  }
  for (const auto& [name, value] : saved_) ::setenv(name.c_str(), value.c_str(), 1);
}

}  // namespace nhiscan::testing
