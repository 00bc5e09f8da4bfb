// Reports: findings and statistics rendered as text, JSON, JSON Lines or SARIF 2.1.0.
// Secrets are redacted unless show_secrets. Machine formats are byte-identical for the same input
// whatever the thread count or timing; wall-clock figures appear in them only with `timings`.
#pragma once

#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/findings/baseline.h"
#include "scanner/findings/finding.h"
#include "scanner/findings/stats.h"
#include "scanner/rules/rule.h"

namespace nhiscan::report {

struct ReportOptions {
  bool show_secrets = false;
  bool color = false;
  bool timings = false;  // include durations and cache state in machine formats
  bool quiet = false;            // text: one line per finding, nothing else
  bool show_suppressed = false;  // list suppressed findings with their reasons
  bool baseline_report = false;  // list stale baseline entries
  std::string tool_version;
};

struct Report {
  const std::vector<findings::Finding>& findings;  // reported (new) findings
  const findings::ScanStats& stats;
  const rules::RuleSet& rules;
  // Suppressed findings, each with its `suppression`; counted always, listed with show_suppressed.
  const std::vector<findings::Finding>* suppressed = nullptr;
  // Baseline entries no finding matched; listed with baseline_report. Null when no baseline.
  const std::vector<findings::BaselineEntry>* stale = nullptr;
};

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void Write(const Report& report, std::ostream& out) = 0;
};

// "text", "json", "jsonl" or "sarif"; nullptr for anything else.
std::unique_ptr<Reporter> MakeReporter(std::string_view format, const ReportOptions& options);
const std::vector<std::string>& ReportFormats();

// Suppressed findings by kind (inline, allowlist, baseline, default_exclude).
std::map<std::string, size_t> SuppressedByKind(const Report& report);
// The finding's line with the shown secret in place of the secret, and every other secret found
// on that line redacted too (text reports' excerpt).
std::string ShownExcerpt(const findings::Finding& finding, const Report& report,
                         const ReportOptions& options);

// The secret as a report shows it: raw with show_secrets, redacted otherwise.
std::string ShownSecret(const findings::Finding& finding, const ReportOptions& options);
// A context value as shown: hosts and URLs as they are, identifiers shortened, anything else
// redacted unless show_secrets.
std::string ShownContext(const std::string& field, const std::string& value,
                         const ReportOptions& options);

}  // namespace nhiscan::report
