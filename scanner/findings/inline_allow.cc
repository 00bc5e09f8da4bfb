#include "scanner/findings/inline_allow.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace nhiscan::findings {

namespace {

constexpr size_t kMaxReason = 200;

// Same-line directives. "nhiscan:allow" must not be the start of "nhiscan:allow-next-line".
constexpr std::array<std::string_view, 5> kSameLine = {
    "nhiscan:allow", "gitleaks:allow", "pragma: allowlist secret", "pragma:allowlist secret",
    "trufflehog:ignore"};
constexpr std::array<std::string_view, 3> kNextLine = {
    "nhiscan:allow-next-line", "pragma: allowlist nextline secret",
    "pragma:allowlist nextline secret"};
// Ends of comments in common languages: the reason stops at the first one.
constexpr std::array<std::string_view, 7> kCommentEnds = {"*/", "-->", "--%>", "%>", "#}", "*)",
                                                          "}}"};

std::string_view Trim(std::string_view s, std::string_view chars) {
  size_t begin = s.find_first_not_of(chars);
  if (begin == std::string_view::npos) return {};
  size_t end = s.find_last_not_of(chars);
  return s.substr(begin, end - begin + 1);
}

std::string ReasonAfter(std::string_view rest) {
  for (std::string_view end : kCommentEnds) {
    size_t at = rest.find(end);
    if (at != std::string_view::npos) rest = rest.substr(0, at);
  }
  rest = Trim(rest, " \t\r:=-");
  std::string reason(rest.substr(0, kMaxReason));
  for (char& c : reason) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  return reason;
}

// Finds `directive` in `line` as a whole directive (not followed by a name character, so that
// "nhiscan:allow" does not match "nhiscan:allow-next-line" or "nhiscan:allowed").
std::optional<size_t> FindDirective(std::string_view line, std::string_view directive) {
  for (size_t at = line.find(directive); at != std::string_view::npos;
       at = line.find(directive, at + 1)) {
    size_t end = at + directive.size();
    if (end == line.size()) return end;
    char next = line[end];
    if (!(std::isalnum(static_cast<unsigned char>(next)) || next == '-' || next == '_')) return end;
  }
  return std::nullopt;
}

std::optional<Suppression> FindAny(std::string_view line, const auto& directives) {
  for (std::string_view directive : directives) {
    if (auto end = FindDirective(line, directive)) {
      return Suppression{"inline", std::string(directive), ReasonAfter(line.substr(*end))};
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<Suppression> FindInlineAllow(std::string_view line, std::string_view previous_line) {
  if (auto same = FindAny(line, kSameLine)) return same;
  return FindAny(previous_line, kNextLine);
}

}  // namespace nhiscan::findings
