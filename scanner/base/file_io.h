// Whole-file reads and atomic writes, for the small files nhiscan keeps beside a scan: rule files
// and the caches of compiled rules. (Scanned content is read by source/, never through here.)
#pragma once

#include <string>
#include <string_view>

#include "scanner/base/status.h"

namespace nhiscan {

// The bytes of `path`; NotFound when it does not exist, Io for any other failure.
Result<std::string> ReadWholeFile(const std::string& path);

// Writes `bytes` to `path` through a temporary file in the same folder and a rename, creating the
// folder when needed, so that a concurrent reader sees the old file or the new one, never half.
Status WriteFileAtomically(const std::string& path, std::string_view bytes);

}  // namespace nhiscan
