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

// What FindBase64Text needs to know of a byte, so that one pass over a run decides whether it is
// worth decoding.
enum : uint8_t { kBase64 = 1, kUpper = 2, kLower = 4, kDigit = 8, kStandardOnly = 16, kUrlOnly = 32 };

constexpr std::array<uint8_t, 256> MakeClasses() {
  std::array<uint8_t, 256> t{};
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = kBase64 | kUpper;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = kBase64 | kLower;
  for (int c = '0'; c <= '9'; ++c) t[c] = kBase64 | kDigit;
  t['+'] = t['/'] = kBase64 | kStandardOnly;
  t['-'] = t['_'] = kBase64 | kUrlOnly;
  return t;
}

constexpr std::array<uint8_t, 256> kClasses = MakeClasses();

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
  auto class_of = [&](size_t i) { return kClasses[static_cast<unsigned char>(text[i])]; };
  auto is_b64 = [&](size_t i) { return (class_of(i) & kBase64) != 0; };
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
    // Widen the probe to its run, noting on the way what kinds of characters it holds.
    uint8_t kinds = class_of(probe);
    size_t begin = probe;
    while (begin > 0 && is_b64(begin - 1)) kinds |= class_of(--begin);
    size_t end = probe + 1;
    while (end < text.size() && is_b64(end)) kinds |= class_of(end++);
    next_free = end;
    probe = end + min_length - 1;
    const size_t length = end - begin;
    // A run that starts before `from` belongs to the window that owns its start.
    if (begin < from || begin >= to || length < min_length) continue;
    const bool upper = kinds & kUpper, lower = kinds & kLower, digit = kinds & kDigit;
    if (!(upper && lower) || !(digit || length >= 24)) continue;
    if (length > max_length) {
      if (oversized) {
        auto head = DecodeBase64(text.substr(begin, std::min(length, kOversizeProbe) & ~size_t{3}));
        if (head && LooksLikeText(*head)) ++*oversized;
      }
      continue;
    }
    // What DecodeBase64 would refuse anyway, without decoding: both alphabets mixed, or a length
    // no Base64 text has (padding is not part of the run).
    if ((kinds & kStandardOnly) && (kinds & kUrlOnly)) continue;
    if (length % 4 == 1) continue;
    size_t padded = end;
    while (padded < text.size() && padded - end < 2 && text[padded] == '=') ++padded;
    auto decoded = DecodeBase64(text.substr(begin, padded - begin));
    if (!decoded || !LooksLikeText(*decoded)) continue;
    runs.push_back({begin, padded, std::move(*decoded)});
  }
  return runs;
}

}  // namespace nhiscan::decode
