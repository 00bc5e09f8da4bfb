#include "scanner/checks/salesforce_hosts.h"

#include <array>
#include <cctype>

#include "scanner/base/text.h"

namespace nhiscan::checks {

namespace {

constexpr std::array<std::string_view, 4> kMyDomainSuffixes = {
    ".my.salesforce.com", ".my.salesforce.mil", ".my.sfcrmproducts.cn", ".my.crmforce.mil"};

constexpr std::array<std::string_view, 6> kSalesforceSuffixes = {
    ".salesforce.com", ".force.com", ".cloudforce.com", ".salesforceliveagent.com",
    ".crmforce.mil", ".sfcrmproducts.cn"};

bool IsInstanceLabel(std::string_view label) {
  // na123, eu45, cs87, ap12, um5, usa4s… letters then digits (and an optional trailing 's').
  size_t i = 0;
  while (i < label.size() && std::isalpha(static_cast<unsigned char>(label[i]))) ++i;
  size_t digits = i;
  while (digits < label.size() && std::isdigit(static_cast<unsigned char>(label[digits]))) ++digits;
  if (i == 0 || i > 4 || digits == i) return false;
  return digits == label.size() || (digits + 1 == label.size() && label[digits] == 's');
}

}  // namespace

SalesforceHost ClassifySalesforceHost(std::string_view raw) {
  std::string host = ToLower(raw);
  if (!host.empty() && host.back() == '.') host.pop_back();
  if (host.empty()) return SalesforceHost::kNotSalesforce;
  for (std::string_view suffix : kMyDomainSuffixes) {
    if (EndsWith(host, suffix) && host.size() > suffix.size()) return SalesforceHost::kMyDomain;
  }
  if (host == "login.salesforce.com" || host == "test.salesforce.com") {
    return SalesforceHost::kGenericLogin;
  }
  if (EndsWith(host, ".lightning.force.com")) return SalesforceHost::kLightning;
  // Sites: Experience Cloud (*.my.site.com), Salesforce Sites (*.my.salesforce-sites.com since
  // enhanced domains, *.force.com before).
  if (EndsWith(host, ".my.site.com") || EndsWith(host, ".my.salesforce-sites.com") ||
      EndsWith(host, ".force.com")) {
    return SalesforceHost::kExperienceCloud;
  }
  if (EndsWith(host, ".salesforce-setup.com")) return SalesforceHost::kSetup;
  if (EndsWith(host, ".salesforce.com")) {
    std::string_view first(host.data(), host.find('.'));
    if (host.size() == first.size() + std::string_view(".salesforce.com").size() &&
        IsInstanceLabel(first)) {
      return SalesforceHost::kInstance;
    }
  }
  for (std::string_view suffix : kSalesforceSuffixes) {
    if (EndsWith(host, suffix) || host == suffix.substr(1)) return SalesforceHost::kOtherSalesforce;
  }
  return SalesforceHost::kNotSalesforce;
}

std::string_view SalesforceHostName(SalesforceHost kind) {
  switch (kind) {
    case SalesforceHost::kMyDomain: return "a My Domain host";
    case SalesforceHost::kGenericLogin: return "a generic login host";
    case SalesforceHost::kLightning: return "a Lightning UI host";
    case SalesforceHost::kExperienceCloud: return "an Experience Cloud site host";
    case SalesforceHost::kSetup: return "a Setup host";
    case SalesforceHost::kInstance: return "a legacy instance host";
    case SalesforceHost::kOtherSalesforce: return "a Salesforce host that is not My Domain";
    default: return "not a Salesforce host";
  }
}

bool IsUrlChar(char c) {
  return !(static_cast<unsigned char>(c) <= ' ' || c == '"' || c == '\'' || c == '<' ||
           c == '>' || c == '`' || c == ')' || c == '(' || c == ',' || c == '\\' || c == '{' ||
           c == '}' || c == ']' || c == '[');
}

std::string UrlHost(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return "";
  std::string_view scheme_name = url.substr(0, scheme);
  if (ToLower(scheme_name) != "https" && ToLower(scheme_name) != "http") return "";
  std::string_view rest = url.substr(scheme + 3);
  size_t end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) authority.remove_prefix(at + 1);
  size_t colon = authority.find(':');
  if (colon != std::string_view::npos) authority = authority.substr(0, colon);
  return ToLower(authority);
}

std::string UrlPath(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return "";
  std::string_view rest = url.substr(scheme + 3);
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return "/";
  std::string_view path = rest.substr(slash);
  size_t end = path.find_first_of("?#");
  return std::string(path.substr(0, end));
}

}  // namespace nhiscan::checks
