// CRC-32 of byte strings (zlib's), for detecting damaged cache files cheaply. Not a digest: a
// cache directory belongs to the user, so it guards against truncation and bit rot, not forgery.
#pragma once

#include <cstdint>
#include <string_view>

namespace nhiscan {

uint32_t Crc32(std::string_view bytes);

}  // namespace nhiscan
