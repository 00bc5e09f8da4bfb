#include "scanner/decode/base64.h"

#include <array>
#include <cstdint>

namespace nhiscan::decode {

namespace {

// Value of each byte in the union of both alphabets; -1 for anything else.
constexpr std::array<int8_t, 256> MakeTable() {
  std::array<int8_t, 256> t{};
  for (auto& v : t) v = -1;
  for (int i = 0; i < 26; ++i) {
    t['A' + i] = static_cast<int8_t>(i);
    t['a' + i] = static_cast<int8_t>(26 + i);
  }
  for (int i = 0; i < 10; ++i) t['0' + i] = static_cast<int8_t>(52 + i);
  t['+'] = 62;
  t['-'] = 62;
  t['/'] = 63;
  t['_'] = 63;
  return t;
}

constexpr std::array<int8_t, 256> kTable = MakeTable();

}  // namespace

std::optional<std::string> DecodeBase64(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  if (text.empty() || text.size() % 4 == 1) return std::nullopt;
  bool standard = false, url_safe = false;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  uint32_t bits = 0;
  int nbits = 0;
  for (unsigned char c : text) {
    int8_t v = kTable[c];
    if (v < 0) return std::nullopt;
    standard |= (c == '+' || c == '/');
    url_safe |= (c == '-' || c == '_');
    bits = (bits << 6) | static_cast<uint32_t>(v);
    nbits += 6;
    if (nbits >= 8) {
      nbits -= 8;
      out.push_back(static_cast<char>((bits >> nbits) & 0xff));
    }
  }
  if (standard && url_safe) return std::nullopt;
  return out;
}

bool IsPrintableAscii(std::string_view bytes) {
  for (unsigned char c : bytes) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

}  // namespace nhiscan::decode
