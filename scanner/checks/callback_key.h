// OneSpan callback keys: Base64 bundles of a Salesforce client id with a client secret
// (client-credentials flow) or a refresh token (older refresh-token flow). OneSpan does not
// document the exact layout, so the decoded text is split on any separator and its parts are
// classified by shape, in any order. Pure functions, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace nhiscan::checks {

struct CredentialBundle {
  std::string flow;         // "client_credentials" or "refresh_token"
  std::string client_id;
  std::string credential;   // the client secret or the refresh token
};

// Classifies decoded key text; nullopt when it is not a Salesforce credential bundle.
std::optional<CredentialBundle> ClassifyCredentialBundle(std::string_view decoded);

}  // namespace nhiscan::checks
