// Inline allow directives: a comment on a finding's line, or on the line before, that accepts it.
// nhiscan's own (`nhiscan:allow`, `nhiscan:allow-next-line`) and those of other scanners, so a
// team can switch without rewriting (`gitleaks:allow`, `pragma: allowlist secret` and
// `pragma: allowlist nextline secret` of detect-secrets, `trufflehog:ignore`). Comment syntax is
// not parsed: the directive is found anywhere on the line, so `#`, `//`, `/* */`, `<!-- -->`,
// `--` and `REM` comments all work. Pure functions, thread-safe.
#pragma once

#include <optional>
#include <string_view>

#include "scanner/findings/finding.h"

namespace nhiscan::findings {

// The directive that allows a finding on `line` (with the secret already cut out of it), whose
// previous line is `previous_line` ("" for the first line). kind is "inline", detail the
// directive, reason the text after it (up to a comment terminator, trimmed).
std::optional<Suppression> FindInlineAllow(std::string_view line, std::string_view previous_line);

}  // namespace nhiscan::findings
