#include "scanner/base/sha256.h"

#include <nettle/sha2.h>

#include <cstdint>

namespace nhiscan {

// Nettle rather than OpenSSL's EVP interface: EVP's first digest loads and searches the provider
// tables (about 5 million instructions), a cost every run of a pre-commit hook would pay; Nettle's
// context is a plain struct.
Sha256::Sha256() : ctx_(new sha256_ctx) { sha256_init(static_cast<sha256_ctx*>(ctx_)); }

Sha256::~Sha256() { delete static_cast<sha256_ctx*>(ctx_); }

void Sha256::Update(std::string_view bytes) {
  sha256_update(static_cast<sha256_ctx*>(ctx_), bytes.size(),
                reinterpret_cast<const uint8_t*>(bytes.data()));
}

std::string Sha256::HexDigest() {
  uint8_t digest[SHA256_DIGEST_SIZE];
  sha256_digest(static_cast<sha256_ctx*>(ctx_), SHA256_DIGEST_SIZE, digest);
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * SHA256_DIGEST_SIZE);
  for (uint8_t byte : digest) {
    out.push_back(kHex[byte >> 4]);
    out.push_back(kHex[byte & 0xf]);
  }
  return out;
}

std::string Sha256Hex(std::initializer_list<std::string_view> parts) {
  Sha256 hash;
  for (std::string_view part : parts) {
    uint64_t n = part.size();
    char len_bytes[8];
    for (int i = 0; i < 8; ++i) len_bytes[i] = static_cast<char>((n >> (8 * i)) & 0xff);
    hash.Update(std::string_view(len_bytes, 8));
    hash.Update(part);
  }
  return hash.HexDigest();
}

}  // namespace nhiscan
