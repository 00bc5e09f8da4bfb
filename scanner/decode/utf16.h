// UTF-16 text files (Windows tools write PowerShell scripts, .reg exports and logs in UTF-16):
// recognised by their byte order mark, or without one by NUL high bytes in ASCII text, and
// transcoded to UTF-8 piece by piece so the scanner sees the text its rules are written for.
// Line numbers and columns (code points) are the same in both encodings. Not thread-safe: one
// decoder per file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace nhiscan::decode {

enum class Utf16Order { kLittleEndian, kBigEndian };

// The byte order of a file whose first bytes are `head`, if it looks like UTF-16: a BOM and a
// NUL byte somewhere in `head`, or at least 64 bytes of which every other byte is NUL and the
// rest printable ASCII.
std::optional<Utf16Order> DetectUtf16(std::string_view head);

class Utf16Decoder {
 public:
  explicit Utf16Decoder(Utf16Order order) : order_(order) {}
  // Appends the UTF-8 of `piece` to `out` (clearing it first); a code unit or surrogate pair cut
  // by the piece boundary is completed by the next piece. A BOM at the start is dropped;
  // unpaired surrogates become U+FFFD.
  void Decode(std::string_view piece, std::string* out);

 private:
  void Emit(uint32_t code_point, std::string* out);
  Utf16Order order_;
  bool started_ = false;
  bool has_odd_byte_ = false;
  unsigned char odd_byte_ = 0;
  uint16_t high_surrogate_ = 0;  // pending lead surrogate, 0 = none
};

}  // namespace nhiscan::decode
