#include "scanner/match/filters.h"

#include <array>
#include <set>
#include <string>

#include "scanner/base/text.h"

namespace nhiscan::match {

namespace {

// Lower-case fragments that do not occur in generated credentials but do in templates, docs and
// configuration that refers to a secret instead of holding it.
constexpr std::array<std::string_view, 29> kPlaceholderFragments = {
    "xxxx",        "****",      "your_",     "your-",      "yourclient", "yoursecret",
    "_here",       "-here",     "changeme",  "change_me",  "example",    "dummy",
    "sample",      "redacted",  "placeholder", "process.env", "os.environ", "getenv",
    "${",          "{{",        "%(",        "$(",         "replace_me", "replaceme",
    "insert_",     "<your",     "secret_value", "00000000", "........"};

constexpr std::array<std::string_view, 4> kStraightRuns = {"0123456789", "123456789",
                                                           "abcdefghij", "abcdefgh"};

}  // namespace

bool LooksLikePlaceholder(std::string_view value) {
  if (value.empty()) return true;
  std::string lower = ToLower(value);
  for (std::string_view fragment : kPlaceholderFragments) {
    if (lower.find(fragment) != std::string::npos) return true;
  }
  if (value.front() == '<' && value.back() == '>') return true;
  if (value.front() == '$' || value.front() == '%') return true;  // $VAR, %VAR%
  return false;
}

bool LooksLowInformation(std::string_view value) {
  std::set<char> distinct(value.begin(), value.end());
  if (value.size() >= 6 && distinct.size() <= 2) return true;
  std::string lower = ToLower(value);
  for (std::string_view run : kStraightRuns) {
    if (lower.find(run) != std::string::npos) return true;
  }
  return false;
}

}  // namespace nhiscan::match
