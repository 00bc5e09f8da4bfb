#include "scanner/decode/base64.h"

#include <algorithm>
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

bool LooksLikeText(std::string_view bytes) {
  if (bytes.empty()) return false;
  size_t printable = 0;
  for (unsigned char c : bytes) printable += (c >= 0x20 && c <= 0x7e) || c == '\t' || c == '\n' || c == '\r';
  return printable * 100 >= bytes.size() * 95;
}

std::vector<Base64Run> FindBase64Text(std::string_view text, size_t from, size_t to,
                                      size_t min_length, size_t max_length) {
  std::vector<Base64Run> runs;
  to = std::min(to, text.size());
  size_t i = from;
  // Start at a run boundary: a run that began before `from` belongs to an earlier window.
  while (i > 0 && i < to && kTable[static_cast<unsigned char>(text[i - 1])] >= 0) ++i;
  while (i < to) {
    if (kTable[static_cast<unsigned char>(text[i])] < 0) {
      ++i;
      continue;
    }
    size_t begin = i;
    bool upper = false, lower = false, digit = false;
    while (i < text.size() && kTable[static_cast<unsigned char>(text[i])] >= 0) {
      unsigned char c = static_cast<unsigned char>(text[i]);
      upper |= c >= 'A' && c <= 'Z';
      lower |= c >= 'a' && c <= 'z';
      digit |= c >= '0' && c <= '9';
      ++i;
    }
    size_t end = i;
    while (end < text.size() && end - i < 2 && text[end] == '=') ++end;
    size_t length = i - begin;
    if (length < min_length || length > max_length || !(upper && lower) ||
        !(digit || length >= 24)) {
      continue;
    }
    auto decoded = DecodeBase64(text.substr(begin, end - begin));
    if (!decoded || !LooksLikeText(*decoded)) continue;
    runs.push_back({begin, end, std::move(*decoded)});
  }
  return runs;
}

}  // namespace nhiscan::decode
