// Small text utilities shared by every module: line/column lookup, entropy, size parsing.
// All functions are pure and thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nhiscan {

// Maps byte offsets of one text to 1-based lines and columns. Columns count Unicode code points
// (UTF-8 continuation bytes are not counted), as SARIF's "unicodeCodePoints" column kind expects.
class LineIndex {
 public:
  // first_line is the number of the line that text starts on (chunks of large files start later).
  explicit LineIndex(std::string_view text, uint64_t first_line = 1);
  uint64_t LineOf(size_t offset) const;
  uint64_t ColumnOf(size_t offset) const;
  // The bytes of the line that contains offset, without its line terminator.
  std::string_view LineText(size_t offset) const;
  // Byte offset where the line `delta` lines away from offset's line starts (clamped to the text).
  size_t LineStartNear(size_t offset, int64_t delta) const;

 private:
  size_t LineNumberIndex(size_t offset) const;
  std::string_view text_;
  uint64_t first_line_;
  std::vector<size_t> starts_;  // byte offset of each line start
};

// Shannon entropy in bits per byte.
double ShannonEntropy(std::string_view s);

// ASCII letters only (bytes over 0x7f are kept as they are).
std::string ToLower(std::string_view s);
bool StartsWith(std::string_view s, std::string_view prefix);
bool EndsWith(std::string_view s, std::string_view suffix);
bool ContainsIgnoreCase(std::string_view haystack, std::string_view needle);

// "100", "64K", "10MB", "1.5GiB" -> bytes. nullopt when malformed.
std::optional<uint64_t> ParseSize(std::string_view text);
// 1536 -> "1.5 KiB".
std::string FormatSize(uint64_t bytes);

}  // namespace nhiscan
