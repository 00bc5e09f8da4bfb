// The scanning pipeline: items from a Source are read by a pool of threads, each with its own
// BlobReader and match::Scanner; large blobs are scanned in overlapping windows so memory stays
// bounded and a match across a window boundary is found exactly once; matches become findings
// with line, column, fingerprint and provenance; the result is sorted so that output does not
// depend on the thread count.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/base/status.h"
#include "scanner/checks/facts.h"
#include "scanner/findings/finding.h"
#include "scanner/findings/stats.h"
#include "scanner/match/database.h"
#include "scanner/match/scanner.h"
#include "scanner/scan/encoded.h"
#include "scanner/source/source.h"

namespace nhiscan::scan {

// Resource limits of one run (README "Hardening"); reaching one is counted in stats.limits_hit.
struct ScanLimits {
  DecodeLimits decode;                 // --max-decode-depth, --max-decode-size
  size_t max_findings_per_file = 1000; // --max-findings-per-file; 0 = no limit
};

struct ScanOptions {
  unsigned threads = 0;                       // 0: one per core
  match::Engine engine = match::Engine::kHyperscan;
  size_t window_size = 8 << 20;               // bytes owned by one window of a large blob
  std::string provenance = "file";            // findings' source.kind: file, git, staged
  bool progress = false;                      // live progress line on stderr
  // Structured checks that join files (app configuration, callback endpoints): right for a tree,
  // not for a history of blobs from different commits.
  bool project_checks = true;
  ScanLimits limits;
};

struct ScanResult {
  std::vector<findings::Finding> findings;
  findings::ScanStats stats;
  std::vector<checks::FileFacts> facts;  // with project_checks: what the checks saw, by file
};

// Scans every item of `source`. Per-item problems are recorded in the stats (and make the result
// incomplete); only a failure to enumerate at all is returned as an error. When cancellation is
// requested (base/cancel.h) the items not yet scanned are left out and stats.interrupted is set.
Result<ScanResult> RunScan(source::Source& source, const match::Database& database,
                           const ScanOptions& options);

// Every rule with a "check" must name a check the engine implements.
Status ValidateStructuredChecks(const rules::RuleSet& rules);

// Scans one in-memory text as a file at `path`; used by `rules check` and tests.
Result<std::vector<findings::Finding>> ScanText(std::string_view text, std::string_view path,
                                                const match::Database& database,
                                                match::Engine engine,
                                                size_t window_size = 8 << 20);

}  // namespace nhiscan::scan
