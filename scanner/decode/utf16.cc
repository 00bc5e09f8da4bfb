#include "scanner/decode/utf16.h"

#include <algorithm>

namespace nhiscan::decode {

std::optional<Utf16Order> DetectUtf16(std::string_view head) {
  // UTF-16 text has NUL bytes (the high byte of every ASCII character). A BOM without any is
  // not trusted: bytes "\xff\xfe" in front of UTF-8 must not hide what follows.
  if (head.size() >= 2 && head.find('\0') != std::string_view::npos) {
    const auto b0 = static_cast<unsigned char>(head[0]), b1 = static_cast<unsigned char>(head[1]);
    if (b0 == 0xFF && b1 == 0xFE) return Utf16Order::kLittleEndian;
    if (b0 == 0xFE && b1 == 0xFF) return Utf16Order::kBigEndian;
  }
  const size_t n = std::min<size_t>(head.size(), 512) & ~size_t{1};
  if (n < 64) return std::nullopt;
  auto ascii_pairs = [&](size_t zero_at) {
    for (size_t i = 0; i < n; i += 2) {
      const auto text = static_cast<unsigned char>(head[i + 1 - zero_at]);
      if (head[i + zero_at] != '\0' || !(text == '\t' || text == '\n' || text == '\r' ||
                                         (text >= 0x20 && text < 0x7f))) {
        return false;
      }
    }
    return true;
  };
  if (ascii_pairs(1)) return Utf16Order::kLittleEndian;
  if (ascii_pairs(0)) return Utf16Order::kBigEndian;
  return std::nullopt;
}

void Utf16Decoder::Emit(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

void Utf16Decoder::Decode(std::string_view piece, std::string* out) {
  out->clear();
  out->reserve(piece.size() * 3 / 2 + 4);
  size_t i = 0;
  while (i < piece.size()) {
    unsigned char first, second;
    if (has_odd_byte_) {
      first = odd_byte_;
      second = static_cast<unsigned char>(piece[i++]);
      has_odd_byte_ = false;
    } else if (i + 1 < piece.size()) {
      first = static_cast<unsigned char>(piece[i]);
      second = static_cast<unsigned char>(piece[i + 1]);
      i += 2;
    } else {
      odd_byte_ = static_cast<unsigned char>(piece[i++]);
      has_odd_byte_ = true;
      break;
    }
    const uint16_t unit = order_ == Utf16Order::kLittleEndian
                              ? static_cast<uint16_t>(first | (second << 8))
                              : static_cast<uint16_t>((first << 8) | second);
    if (!started_) {
      started_ = true;
      if (unit == 0xFEFF) continue;
    }
    if (high_surrogate_) {
      const uint16_t high = high_surrogate_;
      high_surrogate_ = 0;
      if (unit >= 0xDC00 && unit <= 0xDFFF) {
        Emit(0x10000 + ((uint32_t{high} - 0xD800) << 10) + (unit - 0xDC00), out);
        continue;
      }
      Emit(0xFFFD, out);
    }
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      high_surrogate_ = unit;
    } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
      Emit(0xFFFD, out);
    } else {
      Emit(unit, out);
    }
  }
}

}  // namespace nhiscan::decode
