#include "scanner/base/text.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace nhiscan {

LineIndex::LineIndex(std::string_view text, uint64_t first_line)
    : text_(text), first_line_(first_line) {
  starts_.push_back(0);
  const char* data = text.data();
  const char* end = data + text.size();
  for (const char* p = data; p < end;) {
    const void* newline = std::memchr(p, '\n', static_cast<size_t>(end - p));
    if (newline == nullptr) break;
    p = static_cast<const char*>(newline) + 1;
    starts_.push_back(static_cast<size_t>(p - data));
  }
}

size_t LineIndex::LineNumberIndex(size_t offset) const {
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  return static_cast<size_t>(it - starts_.begin()) - 1;
}

uint64_t LineIndex::LineOf(size_t offset) const { return first_line_ + LineNumberIndex(offset); }

uint64_t LineIndex::ColumnOf(size_t offset) const {
  size_t start = starts_[LineNumberIndex(offset)];
  uint64_t column = 1;
  for (size_t i = start; i < offset && i < text_.size(); ++i) {
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
  }
  return column;
}

std::string_view LineIndex::LineText(size_t offset) const {
  size_t idx = LineNumberIndex(offset);
  size_t start = starts_[idx];
  size_t end = idx + 1 < starts_.size() ? starts_[idx + 1] - 1 : text_.size();
  if (end > start && text_[end - 1] == '\r') --end;
  return text_.substr(start, end - start);
}

size_t LineIndex::LineStartNear(size_t offset, int64_t delta) const {
  int64_t idx = static_cast<int64_t>(LineNumberIndex(offset)) + delta;
  if (idx < 0) return 0;
  if (idx >= static_cast<int64_t>(starts_.size())) return text_.size();
  return starts_[static_cast<size_t>(idx)];
}

double ShannonEntropy(std::string_view s) {
  if (s.empty()) return 0.0;
  std::array<size_t, 256> counts{};
  for (unsigned char c : s) ++counts[c];
  double entropy = 0.0;
  const double n = static_cast<double>(s.size());
  for (size_t count : counts) {
    if (count == 0) continue;
    double p = static_cast<double>(count) / n;
    entropy -= p * std::log2(p);
  }
  return entropy;
}

// ASCII only, without a call per byte: whole Apex classes are lowered to find their annotations.
std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
  return out;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool ContainsIgnoreCase(std::string_view haystack, std::string_view needle) {
  return ToLower(haystack).find(ToLower(needle)) != std::string::npos;
}

std::optional<uint64_t> ParseSize(std::string_view text) {
  std::string s(text);
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  double number = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || number < 0 || !std::isfinite(number)) return std::nullopt;
  std::string unit = ToLower(std::string_view(end));
  static const std::array<std::pair<const char*, double>, 10> kUnits = {{
      {"", 1.0}, {"b", 1.0}, {"k", 1024.0}, {"kb", 1024.0}, {"kib", 1024.0},
      {"m", 1048576.0}, {"mb", 1048576.0}, {"mib", 1048576.0}, {"g", 1073741824.0},
      {"gb", 1073741824.0}}};
  for (const auto& [name, factor] : kUnits) {
    if (unit == name) return static_cast<uint64_t>(number * factor);
  }
  if (unit == "gib") return static_cast<uint64_t>(number * 1073741824.0);
  return std::nullopt;
}

std::string FormatSize(uint64_t bytes) {
  static const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024.0 && unit < 4) {
    value /= 1024.0;
    ++unit;
  }
  char buf[32];
  if (unit == 0) {
    std::snprintf(buf, sizeof(buf), "%llu B", static_cast<unsigned long long>(bytes));
  } else {
    std::snprintf(buf, sizeof(buf), "%.1f %s", value, kUnits[unit]);
  }
  return buf;
}

}  // namespace nhiscan
