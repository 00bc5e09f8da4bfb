// The real HttpClient, over libcurl. Enforces the network rules of validation for every request,
// whatever the caller asks for:
// - https only, port 443, never a redirect (CURLOPT_FOLLOWLOCATION off, no redirect protocols);
// - the target host must be a clean DNS name (host_policy.h); validators check their allowlist
//   before calling, the client checks the syntax again;
// - without a proxy, the name is resolved once, every address checked (address_policy.h), and the
//   first allowed address pinned with CURLOPT_RESOLVE; an open-socket callback refuses any
//   connection to another address, so there is no second lookup to rebind;
// - with a proxy from the standard environment variables (https_proxy, HTTPS_PROXY, all_proxy,
//   ALL_PROXY, honouring no_proxy/NO_PROXY), the proxy is the user's choice and resolves the
//   target itself: the host allowlist still applies to the target, the address check does not;
// - connect and total timeouts; the response body is capped and the transfer aborted beyond it.
// Test-only settings (ca_file, connect_to, allow_loopback) exist so that tests can play the
// providers on a local server; nothing else can make the client reach a local address.
// Thread-safe: one curl easy handle per request.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "scanner/validate/http_client.h"

namespace nhiscan::validate {

struct CurlClientOptions {
  long connect_timeout_ms = 5000;
  long total_timeout_ms = 10000;
  size_t max_response_bytes = 64 * 1024;
  // Test only. A PEM file of CA certificates replacing the system store.
  std::string ca_file;
  // Test only. "HOST:PORT:CONNECT-HOST:CONNECT-PORT" as in curl --connect-to: a request for
  // HOST:PORT connects to CONNECT-HOST:CONNECT-PORT instead (TLS still checks HOST's certificate).
  // The connect address goes through the same address check as any other.
  std::vector<std::string> connect_to;
  // Test only. Lets the address check accept 127.0.0.0/8 and ::1.
  bool allow_loopback = false;
};

// Validates the options (connect_to syntax); initialises libcurl once per process.
Result<std::unique_ptr<HttpClient>> MakeCurlClient(const CurlClientOptions& options);

// The proxy libcurl would use for an https request to `host` according to the environment
// ("" when none or when no_proxy exempts the host). Exposed for tests.
std::string ProxyFromEnvironment(const std::string& host);

}  // namespace nhiscan::validate
