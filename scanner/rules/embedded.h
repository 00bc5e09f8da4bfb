// The rule files compiled into the binary (patterns/*.jsonc), in file-name order.
// The definition is generated at build time by base/embed_files.cmake.
#pragma once

#include <string_view>
#include <vector>

#include "scanner/base/embedded_file.h"

namespace nhiscan::rules {

const std::vector<EmbeddedFile>& EmbeddedRuleFiles();
// SHA-256 of every embedded rule file's name and text, computed at build time.
std::string_view EmbeddedRuleFilesDigest();

}  // namespace nhiscan::rules
