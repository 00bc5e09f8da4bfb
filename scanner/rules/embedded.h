// The rule files compiled into the binary (patterns/*.jsonc), in file-name order.
// The definition is generated at build time by base/embed_files.cmake.
#pragma once

#include <vector>

#include "scanner/base/embedded_file.h"

namespace nhiscan::rules {

const std::vector<EmbeddedFile>& EmbeddedRuleFiles();

}  // namespace nhiscan::rules
