#include "scanner/checks/callback_key.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "scanner/base/text.h"

namespace nhiscan::checks {

namespace {

bool AllOf(std::string_view s, int (*pred)(int)) {
  return !s.empty() && std::all_of(s.begin(), s.end(),
                                   [pred](char c) { return pred(static_cast<unsigned char>(c)); });
}

bool IsTokenChars(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_';
  });
}

bool IsConsumerKey(std::string_view s) {
  return StartsWith(s, "3MVG9") && s.size() >= 40 && s.size() <= 256 && IsTokenChars(s);
}

bool IsRefreshToken(std::string_view s) {
  return StartsWith(s, "5Aep861") && s.size() >= 40 && s.size() <= 256 && IsTokenChars(s);
}

int IsUpperHex(int c) { return std::isdigit(c) || (c >= 'A' && c <= 'F'); }

bool IsStandardSecret(std::string_view s) {
  return (s.size() == 64 && AllOf(s, IsUpperHex)) || (s.size() == 19 && AllOf(s, ::isdigit));
}

// Custom consumer secrets are 8–256 characters; demand some randomness so words don't count.
bool IsCustomSecret(std::string_view s) {
  return s.size() >= 8 && s.size() <= 256 && ShannonEntropy(s) >= 3.0 &&
         std::none_of(s.begin(), s.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
}

std::vector<std::string_view> SplitParts(std::string_view text) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    bool separator = i == text.size() || std::string_view(":|;, \t\r\n&=").find(text[i]) !=
                                             std::string_view::npos;
    if (!separator) continue;
    if (i > start) parts.push_back(text.substr(start, i - start));
    start = i + 1;
  }
  return parts;
}

bool IsFieldName(std::string_view s) {
  std::string lower = ToLower(s);
  return lower == "client_id" || lower == "client_secret" || lower == "refresh_token" ||
         lower == "clientid" || lower == "clientsecret" || lower == "grant_type" ||
         lower == "client_credentials";
}

}  // namespace

std::optional<CredentialBundle> ClassifyCredentialBundle(std::string_view decoded) {
  std::vector<std::string_view> parts = SplitParts(decoded);
  std::erase_if(parts, IsFieldName);
  if (parts.size() < 2 || parts.size() > 4) return std::nullopt;
  std::string_view client_id, refresh, secret, custom;
  for (std::string_view part : parts) {
    if (IsConsumerKey(part)) {
      if (!client_id.empty()) return std::nullopt;  // two client ids: not one identity's key
      client_id = part;
    } else if (IsRefreshToken(part)) {
      if (!refresh.empty()) return std::nullopt;
      refresh = part;
    } else if (IsStandardSecret(part) && secret.empty()) {
      secret = part;
    } else if (IsCustomSecret(part) && custom.empty()) {
      custom = part;
    } else {
      return std::nullopt;  // an unexplained part: not a bundle we understand
    }
  }
  if (client_id.empty()) return std::nullopt;
  if (!refresh.empty()) return CredentialBundle{"refresh_token", std::string(client_id), std::string(refresh)};
  if (!secret.empty()) return CredentialBundle{"client_credentials", std::string(client_id), std::string(secret)};
  if (!custom.empty() && parts.size() == 2) {
    return CredentialBundle{"client_credentials", std::string(client_id), std::string(custom)};
  }
  return std::nullopt;
}

}  // namespace nhiscan::checks
