// Salesforce DX metadata XML (source format): Connected Apps (*.connectedApp-meta.xml) and the
// four files of an External Client App (*.eca-meta.xml, *.ecaGlblOauth-meta.xml,
// *.ecaOauth-meta.xml, *.ecaOauthPlcy-meta.xml). Parsed with pugixml, which never resolves
// external entities. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "scanner/checks/facts.h"

namespace nhiscan::checks {

// The OAuth configuration in one metadata file, or nullopt when the file is not app metadata (or
// not well-formed XML). For External Client App files, `name` is the externalClientApplication
// the file belongs to, so fragments can be joined.
std::optional<AppConfig> ParseAppMetadata(const std::string& path, std::string_view content);

}  // namespace nhiscan::checks
