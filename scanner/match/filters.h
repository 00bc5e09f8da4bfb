// Filters that tell a real secret from a look-alike: placeholders, templates, environment lookups,
// and values with too little information. Pure functions, thread-safe.
#pragma once

#include <string_view>

namespace nhiscan::match {

// `your_client_secret_here`, `XXXX…`, `${SECRET}`, `<secret>`, `****`, `process.env.X`, …
bool LooksLikePlaceholder(std::string_view value);
// One repeated character, two alternating ones, or a straight run like 0123456789 / abcdef….
bool LooksLowInformation(std::string_view value);

}  // namespace nhiscan::match
