// What kind of Salesforce host a host name is. My Domain hosts are the only ones where an org's
// client-credentials flow works and the only sane target for a callback; the others are generic
// login hosts, UI hosts or legacy instance hosts. Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace nhiscan::checks {

enum class SalesforceHost {
  kNotSalesforce,
  kMyDomain,           // acme.my.salesforce.com, sandbox, developer, scratch, .mil, .cn variants
  kGenericLogin,       // login.salesforce.com, test.salesforce.com
  kLightning,          // *.lightning.force.com
  kExperienceCloud,    // *.my.site.com, *.force.com sites
  kSetup,              // *.salesforce-setup.com
  kInstance,           // na123.salesforce.com and other legacy instance hosts
  kOtherSalesforce,    // another host under a Salesforce-owned suffix
};

// `host` is a bare host name (no scheme, port or path); case-insensitive; a trailing dot is
// ignored.
SalesforceHost ClassifySalesforceHost(std::string_view host);
std::string_view SalesforceHostName(SalesforceHost kind);  // "My Domain", "generic login"…

// Whether `c` can be part of a URL written in text: URLs end at white space, quotes, brackets,
// commas and backslashes (JSON, XML, shell and code around them).
bool IsUrlChar(char c);

// The host of an http(s) URL, lower-cased, without userinfo or port; empty when not a URL.
std::string UrlHost(std::string_view url);
// The path of an http(s) URL (from the first '/' after the host, without query or fragment).
std::string UrlPath(std::string_view url);

}  // namespace nhiscan::checks
