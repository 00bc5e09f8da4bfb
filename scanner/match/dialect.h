// Where Hyperscan reads a rule's pattern differently from RE2, and the rewrite that makes it read
// the pattern as RE2 does.
//
// Rules are written for RE2, the engine that confirms every match. Hyperscan only finds the
// candidates, so a text it reads differently can lose a finding (or report one that RE2 then
// confirms at a different place). The one difference the rule language reaches: `\s` is
// [\t\n\f\r ] for RE2, while Hyperscan, like Perl and PCRE, adds the vertical tab (0x0B). A value
// with a vertical tab in it, `[^\s]{16,}`, was one finding to RE2 and none to Hyperscan.
#pragma once

#include <string>

namespace nhiscan::match {

// `pattern` with every `\s` and `\S` spelled out as RE2 means them, inside character classes and
// outside; escaped backslashes, \Q…\E literals and [:posix:] classes are left as they are.
std::string WithRe2Whitespace(const std::string& pattern);

}  // namespace nhiscan::match
