// Reading a saved JSON report (`--format json`) back into findings, for `nhiscan validate`.
// A pure function over the report's text, so it can be fuzzed: malformed input gives an error
// naming what is wrong, never an exception or a crash. Thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scanner/base/status.h"
#include "scanner/findings/finding.h"
#include "scanner/findings/stats.h"
#include "scanner/rules/rule.h"

namespace nhiscan::report {

struct ReadFinding {
  findings::Finding finding;  // rule points into the RuleSet passed to ParseJsonReport
  // True when the report holds the secret itself (written with --show-secrets): secret and
  // context are then complete. Otherwise the secret is the redacted form and context values may
  // be shortened, and the finding has to be found again in its file.
  bool secret_revealed = false;
};

struct ReadReport {
  std::vector<ReadFinding> findings;
  findings::ScanStats stats;  // files, blobs and bytes as the report gives them
};

Result<ReadReport> ParseJsonReport(std::string_view text, const rules::RuleSet& rules);

}  // namespace nhiscan::report
