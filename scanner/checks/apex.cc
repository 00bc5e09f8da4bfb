#include "scanner/checks/apex.h"

#include <fnmatch.h>

#include <cctype>

#include "scanner/base/text.h"

namespace nhiscan::checks {

namespace {

size_t SkipSpace(std::string_view s, size_t i) {
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  return i;
}

// The class declared after an annotation: the word after the keyword "class", which may be
// separated from its modifiers and its name by any whitespace, newlines included.
std::string ClassNameAfter(std::string_view source, size_t from) {
  const std::string lower = ToLower(source.substr(from, 2000));
  auto space = [&](size_t i) { return std::isspace(static_cast<unsigned char>(lower[i])) != 0; };
  for (size_t at = lower.find("class"); at != std::string::npos; at = lower.find("class", at + 5)) {
    if (at == 0 || !space(at - 1) || at + 5 >= lower.size() || !space(at + 5)) continue;
    size_t begin = SkipSpace(source, from + at + 5);
    size_t end = begin;
    while (end < source.size() &&
           (std::isalnum(static_cast<unsigned char>(source[end])) || source[end] == '_')) {
      ++end;
    }
    return std::string(source.substr(begin, end - begin));
  }
  return "";
}

}  // namespace

std::vector<ApexResource> FindRestResources(const std::string& path, std::string_view source) {
  std::vector<ApexResource> found;
  const std::string lower = ToLower(source);
  std::optional<LineIndex> lines;
  size_t at = 0;
  while ((at = lower.find("@restresource", at)) != std::string::npos) {
    size_t i = SkipSpace(source, at + 13);
    at += 13;
    if (i >= source.size() || source[i] != '(') continue;
    size_t key = lower.find("urlmapping", i);
    size_t close = source.find(')', i);
    if (key == std::string::npos || close == std::string::npos || key > close) continue;
    i = SkipSpace(source, key + 10);
    if (i >= source.size() || source[i] != '=') continue;
    i = SkipSpace(source, i + 1);
    if (i >= source.size() || (source[i] != '\'' && source[i] != '"')) continue;
    char quote = source[i];
    size_t end = source.find(quote, i + 1);
    if (end == std::string::npos) continue;
    if (!lines) lines.emplace(source);
    ApexResource resource;
    resource.mapping = {std::string(source.substr(i + 1, end - i - 1)), path, lines->LineOf(i + 1),
                        lines->ColumnOf(i + 1)};
    resource.class_name = ClassNameAfter(source, end);
    found.push_back(std::move(resource));
  }
  return found;
}

std::string ReadSfdxNamespace(std::string_view json) {
  size_t key = json.find("\"namespace\"");
  if (key == std::string_view::npos) return "";
  size_t colon = json.find(':', key);
  if (colon == std::string_view::npos) return "";
  size_t open = SkipSpace(json, colon + 1);
  if (open >= json.size() || json[open] != '"') return "";
  size_t close = json.find('"', open + 1);
  if (close == std::string_view::npos) return "";
  return std::string(json.substr(open + 1, close - open - 1));
}

bool MappingMatches(std::string_view mapping, std::string_view path) {
  // '*' is the only wildcard Apex knows; everything else is literal.
  std::string pattern = mapping.empty() || mapping.front() != '/' ? "/" : "";
  for (char c : mapping) {
    if (c == '?' || c == '[' || c == '\\') pattern.push_back('\\');
    pattern.push_back(c);
  }
  return fnmatch(pattern.c_str(), std::string(path).c_str(), 0) == 0;
}

}  // namespace nhiscan::checks
