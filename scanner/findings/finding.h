// A finding: one secret (or risky setting) at one place, with everything a report needs.
// Also the per-blob post-processing that turns raw matches into findings (identifier suppression,
// one finding per secret span), the fingerprint, redaction and the run statistics.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/rules/rule.h"

namespace nhiscan::findings {

// Where a blob came from. For files only `kind` ("file") is set; git sources fill the rest.
struct Provenance {
  std::string kind = "file";  // file, git (history) or staged
  std::string commit;         // the commit that introduced the blob at this path
  std::string author;
  std::string date;
  std::string blob;
  std::optional<bool> in_head;  // history: is the secret still in HEAD's version of the file?
};

struct Validation {
  std::string status = "not_validated";
  std::string detail;
  std::string checked_at;
};

// Why a finding is not reported as new: an inline directive, a configuration allowlist entry, a
// baseline entry, or a default exclude (generic rules in lock files, vendored code, bundles).
struct Suppression {
  std::string kind;    // inline, allowlist, baseline, default_exclude
  std::string detail;  // the directive, the allowlist entry, the baseline file or the glob
  std::string reason;  // the user's words: text after an inline directive, an allowlist "reason"
};

struct Finding {
  const rules::Rule* rule = nullptr;
  std::string path;
  uint64_t line = 0, column = 0;          // 1-based start of the secret
  uint64_t end_line = 0, end_column = 0;  // 1-based, exclusive column of the secret's end
  std::string secret;                     // raw; only reports decide whether to show it
  std::map<std::string, std::string> context;  // client_id, host, …
  std::string fingerprint;
  Provenance source;
  Validation validation;
  // The finding's line around the secret (the secret itself left out), at most a few dozen code
  // points each side; reports put the shown secret between them.
  std::string excerpt_before, excerpt_after;
  std::optional<Suppression> inline_allow;  // a directive on the line (or the line before)
  std::optional<Suppression> suppression;   // set by the policy (findings/policy.h)
};

// Stable identity of a finding: rule, path and secret, never the line, so it survives edits
// around it; the same secret in another file, or another secret on the same line, differ.
std::string Fingerprint(std::string_view rule_id, std::string_view path, std::string_view secret);

// Redaction shown in reports: a few leading characters and the length, never enough to use.
std::string Redact(std::string_view secret);
// Identifiers (client ids, org ids) are not secrets but still shortened: head…tail.
std::string ShortenIdentifier(std::string_view value);

// Applies the per-blob rules to the findings of one blob, in place:
// - an identifier finding is dropped when a secret finding attached the same value;
// - of several findings for the same secret span, a vendor rule's is kept over a generic.* rule's;
//   otherwise the most severe (at equal severity, a rule restricted to this kind of file by
//   "paths", then the first in order).
void ResolveWithinBlob(std::vector<Finding>* findings);

// Deterministic report order: path, line, column, rule id, secret.
void SortFindings(std::vector<Finding>* findings);

}  // namespace nhiscan::findings
