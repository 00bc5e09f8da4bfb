// The filter stage: decides which findings are reported as new and which are suppressed, and why.
// In order: default excludes (generic rules in lock files, vendored code and minified bundles),
// inline allow directives (found by the pipeline, see inline_allow.h), configuration allowlists,
// then the baseline. Suppressed findings are kept with their reason for --show-suppressed.
// Thread-safe (pure functions of their arguments).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "scanner/findings/baseline.h"
#include "scanner/findings/finding.h"
#include "scanner/match/regex.h"

namespace nhiscan::findings {

// Rules whose id starts with this prefix are generic (password assignments, entropy, URL
// credentials…): the default excludes apply to them only. Provider-shaped rules still scan those
// files, because a real AWS or Salesforce key in a lock file or a bundle is still a leak.
inline constexpr std::string_view kGenericRulePrefix = "generic.";

// Lock files, vendored dependencies and minified bundles (globs, base/glob.h): generated or
// third-party text where generic rules mostly find noise.
const std::vector<std::string>& DefaultGenericExcludes();

// A configured accepted value: `value` exactly, or any secret `regex` matches (unanchored).
struct AllowEntry {
  std::string rule_id;  // "*" = every rule
  std::string value;
  std::optional<match::Regex> regex;
  std::string reason;
  std::string origin;  // where it was configured, e.g. ".nhiscan.jsonc: allow.aws.access_key_id[0]"
};

struct Policy {
  std::vector<std::string> generic_excludes;  // usually DefaultGenericExcludes()
  std::vector<AllowEntry> allow;
  std::optional<Baseline> baseline;
  std::string baseline_name;  // the file, for suppression details
};

struct PolicyResult {
  std::vector<Finding> reported;    // new findings, in the input order
  std::vector<Finding> suppressed;  // each with its `suppression`
  std::vector<BaselineEntry> stale;  // baseline entries that matched no finding at all
};

PolicyResult ApplyPolicy(std::vector<Finding> found, const Policy& policy);

}  // namespace nhiscan::findings
