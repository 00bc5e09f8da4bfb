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

// How far decoding goes (--max-decode-depth, --max-decode-size), and what it left undecoded.
struct DecodeLimits {
  int max_depth = 2;                // nested layers followed (Base64 inside Base64 inside the file)
  size_t max_size = size_t{1} << 20;  // longest Base64 run decoded, in characters
};
struct DecodeLimitsHit {
  uint64_t depth = 0;  // Base64 text found at the deepest layer, not decoded
  uint64_t size = 0;   // runs longer than max_size whose start decodes to text
};

// Appends matches found through Base64 runs that start in [own_begin, own_end) of `window`.
// `callback_key_rule` is the rule that reports callback keys, or null when it is not loaded.
// `depth` is the number of layers already decoded (0 for the file's own bytes).
Status ScanEncodedRuns(match::Scanner& scanner, const rules::Rule* callback_key_rule,
                       const DecodeLimits& limits, std::string_view window, size_t own_begin,
                       size_t own_end, std::string_view path, int depth,
                       std::vector<match::Match>* out, DecodeLimitsHit* hit);

}  // namespace nhiscan::scan
