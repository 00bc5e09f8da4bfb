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
                                      size_t min_length, size_t max_length, size_t* oversized) {
  std::vector<Base64Run> runs;
  to = std::min(to, text.size());
  min_length = std::max<size_t>(min_length, 1);
  auto is_b64 = [&](size_t i) { return kTable[static_cast<unsigned char>(text[i])] >= 0; };
  // Any run of min_length characters covers a position that is a multiple of min_length past
  // `from`, so only those positions are probed; a probe that lands on a Base64 character is
  // widened to its whole run. Ordinary text costs about one table lookup per min_length bytes
  // plus the short words the probes land in.
  // A run that starts just before `to` may have its probe position past `to`: probe up to
  // to + min_length - 1, and keep only runs that start before `to` (the next window owns the rest).
  const size_t probe_end = std::min(text.size(), to + min_length - 1);
  size_t probe = from;
  size_t next_free = from;  // runs end before this; no probe inside a run already seen
  while (probe < probe_end) {
    if (probe < next_free || !is_b64(probe)) {
      probe += min_length;
      continue;
    }
    size_t begin = probe;
    while (begin > 0 && is_b64(begin - 1)) --begin;
    size_t end = probe + 1;
    while (end < text.size() && is_b64(end)) ++end;
    next_free = end;
    probe = end + min_length - 1;
    const size_t length = end - begin;
    // A run that starts before `from` belongs to the window that owns its start.
    if (begin < from || begin >= to || length < min_length) continue;
    bool upper = false, lower = false, digit = false;
    for (size_t i = begin; i < end; ++i) {
      unsigned char c = static_cast<unsigned char>(text[i]);
      upper |= c >= 'A' && c <= 'Z';
      lower |= c >= 'a' && c <= 'z';
      digit |= c >= '0' && c <= '9';
    }
    if (!(upper && lower) || !(digit || length >= 24)) continue;
    if (length > max_length) {
      if (oversized) {
        auto head = DecodeBase64(text.substr(begin, std::min(length, kOversizeProbe) & ~size_t{3}));
        if (head && LooksLikeText(*head)) ++*oversized;
      }
      continue;
    }
    size_t padded = end;
    while (padded < text.size() && padded - end < 2 && text[padded] == '=') ++padded;
    auto decoded = DecodeBase64(text.substr(begin, padded - begin));
    if (!decoded || !LooksLikeText(*decoded)) continue;
    runs.push_back({begin, padded, std::move(*decoded)});
  }
  return runs;
}

}  // namespace nhiscan::decode
