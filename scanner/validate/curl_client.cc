#include "scanner/validate/curl_client.h"

#include <arpa/inet.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstdlib>
#include <mutex>

#include "scanner/validate/address_policy.h"
#include "scanner/validate/host_policy.h"
#include "scanner/validate/libcurl.h"

namespace nhiscan::validate {

namespace {

struct ConnectTo {
  std::string host, port, connect_host, connect_port;
};

// "HOST:PORT:CONNECT-HOST:CONNECT-PORT"; the connect host may be a bracketed IPv6 address.
std::optional<ConnectTo> ParseConnectTo(const std::string& text) {
  ConnectTo c;
  size_t a = text.find(':');
  if (a == std::string::npos) return std::nullopt;
  size_t b = text.find(':', a + 1);
  if (b == std::string::npos) return std::nullopt;
  size_t last = text.rfind(':');
  if (last <= b) return std::nullopt;
  c.host = text.substr(0, a);
  c.port = text.substr(a + 1, b - a - 1);
  c.connect_host = text.substr(b + 1, last - b - 1);
  c.connect_port = text.substr(last + 1);
  if (c.connect_host.size() > 2 && c.connect_host.front() == '[' && c.connect_host.back() == ']') {
    c.connect_host = c.connect_host.substr(1, c.connect_host.size() - 2);
  }
  auto numeric = [](const std::string& s) {
    return !s.empty() && s.size() <= 5 && std::all_of(s.begin(), s.end(), ::isdigit);
  };
  if (c.host.empty() || c.connect_host.empty() || !numeric(c.port) || !numeric(c.connect_port)) return std::nullopt;
  return c;
}

struct Transfer {
  std::string body;
  size_t cap = 0;
  bool over_cap = false;
  std::vector<std::string> pinned;  // empty: no address check (proxy)
  bool refused_socket = false;
};

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const size_t n = size * count;
  if (transfer->body.size() + n > transfer->cap) {
    transfer->over_cap = true;
    return 0;  // aborts the transfer
  }
  transfer->body.append(data, n);
  return n;
}

std::string AddressText(const curl_sockaddr* address) {
  char text[INET6_ADDRSTRLEN] = {};
  if (address->family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&address->addr)->sin_addr, text, sizeof(text));
  } else if (address->family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(&address->addr)->sin6_addr, text, sizeof(text));
  }
  return text;
}

// Second line of defence: the socket is opened only towards an address that was checked and
// pinned, whatever libcurl's resolver or a connect-to mapping would otherwise pick.
curl_socket_t OnOpenSocket(void* user, curlsocktype, curl_sockaddr* address) {
  auto* transfer = static_cast<Transfer*>(user);
  if (!transfer->pinned.empty()) {
    const std::string text = AddressText(address);
    if (std::find(transfer->pinned.begin(), transfer->pinned.end(), text) == transfer->pinned.end()) {
      transfer->refused_socket = true;
      return CURL_SOCKET_BAD;
    }
  }
  return socket(address->family, address->socktype, address->protocol);
}

struct EasyFree {
  const LibCurl* curl;
  void operator()(CURL* easy) const { curl->easy_cleanup(easy); }
};
struct ListFree {
  const LibCurl* curl;
  void operator()(curl_slist* list) const { curl->slist_free_all(list); }
};
using List = std::unique_ptr<curl_slist, ListFree>;

void Append(const LibCurl& curl, List* list, const std::string& item) {
  curl_slist* grown = curl.slist_append(list->get(), item.c_str());
  if (grown) {
    (void)list->release();
    list->reset(grown);
  }
}

// libcurl's own messages carry no request data; ours name the limit that was hit.
Status TransferError(const LibCurl& curl, CURLcode code, const Transfer& transfer,
                     const CurlClientOptions& options) {
  if (transfer.over_cap || code == CURLE_FILESIZE_EXCEEDED) {
    return Status::Io("response larger than " + std::to_string(options.max_response_bytes) + " bytes");
  }
  if (transfer.refused_socket) return Status::InvalidArgument("connection to an unchecked address refused");
  if (code == CURLE_OPERATION_TIMEDOUT) return Status::Io("no complete answer within the timeout");
  if (code == CURLE_PEER_FAILED_VERIFICATION || code == CURLE_SSL_CACERT_BADFILE) {
    return Status::Io("TLS certificate not trusted for the host");
  }
  return Status::Io(std::string("no answer: ") + curl.easy_strerror(code));
}

class CurlClient : public HttpClient {
 public:
  CurlClient(const LibCurl& curl, CurlClientOptions options, std::vector<ConnectTo> connect_to)
      : curl_(curl), options_(std::move(options)), connect_to_(std::move(connect_to)) {}

