#include "scanner/base/crc32.h"

#include <zlib.h>

namespace nhiscan {

uint32_t Crc32(std::string_view bytes) {
  const auto* data = reinterpret_cast<const Bytef*>(bytes.data());
  return static_cast<uint32_t>(crc32_z(crc32_z(0, nullptr, 0), data, bytes.size()));
}

}  // namespace nhiscan
