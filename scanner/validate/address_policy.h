// Which IP addresses a validator may connect to, and the one-time resolution whose result is
// pinned for the connection. An allowed host name could still resolve to an internal address
// (DNS under an attacker's control, a poisoned resolver, split-horizon DNS): every address a name
// resolves to is checked, and the name is refused when any of them is forbidden.
// Forbidden: unspecified, loopback, private (RFC 1918, IPv6 ULA), link-local (which holds the
// cloud metadata address 169.254.169.254), CGNAT 100.64/10, multicast, reserved and documentation
// ranges, IPv4-mapped/compatible, NAT64 and 6to4 IPv6 forms (they embed an IPv4 address that could
// be any of the above). Thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scanner/base/status.h"

namespace nhiscan::validate {

// Why a numeric address (IPv4 dotted quad or IPv6 text) is refused, or "" when it is allowed.
// Text that is not a numeric address is refused ("not an IP address").
// With allow_loopback, 127.0.0.0/8 and ::1 are allowed (test servers only).
std::string ForbiddenAddressReason(std::string_view address, bool allow_loopback = false);

// Resolves `host` once (getaddrinfo) and returns its addresses in resolver order when every one
// of them is allowed; otherwise an error naming the rule that refused the host (never the host's
// credential, which this function never sees).
Result<std::vector<std::string>> ResolveAllowedAddresses(const std::string& host, bool allow_loopback);

}  // namespace nhiscan::validate
