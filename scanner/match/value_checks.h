// Named value checks that rules list in "checks": structural tests a regex cannot express.
// Pure functions, thread-safe.
#pragma once

#include <string_view>

namespace nhiscan::match {

// True when `name` is a known check.
bool IsKnownValueCheck(std::string_view name);
// Runs the named check on a secret value. Unknown names fail.
bool PassesValueCheck(std::string_view name, std::string_view value);

}  // namespace nhiscan::match
