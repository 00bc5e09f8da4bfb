#include "scanner/match/repeats.h"

#include <algorithm>
#include <cctype>

namespace nhiscan::match {

bool ParseBoundedRepeat(std::string_view text, unsigned* low, unsigned* high, size_t* length) {
  auto number = [&text](size_t* pos, unsigned* value) {
    const size_t start = *pos;
    uint64_t v = 0;
    while (*pos < text.size() && text[*pos] >= '0' && text[*pos] <= '9' && v < 100000) {
      v = v * 10 + static_cast<unsigned>(text[(*pos)++] - '0');
    }
    *value = static_cast<unsigned>(v);
    return *pos > start;
  };
  size_t pos = 1;
  if (text.empty() || text[0] != '{' || !number(&pos, low)) return false;
  *high = *low;
  if (pos < text.size() && text[pos] == ',') {
    ++pos;
    if (!number(&pos, high)) return false;
  }
  if (pos >= text.size() || text[pos] != '}') return false;
  *length = pos + 1;
  return true;
}

std::string RelaxLongRepeats(const std::string& pattern) {
  std::string out;
  bool relaxed = false, in_class = false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      out += pattern.substr(i, 2);
      ++i;
      continue;
    }
    if (in_class) {
      in_class = c != ']';
      out += c;
      continue;
    }
    if (c == '[') {
      in_class = true;
      out += c;
      if (i + 1 < pattern.size() && pattern[i + 1] == '^') out += pattern[++i];
      if (i + 1 < pattern.size() && pattern[i + 1] == ']') out += pattern[++i];  // literal ]
      continue;
    }
    unsigned low = 0, high = 0;
    size_t length = 0;
    if (c == '{' && ParseBoundedRepeat(std::string_view(pattern).substr(i), &low, &high, &length) &&
        high > kLongestCheapRepeat) {
      out += "{" + std::to_string(std::min(low, kLongestCheapRepeat)) + ",}";
      i += length - 1;
      relaxed = true;
      continue;
    }
    out += c;
  }
  return relaxed ? out : std::string();
}

namespace {

// The end of the single-character token at `pattern[i]` (a class without nested brackets, `.`,
// or one of \d \D \w \W \s \S), or 0 when there is none.
size_t SingleCharacterTokenEnd(std::string_view pattern, size_t i) {
  if (i >= pattern.size()) return 0;
  if (pattern[i] == '.') return i + 1;
  if (pattern[i] == '\\') {
    if (i + 1 < pattern.size() && std::string_view("dDwWsS").find(pattern[i + 1]) != std::string_view::npos) {
      return i + 2;
    }
    return 0;
  }
  if (pattern[i] != '[') return 0;
  size_t j = i + 1;
  if (j < pattern.size() && pattern[j] == '^') ++j;
  if (j < pattern.size() && pattern[j] == ']') ++j;  // a literal ]
  for (; j < pattern.size(); ++j) {
    if (pattern[j] == '\\') {
      ++j;
    } else if (pattern[j] == '[') {
      return 0;  // [:alpha:] and the like: not worth parsing
    } else if (pattern[j] == ']') {
      return j + 1;
    }
  }
  return 0;
}

constexpr std::string_view kOpen = "(?P<secret>";

// Where the `secret` group opens, when it opens outside every other group (and outside classes
// and escapes); npos otherwise. Patterns with \Q…\E quoting or a [:name:] class inside a class
// are not parsed here at all: their parentheses and brackets can be literal in ways this reader
// does not follow. (A class that starts with ':', as in [:=], is ordinary.)
size_t TopLevelSecretGroup(std::string_view pattern) {
  if (pattern.find("\\Q") != std::string_view::npos) return std::string_view::npos;
  int depth = 0;
  bool in_class = false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\') {
      ++i;
    } else if (in_class) {
      if (c == '[' && i + 1 < pattern.size() && pattern[i + 1] == ':') return std::string_view::npos;
      in_class = c != ']';
    } else if (c == '[') {
      in_class = true;
      if (i + 1 < pattern.size() && pattern[i + 1] == '^') ++i;
      if (i + 1 < pattern.size() && pattern[i + 1] == ']') ++i;
    } else if (c == '(') {
      if (pattern.substr(i, kOpen.size()) == kOpen) return depth == 0 ? i : std::string_view::npos;
      ++depth;
    } else if (c == ')') {
      --depth;
    }
  }
  return std::string_view::npos;
}

}  // namespace

std::optional<RelaxedSecret> RelaxSecretRepeat(std::string_view pattern) {
  const size_t open = TopLevelSecretGroup(pattern);
  if (open == std::string_view::npos) return std::nullopt;
  // A literal prefix (`3MVG9`, `ghp_`) keeps the secret's length fixed relative to the count.
  size_t token = open + kOpen.size();
  while (token < pattern.size() &&
         (std::isalnum(static_cast<unsigned char>(pattern[token])) || pattern[token] == '_' ||
          pattern[token] == '-')) {
    ++token;
  }
  const size_t prefix = token - open - kOpen.size();
  const size_t token_end = SingleCharacterTokenEnd(pattern, token);
  if (token_end == 0) return std::nullopt;
  unsigned low = 0, high = 0;
  size_t length = 0;
  if (!ParseBoundedRepeat(pattern.substr(token_end), &low, &high, &length) ||
      high <= kLongestExactSecret || low > high) {
    return std::nullopt;
  }
  const size_t close = token_end + length;
  if (close >= pattern.size() || pattern[close] != ')') return std::nullopt;
  const size_t after = close + 1;
  if (after < pattern.size() && std::string_view("*+?{").find(pattern[after]) != std::string_view::npos) {
    return std::nullopt;  // the group itself is repeated: its last repetition is not the whole story
  }
  RelaxedSecret relaxed;
  relaxed.pattern = std::string(pattern.substr(0, token_end)) + "{" + std::to_string(low) + ",}" +
                    std::string(pattern.substr(close));
  relaxed.max_length = static_cast<uint32_t>(prefix + high);
  return relaxed;
}

}  // namespace nhiscan::match
