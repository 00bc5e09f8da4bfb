#include "scanner/match/dialect.h"

#include <re2/re2.h>

#include <algorithm>

namespace nhiscan::match {

namespace {

// RE2's whitespace, as members of a class, and everything else.
constexpr char kSpaceMembers[] = R"(\t\n\f\r\x20)";
constexpr char kNonSpaceMembers[] = R"(\x00-\x08\x0b\x0e-\x1f\x21-\xff)";

}  // namespace

std::string WithRe2Whitespace(const std::string& pattern) {
  std::string out;
  out.reserve(pattern.size());
  bool in_class = false, in_quote = false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    const char next = i + 1 < pattern.size() ? pattern[i + 1] : '\0';
    if (in_quote) {  // \Q…\E: literal up to \E
      in_quote = !(c == '\\' && next == 'E');
      out += c;
      continue;
    }
    if (c == '\\' && i + 1 < pattern.size()) {
      ++i;
      if (next == 'v') {
        out += "\\x0b";
      } else if (next == 's' || next == 'S') {
        const char* members = next == 's' ? kSpaceMembers : kNonSpaceMembers;
        out += in_class ? members : std::string("[") + members + "]";
        // `[\s-x]`: the dash after a class escape is literal, after the spelled-out members it
        // would make a range.
        if (in_class && i + 1 < pattern.size() && pattern[i + 1] == '-') {
          out += "\\-";
          ++i;
        }
      } else {
        in_quote = next == 'Q';
        out += c;
        out += next;
      }
      continue;
    }
    if (in_class) {
      if (c == '[' && next == ':') {  // [:name:] up to its :]
        const size_t end = pattern.find(":]", i + 2);
        if (end != std::string::npos) {
          out.append(pattern, i, end + 2 - i);
          i = end + 1;
          continue;
        }
      }
      in_class = c != ']';
      out += c;
      continue;
    }
    out += c;
    if (c == '[') {
      in_class = true;
      if (i + 1 < pattern.size() && pattern[i + 1] == '^') out += pattern[++i];
      if (i + 1 < pattern.size() && pattern[i + 1] == ']') out += pattern[++i];  // a literal ]
    }
  }
  return out;
}

bool HyperscanReadsAsRe2(const std::string& pattern) {
  static const re2::RE2 kCaseless(R"(\(\?[A-Za-z]*i)");
  static const re2::RE2 kHighEscape(R"(\\x(\{|[89A-Fa-f]))");
  const bool high_byte = std::any_of(pattern.begin(), pattern.end(),
                                     [](char c) { return static_cast<unsigned char>(c) > 0x7f; });
  return !re2::RE2::PartialMatch(pattern, kCaseless) ||
         !(high_byte || re2::RE2::PartialMatch(pattern, kHighEscape));
}

}  // namespace nhiscan::match
