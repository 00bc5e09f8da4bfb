// The rule files compiled into the binary (patterns/*.jsonc), in file-name order.
// The definition is generated at build time by embed_rules.cmake.
#pragma once

#include <string_view>
#include <vector>

namespace nhiscan::rules {

struct EmbeddedFile {
  std::string_view name;
  std::string_view text;
};

const std::vector<EmbeddedFile>& EmbeddedRuleFiles();

}  // namespace nhiscan::rules
