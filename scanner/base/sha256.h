// SHA-256 of byte strings, as lowercase hex. Used for fingerprints and cache keys.
// Implemented over Nettle (the only third-party dependency of base/); thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <initializer_list>

namespace nhiscan {

// Hex SHA-256 of the concatenation of parts, each part preceded by its length so that
// ("ab","c") and ("a","bc") differ.
std::string Sha256Hex(std::initializer_list<std::string_view> parts);

// Incremental hashing for large inputs.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void Update(std::string_view bytes);
  std::string HexDigest();

 private:
  void* ctx_;
};

}  // namespace nhiscan
