#include "scanner/decode/base64.h"

#include <algorithm>
#include <array>
#include <cstdint>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

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
enum : uint8_t {
  kBase64 = 1,
  kUpper = 2,
  kLower = 4,
  kDigit = 8,
  kStandardOnly = 16,
  kUrlOnly = 32
};

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

Base64Simd g_simd = Base64Simd::kBest;

#if defined(__x86_64__)
// Base64Mask of 64 bytes with AVX2: two table lookups a byte (its low and its high nibble) give
// classes whose intersection is empty for every byte outside both alphabets. A third of the
// instructions of the SSE2 version, which compares each byte with every range.
//   high nibble 2: '+' '-' '/' (low B, D, F)    3: '0'..'9' (low 0-9)
//               4, 6: 'A'..'O', 'a'..'o' (low 1-F)   5, 7: 'P'..'Z', 'p'..'z' (low 0-A)
//               5 also: '_' (low F)             8-F: no byte above 0x7F is Base64
__attribute__((target("avx2"))) uint64_t Base64MaskAvx2(const char* p) {
  const __m256i by_low = _mm256_setr_epi8(  //
      0x0A, 0x0E, 0x0E, 0x0E, 0x0E, 0x0E, 0x0E, 0x0E, 0x0E, 0x0E, 0x0C, 0x05, 0x04, 0x05, 0x04,
      0x15,  //
      0x0A, 0x0E, 0x0E, 0x0E, 0x0E, 0x0E, 0x0E, 0x0E, 0x0E, 0x0E, 0x0C, 0x05, 0x04, 0x05, 0x04,
      0x15);
  const __m256i by_high = _mm256_setr_epi8(                              //
      0, 0, 0x01, 0x02, 0x04, 0x18, 0x04, 0x08, 0, 0, 0, 0, 0, 0, 0, 0,  //
      0, 0, 0x01, 0x02, 0x04, 0x18, 0x04, 0x08, 0, 0, 0, 0, 0, 0, 0, 0);
  const __m256i nibble = _mm256_set1_epi8(0x0F);
  uint64_t mask = 0;
  for (int half = 0; half < 2; ++half) {
    const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32 * half));
    const __m256i low = _mm256_and_si256(x, nibble);
    const __m256i high = _mm256_and_si256(_mm256_srli_epi16(x, 4), nibble);
    const __m256i classes =
        _mm256_and_si256(_mm256_shuffle_epi8(by_low, low), _mm256_shuffle_epi8(by_high, high));
    const __m256i none = _mm256_cmpeq_epi8(classes, _mm256_setzero_si256());
    mask |= static_cast<uint64_t>(~static_cast<uint32_t>(_mm256_movemask_epi8(none)))
            << (32 * half);
  }
  return mask;
}

// The same with SSE2, part of every x86-64: each byte compared with every range.
uint64_t Base64MaskSse2(const char* p) {
  uint64_t mask = 0;
  const __m128i case_bit = _mm_set1_epi8(0x20);
  // Shifted so that the range starts at -128: one signed comparison tests it.
  const __m128i letter_shift = _mm_set1_epi8(static_cast<char>(0x80 - 'a'));
  const __m128i letter_limit = _mm_set1_epi8(static_cast<char>(-128 + 26));
  const __m128i digit_shift = _mm_set1_epi8(static_cast<char>(0x80 - '0'));
  const __m128i digit_limit = _mm_set1_epi8(static_cast<char>(-128 + 10));
  for (int part = 0; part < 4; ++part) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * part));
    // 'A'..'Z' and 'a'..'z' are the same range once the case bit is set.
    const __m128i letter =
        _mm_cmplt_epi8(_mm_add_epi8(_mm_or_si128(x, case_bit), letter_shift), letter_limit);
    const __m128i digit = _mm_cmplt_epi8(_mm_add_epi8(x, digit_shift), digit_limit);
    const __m128i sign =
        _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('+')), _mm_cmpeq_epi8(x, _mm_set1_epi8('/')));
    const __m128i url =
        _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('-')), _mm_cmpeq_epi8(x, _mm_set1_epi8('_')));
    const __m128i any = _mm_or_si128(_mm_or_si128(letter, digit), _mm_or_si128(sign, url));
    mask |= static_cast<uint64_t>(static_cast<uint16_t>(_mm_movemask_epi8(any))) << (16 * part);
  }
  return mask;
}
#endif

