#include "scanner/validate/host_policy.h"

#include <algorithm>
#include <array>
#include <memory>

#include "scanner/validate/libcurl.h"

namespace nhiscan::validate {

namespace {

constexpr std::array<std::string_view, 3> kMyDomainSuffixes = {
    "my.salesforce.com", "my.salesforce.mil", "my.sfcrmproducts.cn"};
constexpr std::array<std::string_view, 2> kLoginHosts = {"login.salesforce.com",
                                                        "test.salesforce.com"};
// shared/DOMAIN.md: OneSpan Sign's published API hosts. Exact names, no subdomains.
constexpr std::array<std::string_view, 11> kOneSpanHosts = {
    "apps.esignlive.com",         "sandbox.esignlive.com",  "apps.e-signlive.com",
    "sandbox.e-signlive.com",     "apps.e-signlive.ca",     "sandbox.e-signlive.ca",
    "apps.esignlive.eu",          "apps.esignlive.com.au",  "preview.esignlive.com",
    "signer-gov.esignlive.com",   "signer-sandbox-gov.esignlive.com"};

struct UrlFree {
  const LibCurl* curl;
  void operator()(CURLU* url) const { curl->url_cleanup(url); }
};

// Reads one part of a parsed URL; empty when absent.
std::string UrlPart(const LibCurl& curl, CURLU* url, CURLUPart part) {
  char* raw = nullptr;
  if (curl.url_get(url, part, &raw, 0) != CURLUE_OK || raw == nullptr) return "";
  std::string text(raw);
  curl.free(raw);
  return text;
}

bool IsLabelChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

// Lower-case ASCII letters, digits and inner hyphens, 1..63 per label, no Punycode ("xn--"),
// a top-level label with a letter in it (so no numeric IPv4 form survives).
Status CheckDnsName(std::string_view host) {
  if (host.empty() || host.size() > 253) return Status::InvalidArgument("host name is empty or too long");
  if (host.back() == '.') return Status::InvalidArgument("host name ends with a dot");
  size_t start = 0;
  std::string_view last;
  while (start <= host.size()) {
    size_t dot = host.find('.', start);
    if (dot == std::string_view::npos) dot = host.size();
    std::string_view label = host.substr(start, dot - start);
    if (label.empty() || label.size() > 63) return Status::InvalidArgument("host name has an empty or over-long label");
    if (!std::all_of(label.begin(), label.end(), IsLabelChar)) {
      return Status::InvalidArgument("host name has characters other than letters, digits and hyphens");
    }
    if (label.front() == '-' || label.back() == '-') return Status::InvalidArgument("host label starts or ends with a hyphen");
    if (label.substr(0, 4) == "xn--") return Status::InvalidArgument("host name is internationalised (Punycode)");
    last = label;
    start = dot + 1;
  }
  if (std::none_of(last.begin(), last.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
    return Status::InvalidArgument("host is an IP address, not a name");
  }
  return Status::Ok();
}

// Bytes no URL we act on may contain anywhere: controls, spaces, non-ASCII (look-alike letters),
// backslashes (parsers disagree on them) and percent-encoding in the authority.
Status CheckRawText(std::string_view text) {
  for (unsigned char c : text) {
    if (c <= 0x20 || c >= 0x7f) return Status::InvalidArgument("URL has spaces, control or non-ASCII characters");
    if (c == '\\') return Status::InvalidArgument("URL has a backslash");
  }
  size_t authority = text.find("://");
  authority = authority == std::string_view::npos ? 0 : authority + 3;
  size_t end = text.find_first_of("/?#", authority);
  std::string_view host_part = text.substr(authority, end == std::string_view::npos ? text.npos : end - authority);
  if (host_part.find('%') != std::string_view::npos) return Status::InvalidArgument("host is percent-encoded");
  if (host_part.find('@') != std::string_view::npos) return Status::InvalidArgument("URL carries user information");
  if (host_part.find('[') != std::string_view::npos) return Status::InvalidArgument("host is an IP address, not a name");
  return Status::Ok();
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool IsLegacyInstanceHost(std::string_view host) {
  // [a-z]{2,4}[0-9]{1,3}.salesforce.com, exactly three labels.
  constexpr std::string_view kSuffix = ".salesforce.com";
  if (host.size() <= kSuffix.size() || host.substr(host.size() - kSuffix.size()) != kSuffix) return false;
  std::string_view first = host.substr(0, host.size() - kSuffix.size());
  size_t letters = 0;
  while (letters < first.size() && first[letters] >= 'a' && first[letters] <= 'z') ++letters;
  size_t digits = first.size() - letters;
  return letters >= 2 && letters <= 4 && digits >= 1 && digits <= 3 &&
         std::all_of(first.begin() + static_cast<long>(letters), first.end(),
                     [](char c) { return c >= '0' && c <= '9'; });
}

bool IsMyDomainHost(std::string_view host) {
  return std::any_of(kMyDomainSuffixes.begin(), kMyDomainSuffixes.end(), [&](std::string_view s) {
    return host != s && HostUnderSuffix(host, s);
  });
}

bool IsOneOf(std::string_view host, const auto& list) {
  return std::find(list.begin(), list.end(), host) != list.end();
}

const char* AllowlistName(HostClass host_class) {
  switch (host_class) {
    case HostClass::kSalesforceMyDomain: return "not a Salesforce My Domain host";
    case HostClass::kSalesforceLogin: return "not a Salesforce My Domain or login host";
    case HostClass::kSalesforceInstance: return "not a Salesforce org host";
    case HostClass::kOneSpanApi: return "not a published OneSpan Sign API host";
  }
  return "not allowed";
}

}  // namespace

bool HostUnderSuffix(std::string_view host, std::string_view suffix) {
  if (host == suffix) return true;
  return host.size() > suffix.size() && host.substr(host.size() - suffix.size()) == suffix &&
         host[host.size() - suffix.size() - 1] == '.';
}

Result<std::string> CleanHostOf(std::string_view url_or_host) {
  NHISCAN_RETURN_IF_ERROR(CheckRawText(url_or_host));
  const bool is_url = url_or_host.find("://") != std::string_view::npos;
  const std::string url = is_url ? std::string(url_or_host) : "https://" + std::string(url_or_host) + "/";
  auto loaded = LoadLibCurl();
  if (!loaded.ok()) return loaded.status();
  const LibCurl& curl = *loaded.value();
  std::unique_ptr<CURLU, UrlFree> parsed(curl.url(), UrlFree{&curl});
  if (!parsed) return Status::Internal("out of memory");
  if (curl.url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
    return Status::InvalidArgument("not a valid URL");
  }
  if (Lower(UrlPart(curl, parsed.get(), CURLUPART_SCHEME)) != "https") return Status::InvalidArgument("not an https URL");
  if (!UrlPart(curl, parsed.get(), CURLUPART_USER).empty() || !UrlPart(curl, parsed.get(), CURLUPART_PASSWORD).empty() ||
      !UrlPart(curl, parsed.get(), CURLUPART_OPTIONS).empty()) {
    return Status::InvalidArgument("URL carries user information");
  }
  const std::string port = UrlPart(curl, parsed.get(), CURLUPART_PORT);
  if (!port.empty() && port != "443") return Status::InvalidArgument("URL names a port other than 443");
  std::string host = Lower(UrlPart(curl, parsed.get(), CURLUPART_HOST));
  NHISCAN_RETURN_IF_ERROR(CheckDnsName(host));
  return host;
}

bool HostAllowed(std::string_view host, HostClass host_class) {
  switch (host_class) {
    case HostClass::kSalesforceMyDomain: return IsMyDomainHost(host);
    case HostClass::kSalesforceLogin: return IsMyDomainHost(host) || IsOneOf(host, kLoginHosts);
    case HostClass::kSalesforceInstance:
      return IsMyDomainHost(host) || IsOneOf(host, kLoginHosts) || IsLegacyInstanceHost(host);
    case HostClass::kOneSpanApi: return IsOneOf(host, kOneSpanHosts);
  }
  return false;
}

Result<std::string> AllowedHost(std::string_view url_or_host, HostClass host_class) {
  auto host = CleanHostOf(url_or_host);
  if (!host.ok()) return host.status();
  if (!HostAllowed(*host, host_class)) return Status::InvalidArgument(AllowlistName(host_class));
  return host;
}

}  // namespace nhiscan::validate
