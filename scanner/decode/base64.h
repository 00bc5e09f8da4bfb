// Base64 decoding (standard and URL-safe alphabets, padding optional). Pure and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nhiscan::decode {

// Decodes `text` if every character belongs to one Base64 alphabet (standard '+/' or URL-safe
// '-_'), with '=' padding only at the end and a length that can be Base64. nullopt otherwise.
std::optional<std::string> DecodeBase64(std::string_view text);

// True when every byte is printable ASCII (0x20..0x7e).
bool IsPrintableAscii(std::string_view bytes);
// True when at least 95% of the bytes are printable ASCII, tab or newline: decoded text worth
// scanning again (binary payloads such as images are not).
bool LooksLikeText(std::string_view bytes);

// A maximal run of Base64 characters (one alphabet, optional '=' padding) in a text.
struct Base64Run {
  size_t begin = 0, end = 0;  // byte offsets; end is exclusive and includes padding
  std::string decoded;
};

// Finds Base64 runs of min_length..max_length characters in text[from, to) that decode to text
// (LooksLikeText). A run must mix upper and lower case or digits, so that words and identifiers
// are not mistaken for Base64. A run may extend beyond `to` but must start before it.
// Runs longer than max_length are not decoded; when `oversized` is given, those whose first
// kOversizeProbe characters decode to text are counted there (a limit was reached).
std::vector<Base64Run> FindBase64Text(std::string_view text, size_t from, size_t to,
                                      size_t min_length = 16, size_t max_length = 65536,
                                      size_t* oversized = nullptr);

constexpr size_t kOversizeProbe = 4096;

// The instructions FindBase64Text classifies text with: the best the processor has (AVX2, else
// SSE2), or forced to SSE2 or to the portable byte loop, so that tests compare them. Not
// thread-safe: for tests only.
enum class Base64Simd { kBest, kSse2, kPortable };
void SetBase64SimdForTesting(Base64Simd simd);

}  // namespace nhiscan::decode
