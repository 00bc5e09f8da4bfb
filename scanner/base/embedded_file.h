// A data file compiled into the binary by embed_files.cmake: its name and its text.
#pragma once

#include <string_view>

namespace nhiscan {

struct EmbeddedFile {
  std::string_view name;
  std::string_view text;
};

}  // namespace nhiscan
