#include "scanner/validate/address_policy.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <memory>

namespace nhiscan::validate {

namespace {

struct V4Range {
  uint32_t network;
  int prefix;
  const char* reason;
};

constexpr uint32_t Ip(int a, int b, int c, int d) {
  return (static_cast<uint32_t>(a) << 24) | (static_cast<uint32_t>(b) << 16) |
         (static_cast<uint32_t>(c) << 8) | static_cast<uint32_t>(d);
}

constexpr std::array<V4Range, 15> kForbiddenV4 = {{
    {Ip(0, 0, 0, 0), 8, "unspecified or 'this network' address"},
    {Ip(10, 0, 0, 0), 8, "private address"},
    {Ip(100, 64, 0, 0), 10, "carrier-grade NAT address"},
    {Ip(127, 0, 0, 0), 8, "loopback address"},
    {Ip(169, 254, 0, 0), 16, "link-local or cloud metadata address"},
    {Ip(172, 16, 0, 0), 12, "private address"},
    {Ip(192, 0, 0, 0), 24, "IETF protocol assignment address"},
    {Ip(192, 0, 2, 0), 24, "documentation address"},
    {Ip(192, 88, 99, 0), 24, "6to4 relay address"},
    {Ip(192, 168, 0, 0), 16, "private address"},
    {Ip(198, 18, 0, 0), 15, "benchmarking address"},
    {Ip(198, 51, 100, 0), 24, "documentation address"},
    {Ip(203, 0, 113, 0), 24, "documentation address"},
    {Ip(224, 0, 0, 0), 4, "multicast address"},
    {Ip(240, 0, 0, 0), 4, "reserved or broadcast address"},
}};

bool InV4(uint32_t address, const V4Range& range) {
  const uint32_t mask = range.prefix == 0 ? 0 : ~uint32_t{0} << (32 - range.prefix);
  return (address & mask) == (range.network & mask);
}

std::string V4Reason(uint32_t address, bool allow_loopback) {
  for (const V4Range& range : kForbiddenV4) {
    if (!InV4(address, range)) continue;
    if (allow_loopback && range.prefix == 8 && range.network == Ip(127, 0, 0, 0)) return "";
    return range.reason;
  }
  return "";
}

bool StartsWith(const uint8_t* a, std::initializer_list<uint8_t> prefix) {
  size_t i = 0;
  for (uint8_t b : prefix) {
    if (a[i++] != b) return false;
  }
  return true;
}

std::string V6Reason(const uint8_t a[16], bool allow_loopback) {
  static const uint8_t kZero[16] = {};
  if (std::memcmp(a, kZero, 16) == 0) return "unspecified address";
  if (std::memcmp(a, kZero, 15) == 0 && a[15] == 1) return allow_loopback ? "" : "loopback address";
  if (std::memcmp(a, kZero, 10) == 0 && a[10] == 0xff && a[11] == 0xff) return "IPv4-mapped IPv6 address";
  if (std::memcmp(a, kZero, 12) == 0) return "IPv4-compatible IPv6 address";
  if (StartsWith(a, {0x00, 0x64, 0xff, 0x9b})) return "NAT64 address";
  if (a[0] == 0x20 && a[1] == 0x02) return "6to4 address";
  if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0d && a[3] == 0xb8) return "documentation address";
  if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x00 && a[3] == 0x00) return "Teredo address";
  if ((a[0] & 0xfe) == 0xfc) return "private (unique local) address";
  if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) return "link-local address";
  if (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0) return "site-local address";
  if (a[0] == 0xff) return "multicast address";
  // Only global unicast (2000::/3) is left as connectable.
  if ((a[0] & 0xe0) != 0x20) return "reserved address";
  return "";
}

}  // namespace

std::string ForbiddenAddressReason(std::string_view address, bool allow_loopback) {
  const std::string text(address);
  in_addr v4{};
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) return V4Reason(ntohl(v4.s_addr), allow_loopback);
  in6_addr v6{};
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) return V6Reason(v6.s6_addr, allow_loopback);
  return "not an IP address";
}

Result<std::vector<std::string>> ResolveAllowedAddresses(const std::string& host, bool allow_loopback) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (int rc = getaddrinfo(host.c_str(), nullptr, &hints, &found); rc != 0) {
    return Status::Io(std::string("cannot resolve the host: ") + gai_strerror(rc));
  }
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> owned(found, freeaddrinfo);
  std::vector<std::string> addresses;
  for (const addrinfo* ai = found; ai != nullptr; ai = ai->ai_next) {
    char text[INET6_ADDRSTRLEN] = {};
    const void* raw = ai->ai_family == AF_INET
                          ? static_cast<const void*>(&reinterpret_cast<const sockaddr_in*>(ai->ai_addr)->sin_addr)
                          : static_cast<const void*>(&reinterpret_cast<const sockaddr_in6*>(ai->ai_addr)->sin6_addr);
    if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6) continue;
    if (inet_ntop(ai->ai_family, raw, text, sizeof(text)) == nullptr) continue;
    std::string reason = ForbiddenAddressReason(text, allow_loopback);
    if (!reason.empty()) return Status::InvalidArgument("the host resolves to a " + reason);
    if (std::find(addresses.begin(), addresses.end(), text) == addresses.end()) addresses.push_back(text);
  }
  if (addresses.empty()) return Status::Io("the host has no IP address");
  return addresses;
}

}  // namespace nhiscan::validate