bool UseAvx2() {
#if defined(__x86_64__)
  static const bool supported = __builtin_cpu_supports("avx2");
  return supported && g_simd == Base64Simd::kBest;
#else
  return false;
#endif
}

// Bit i set when text[at + i] is a Base64 character of either alphabet; bytes past the end of
// the text count as not Base64. Hyperscan (and so nhiscan) runs on x86-64 only; the byte loop
// keeps other targets correct, not fast.
uint64_t Base64Mask(std::string_view text, size_t at) {
#if defined(__x86_64__)
  if (text.size() - at >= 64 && g_simd != Base64Simd::kPortable) {
    return UseAvx2() ? Base64MaskAvx2(text.data() + at) : Base64MaskSse2(text.data() + at);
  }
#endif
  uint64_t mask = 0;
  const size_t n = std::min<size_t>(64, text.size() - at);
  for (size_t i = 0; i < n; ++i) {
    if (kClasses[static_cast<unsigned char>(text[at + i])] & kBase64) mask |= uint64_t{1} << i;
  }
  return mask;
}

// Longest stretch StretchStarts looks for: a block must hold one whole.
constexpr size_t kMaxStretch = 32;

// Bit i set when bits i .. i + n - 1 of `mask` are all set (n <= kMaxStretch), for the starts
// whose stretch lies inside the 64 bits.
uint64_t StretchStarts(uint64_t mask, size_t n) {
  uint64_t starts = mask;
  for (size_t covered = 1; covered < n;) {  // each step doubles the length covered, at most
    const size_t shift = std::min(covered, n - covered);
    starts &= starts >> shift;
    covered += shift;
  }
  return starts & (~uint64_t{0} >> (n - 1));
}

}  // namespace

void SetBase64SimdForTesting(Base64Simd simd) { g_simd = simd; }

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
  for (unsigned char c : bytes)
    printable += (c >= 0x20 && c <= 0x7e) || c == '\t' || c == '\n' || c == '\r';
  return printable * 100 >= bytes.size() * 95;
}

std::vector<Base64Run> FindBase64Text(std::string_view text, size_t from, size_t to,
                                      size_t min_length, size_t max_length, size_t* oversized) {
  std::vector<Base64Run> runs;
  to = std::min(to, text.size());
  min_length = std::max<size_t>(min_length, 1);
  auto class_of = [&](size_t i) { return kClasses[static_cast<unsigned char>(text[i])]; };
  auto is_b64 = [&](size_t i) { return (class_of(i) & kBase64) != 0; };
  // Blocks of 64 bytes are classified at once, and only where `stretch` Base64 characters follow
  // one another is a run widened and looked at byte by byte. Source code is full of short runs
  // (identifiers, paths): probing it byte-wise cost a fifth of a kernel tree's scan.
  const size_t stretch = std::min(min_length, kMaxStretch);
  size_t at = from;
  while (at < to) {
    uint64_t mask = Base64Mask(text, at);
    const uint64_t starts = StretchStarts(mask, stretch);
    if (starts == 0) {
      at += 65 - stretch;  // a stretch starting before this would have been seen
      continue;
    }
    // The first byte of a stretch. Its run may begin before `at` only if it is the block's first
    // byte (otherwise the byte before would start a stretch too).
    size_t offset = static_cast<size_t>(__builtin_ctzll(starts));
    size_t begin = at + offset;
    while (begin > 0 && is_b64(begin - 1)) --begin;
    if (begin >= to) break;  // runs from here on belong to the next window
    // Its end, from the masks: the first byte after the stretch that is not Base64.
    size_t end = text.size();
    for (size_t block = at; block < text.size(); block += 64, offset = 0) {
      if (block != at) mask = Base64Mask(text, block);
      const uint64_t ahead = ~mask >> offset;  // the top `offset` bits are past the block
      if (ahead) {
        end = block + offset + static_cast<size_t>(__builtin_ctzll(ahead));
        break;
      }
    }
    uint8_t kinds = 0;
    for (size_t i = begin; i < end; ++i) kinds |= class_of(i);
    at = end;  // text[end] is not Base64: the next run starts after it
    const size_t length = end - begin;
    // A run that starts before `from` belongs to the window that owns its start.
    if (begin < from || length < min_length) continue;
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
