// Credentials hidden in Base64: each Base64 run in a window that decodes to text is either a
// OneSpan callback key (a Salesforce client id bundled with a client secret or a refresh token,
// reported as one finding that names the flow) or scanned again with every rule, its findings
// placed at the run and marked "encoding": "base64". Depth and size are bounded.
#pragma once

#include <string_view>
#include <vector>

#include "scanner/base/status.h"
#include "scanner/match/scanner.h"

namespace nhiscan::scan {

// Nested encodings followed at most this deep (Base64 inside Base64 inside the file).
constexpr int kMaxDecodeDepth = 2;

// Appends matches found through Base64 runs that start in [own_begin, own_end) of `window`.
// `callback_key_rule` is the rule that reports callback keys, or null when it is not loaded.
Status ScanEncodedRuns(match::Scanner& scanner, const rules::Rule* callback_key_rule,
                       std::string_view window, size_t own_begin, size_t own_end,
                       std::string_view path, int depth, std::vector<match::Match>* out);

}  // namespace nhiscan::scan