  Result<HttpResponse> Send(const HttpRequest& request) override {
    if (request.url.rfind("https://", 0) != 0) return Status::InvalidArgument("not an https URL");
    auto host = CleanHostOf(request.url);
    if (!host.ok()) return host.status();
    std::unique_ptr<CURL, EasyFree> easy(curl_.easy_init(), EasyFree{&curl_});
    if (!easy) return Status::Internal("cannot start a transfer");
    Transfer transfer;
    transfer.cap = options_.max_response_bytes;
    List resolve(nullptr, {&curl_}), connect_to(nullptr, {&curl_}), headers(nullptr, {&curl_});
    const std::string proxy = ProxyFromEnvironment(*host);
    if (proxy.empty()) {
      std::string connect_host = *host, connect_port = "443";
      for (const ConnectTo& c : connect_to_) {
        if (c.host == *host && c.port == "443") {
          connect_host = c.connect_host;
          connect_port = c.connect_port;
          Append(curl_, &connect_to, c.host + ":443:" + Bracketed(c.connect_host) + ":" + c.connect_port);
          break;
        }
      }
      auto addresses = ResolveAllowedAddresses(connect_host, options_.allow_loopback);
      if (!addresses.ok()) return addresses.status();
      transfer.pinned = *addresses;
      Append(curl_, &resolve, connect_host + ":" + connect_port + ":" + Bracketed(addresses->front()));
      curl_.easy_setopt(easy.get(), CURLOPT_RESOLVE, resolve.get());
      if (connect_to) curl_.easy_setopt(easy.get(), CURLOPT_CONNECT_TO, connect_to.get());
      curl_.easy_setopt(easy.get(), CURLOPT_PROXY, "");
    } else {
      curl_.easy_setopt(easy.get(), CURLOPT_PROXY, proxy.c_str());
    }
    for (const std::string& h : request.headers) Append(curl_, &headers, h);
    Append(curl_, &headers, "Expect:");
    CURL* e = easy.get();
    curl_.easy_setopt(e, CURLOPT_URL, request.url.c_str());
    curl_.easy_setopt(e, CURLOPT_PROTOCOLS_STR, "https");
    curl_.easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    curl_.easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_.easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, options_.connect_timeout_ms);
    curl_.easy_setopt(e, CURLOPT_TIMEOUT_MS, options_.total_timeout_ms);
    curl_.easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options_.max_response_bytes));
    curl_.easy_setopt(e, CURLOPT_WRITEFUNCTION, OnBody);
    curl_.easy_setopt(e, CURLOPT_WRITEDATA, &transfer);
    curl_.easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, OnOpenSocket);
    curl_.easy_setopt(e, CURLOPT_OPENSOCKETDATA, &transfer);
    curl_.easy_setopt(e, CURLOPT_HTTPHEADER, headers.get());
    curl_.easy_setopt(e, CURLOPT_USERAGENT, "nhiscan-validate");
    if (!options_.ca_file.empty()) curl_.easy_setopt(e, CURLOPT_CAINFO, options_.ca_file.c_str());
    if (request.method == "POST") {
      curl_.easy_setopt(e, CURLOPT_POSTFIELDS, request.body.c_str());
      curl_.easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    }
    CURLcode code = curl_.easy_perform(e);
    if (code != CURLE_OK) return TransferError(curl_, code, transfer, options_);
    HttpResponse response;
    curl_.easy_getinfo(e, CURLINFO_RESPONSE_CODE, &response.status);
    char* type = nullptr;
    if (curl_.easy_getinfo(e, CURLINFO_CONTENT_TYPE, &type) == CURLE_OK && type) response.content_type = type;
    curl_off_t retry_after = 0;
    if (curl_.easy_getinfo(e, CURLINFO_RETRY_AFTER, &retry_after) == CURLE_OK && retry_after > 0) {
      response.retry_after_seconds = static_cast<long>(retry_after);
    }
    response.body = std::move(transfer.body);
    return response;
  }

 private:
  static std::string Bracketed(const std::string& address) {
    return address.find(':') != std::string::npos ? "[" + address + "]" : address;
  }

  const LibCurl& curl_;
  CurlClientOptions options_;
  std::vector<ConnectTo> connect_to_;
};

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

bool ExemptedByNoProxy(const std::string& host) {
  std::string list = Env("no_proxy");
  if (list.empty()) list = Env("NO_PROXY");
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string::npos) comma = list.size();
    std::string entry = list.substr(start, comma - start);
    entry.erase(0, entry.find_first_not_of(" \t"));
    entry.erase(entry.find_last_not_of(" \t") + 1);
    if (!entry.empty() && entry.front() == '.') entry.erase(0, 1);
    if (entry == "*") return true;
    if (!entry.empty() && HostUnderSuffix(host, entry)) return true;
    start = comma + 1;
  }
  return false;
}

}  // namespace

std::string ProxyFromEnvironment(const std::string& host) {
  if (ExemptedByNoProxy(host)) return "";
  for (const char* name : {"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"}) {
    std::string value = Env(name);
    if (!value.empty()) return value;
  }
  return "";
}

Result<std::unique_ptr<HttpClient>> MakeCurlClient(const CurlClientOptions& options) {
  auto curl = LoadLibCurl();
  if (!curl.ok()) return curl.status();
  std::vector<ConnectTo> connect_to;
  for (const std::string& text : options.connect_to) {
    auto parsed = ParseConnectTo(text);
    if (!parsed) return Status::InvalidArgument("connect-to '" + text + "' is not HOST:PORT:CONNECT-HOST:CONNECT-PORT");
    connect_to.push_back(*parsed);
  }
  return std::unique_ptr<HttpClient>(std::make_unique<CurlClient>(*curl.value(), options, std::move(connect_to)));
}

}  // namespace nhiscan::validate
