// Which hosts a validator may talk to. Pure functions (no DNS, no network), thread-safe, meant to
// be fuzzed: every host a validator uses comes from scanned text or a saved report, i.e. from
// whoever wrote the file, so it passes through here first.
//
// A URL is parsed by libcurl's URL parser (the same one that will later send the request), then
// held to stricter rules than URL syntax allows: scheme https, no userinfo, port 443 (or none),
// no query tricks in the host, and a host made only of lower-case ASCII letters, digits and
// hyphens in dot-separated labels (so IP literals, percent-encoding, trailing dots, IDN / Punycode
// look-alikes and empty labels are all refused). The allowlist then compares whole labels from the
// right: "acme.my.salesforce.com" is under "my.salesforce.com", "acme.my.salesforce.com.evil.example"
// and "evilmy.salesforce.com" are not.
#pragma once

#include <string>
#include <string_view>

#include "scanner/base/status.h"

namespace nhiscan::validate {

// The allowlists, one per kind of endpoint a validator calls.
enum class HostClass {
  kSalesforceMyDomain,  // <name>.my.salesforce.com and its sandbox/dev/gov/China variants
  kSalesforceLogin,     // My Domain hosts plus login.salesforce.com and test.salesforce.com
  kSalesforceInstance,  // My Domain, login/test and legacy instance hosts (na123.salesforce.com)
  kOneSpanApi,          // OneSpan Sign's published API hosts, exactly
};

// The host of an https URL, or of a bare host name, lower-cased, when it is a syntactically
// clean DNS name (see above). Errors say what was wrong without repeating the input.
Result<std::string> CleanHostOf(std::string_view url_or_host);

// True when `host` (already clean) is on the allowlist of `host_class`.
bool HostAllowed(std::string_view host, HostClass host_class);

// CleanHostOf followed by HostAllowed; the error names the allowlist that refused the host.
Result<std::string> AllowedHost(std::string_view url_or_host, HostClass host_class);

// A label-wise suffix test: host == suffix, or host ends with "." + suffix.
bool HostUnderSuffix(std::string_view host, std::string_view suffix);

}  // namespace nhiscan::validate
