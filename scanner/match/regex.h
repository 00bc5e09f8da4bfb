// A compiled regular expression (RE2 syntax, the syntax rules use) for the few places outside the
// matcher that need one: configuration allowlists. Keeps RE2 inside scanner/match/.
// Immutable after Compile; safe to share between threads.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "scanner/base/status.h"

namespace nhiscan::match {

class Regex {
 public:
  // The pattern compiled, or an error with RE2's message.
  static Result<Regex> Compile(const std::string& pattern);
  // True when the pattern matches somewhere in `text` (unanchored).
  bool PartialMatch(std::string_view text) const;
  const std::string& pattern() const;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

}  // namespace nhiscan::match
