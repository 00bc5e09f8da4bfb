// Where Hyperscan reads a rule's pattern differently from RE2, and what makes it read the pattern
// as RE2 does.
//
// Rules are written for RE2, the engine that confirms every match. Hyperscan only finds the
// candidates, so a text it reads differently can lose a finding (or report one that RE2 then
// confirms at a different place). The differences a pattern can reach, with RE2 in Latin-1 mode
// and Hyperscan without Unicode support:
// - `\s` is [\t\n\f\r ] for RE2, while Hyperscan, like Perl and PCRE, adds the vertical tab
//   (0x0B). A value with a vertical tab in it, `[^\s]{16,}`, was one finding to RE2 and none to
//   Hyperscan. Rewritten.
// - `\v` is the vertical tab for RE2 and vertical whitespace, [\n\v\f\r\x85], for Hyperscan.
//   Rewritten.
// - Case-insensitive matching: RE2 folds the Latin-1 letters (é and É), Hyperscan ASCII only.
//   Such a pattern is left to RE2 alone.
// `$` differs too (Hyperscan also matches before a final newline), but only by matching more,
// which RE2 then rejects, so no finding is lost.
#pragma once

#include <string>

namespace nhiscan::match {

// `pattern` with every `\s`, `\S` and `\v` spelled out as RE2 means them, inside character
// classes and outside; escaped backslashes, \Q…\E literals and [:posix:] classes are left as
// they are.
std::string WithRe2Whitespace(const std::string& pattern);

// False for a pattern that Hyperscan cannot be made to read as RE2 does: case-insensitive
// (a `(?i…` flag group) with a byte above 0x7F in it, written or as a \x escape.
bool HyperscanReadsAsRe2(const std::string& pattern);

}  // namespace nhiscan::match
