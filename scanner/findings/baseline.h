// Baselines: the fingerprints of accepted findings, so that a scan reports only new ones.
// A baseline file never holds a secret: each entry is a fingerprint (findings/finding.h), the rule
// id and the path, for review. The file is JSON with one entry per line, sorted by fingerprint and
// without duplicates, so that two branches that each add entries usually merge cleanly in git and
// any two baselines merge as a plain union (MergeBaselines, `nhiscan baseline merge`).
// Parsing and formatting are pure functions (text in, value or error out); thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scanner/base/status.h"
#include "scanner/findings/finding.h"

namespace nhiscan::findings {

struct BaselineEntry {
  std::string fingerprint;
  std::string rule_id;
  std::string path;
};

struct Baseline {
  std::vector<BaselineEntry> entries;  // sorted by fingerprint, one per fingerprint
};

// Parses a baseline file's text. Errors name the file and the key (`findings[2].fingerprint`),
// and unknown keys are errors.
Result<Baseline> ParseBaseline(std::string_view text, const std::string& file_name);
// The file's text: {"version": 1, "findings": [ one entry per line ]}.
std::string FormatBaseline(const Baseline& baseline);
// The baseline that accepts every one of `found`.
Baseline BaselineOf(const std::vector<Finding>& found);
// Union of two baselines (an entry present in both is kept once).
Baseline MergeBaselines(const Baseline& a, const Baseline& b);

}  // namespace nhiscan::findings
