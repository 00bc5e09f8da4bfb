#include "scanner/match/value_checks.h"

#include "scanner/decode/base64.h"

namespace nhiscan::match {

namespace {

// Base64 of "<id>:<secret>", both parts printable and at least four characters long: the shape of
// OneSpan API keys and of HTTP Basic credentials.
bool IsBase64CredentialPair(std::string_view value) {
  auto decoded = decode::DecodeBase64(value);
  if (!decoded || decoded->size() < 10 || !decode::IsPrintableAscii(*decoded)) return false;
  size_t colon = decoded->find(':');
  if (colon == std::string::npos) return false;
  return colon >= 4 && decoded->size() - colon - 1 >= 4;
}

}  // namespace

bool IsKnownValueCheck(std::string_view name) { return name == "base64_credential_pair"; }

bool PassesValueCheck(std::string_view name, std::string_view value) {
  if (name == "base64_credential_pair") return IsBase64CredentialPair(value);
  return false;
}

}  // namespace nhiscan::match
