// Base64 decoding (standard and URL-safe alphabets, padding optional). Pure and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace nhiscan::decode {

// Decodes `text` if every character belongs to one Base64 alphabet (standard '+/' or URL-safe
// '-_'), with '=' padding only at the end and a length that can be Base64. nullopt otherwise.
std::optional<std::string> DecodeBase64(std::string_view text);

// True when every byte is printable ASCII (0x20..0x7e).
bool IsPrintableAscii(std::string_view bytes);

}  // namespace nhiscan::decode
