// Bounded repetitions in rule patterns: reading them, and relaxing the long ones, for Hyperscan
// (prefilters that compile fast) and for RE2 (confirmation regexes that compile and search fast).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace nhiscan::match {

// Bounded repetitions longer than this are what makes a pattern slow to compile: an exact
// `[A-Za-z0-9+/=\s]{40,1000}` (a private-key body) costs Hyperscan about a tenth of a second, which
// every first run would pay, twenty times over for the key and token rules.
constexpr unsigned kLongestCheapRepeat = 256;

// Reads "{n}" or "{n,m}" at the start of `text`; false for anything else ("{n,}", a literal brace).
bool ParseBoundedRepeat(std::string_view text, unsigned* low, unsigned* high, size_t* length);

// `pattern` with every bounded repetition whose maximum exceeds kLongestCheapRepeat widened to an
// unbounded one with a lower minimum ({40,1000} -> {40,}, {1000} -> {256,}). The result matches
// everything the pattern matches (and more), so it is a valid Hyperscan prefilter; RE2 decides.
// Empty when there is nothing to relax. Escapes and character classes are skipped, so `\{` and
// `[{]` are left alone.
std::string RelaxLongRepeats(const std::string& pattern);

// Secret groups bounded above this many characters are relaxed by RelaxSecretRepeat.
constexpr unsigned kLongestExactSecret = 64;

// For a pattern whose `secret` group is one character class repeated a bounded number of times,
// after an optional literal prefix of letters, digits, `_` and `-`: `(?P<secret>P C{m,n})` with n
// over kLongestExactSecret, outside any other group and not itself repeated: the pattern with
// `(?P<secret>P C{m,})`, and the longest secret the original allows (|P| + n). Patterns with
// \Q…\E or a [:name:] class are left alone (their literal parentheses are not followed). RE2 compiles the bounded form as n copies
// of the class (a negated class is a dozen byte ranges each), which made such rules the slowest to
// compile and to search; the unbounded form is one loop.
// A match of the relaxed pattern whose secret is within that bound is exactly the original's
// match: the relaxed pattern matches everything the original does, in the same order of
// preference, so no earlier start and no preferred alternative was missed. A longer secret is not
// the original's match; the caller then asks the original pattern.
struct RelaxedSecret {
  std::string pattern;
  uint32_t max_length = 0;
};
std::optional<RelaxedSecret> RelaxSecretRepeat(std::string_view pattern);

}  // namespace nhiscan::match
