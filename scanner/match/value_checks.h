// Named value checks that rules list in "checks": structural tests a regex cannot express
// (base64_credential_pair, generic_secret_value; see patterns/README.md).
// Pure functions, thread-safe.
#pragma once

#include <string_view>

namespace nhiscan::match {

// True when `name` is a known check.
bool IsKnownValueCheck(std::string_view name);
// Runs the named check on a secret value. Unknown names fail.
bool PassesValueCheck(std::string_view name, std::string_view value);

}  // namespace nhiscan::match
