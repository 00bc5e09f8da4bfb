// The HTTP client validators speak through: an interface so that validators and the runner are
// tested against a fake, and so that libcurl stays inside curl_client.cc.
// A request never carries a secret in its URL (secrets go in the body or the Authorization
// header), so a URL may appear in diagnostics; header values and bodies never do.
#pragma once

#include <string>
#include <vector>

#include "scanner/base/status.h"

namespace nhiscan::validate {

struct HttpRequest {
  std::string method = "GET";  // GET or POST
  std::string url;             // https://<host>/<path>; no secret in it
  std::vector<std::string> headers;  // "Name: value"
  std::string body;                  // form-encoded for POST
};

struct HttpResponse {
  long status = 0;
  std::string content_type;
  std::string body;           // at most the client's response cap
  long retry_after_seconds = -1;  // from a Retry-After header in seconds, -1 when absent
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // Sends the request; an error Status for anything that produced no HTTP answer (refused host or
  // address, DNS, TLS, timeout, oversized response). Errors never contain header values or bodies.
  // Must be safe to call from several threads at once.
  virtual Result<HttpResponse> Send(const HttpRequest& request) = 0;
};

}  // namespace nhiscan::validate
