// Pieces every subcommand shares: rule loading, the compiled database, writing the report and the
// exit status. The one place where command-line choices meet the modules.
#pragma once

#include <chrono>

#include <memory>
#include <string>
#include <vector>

#include "scanner/base/status.h"
#include "scanner/config/config.h"
#include "scanner/findings/finding.h"
#include "scanner/findings/policy.h"
#include "scanner/findings/stats.h"
#include "scanner/match/database.h"
#include "scanner/rules/rule.h"
#include "scanner/scan/pipeline.h"

namespace CLI {
class App;
}
namespace nhiscan::source {
class GitSource;
}

namespace nhiscan::cli {

enum ExitCode { kExitClean = 0, kExitFindings = 1, kExitError = 2 };

struct RuleOptions {
  std::vector<std::string> rule_paths;
  std::string cache_dir;  // "" = default; "none" disables the cache
  bool with_examples = false;  // `rules check`: parse the sources, never the snapshot
  std::vector<std::string> disabled;  // rule ids left out (the configuration's "disable")
  std::string disabled_origin;        // the configuration file, for errors
};

struct OutputOptions {
  std::string format = "text";
  std::string output;  // "" or "-" = stdout
  std::string color = "auto";
  bool show_secrets = false;
  bool timings = false;
  bool quiet = false;
  bool show_suppressed = false;
  bool baseline_report = false;
};

// What to read and how: shared by scan, git and staged.
struct SourceOptions {
  std::vector<std::string> excludes;
  std::string max_file_size = "100MiB";
  unsigned threads = 0;
  // Resource limits (README "Hardening"), turned into scan::ScanLimits by ScanLimitsFrom.
  int max_decode_depth = 2;
  std::string max_decode_size = "1MiB";
  size_t max_findings_per_file = 1000;
  RuleOptions rules;
  OutputOptions output;
  std::string config;     // --config FILE; "" = the project's .nhiscan.jsonc, if any
  std::string baseline;   // --baseline FILE
  std::string fail_on;    // --fail-on; "" = the configuration's, else any finding
  bool create_baseline = false;  // `baseline create`: write a baseline instead of a report
};

// The project configuration in effect for one run, and the filter policy built from it.
struct Project {
  config::Config config;
  findings::Policy policy;
  std::string fail_on;
};
// Reads --config (or the .nhiscan.jsonc found from `start` upwards), merges its rules, disabled
// rules and excludes into *options, and loads the baseline (--baseline, else the configuration's;
// not for `baseline create`).
Result<Project> LoadProject(const std::string& start, SourceOptions* options);
// A baseline file, read and parsed; errors name the file.
Result<findings::Baseline> ReadBaselineFile(const std::string& path);
// Checks the configuration against the loaded rules (allow keys must be rule ids or "*") and
// compiles the allowlist.
Status CompileAllowlist(const rules::RuleSet& rules, Project* project);

void AddRuleOptions(CLI::App* command, RuleOptions* options);
// --exclude, --max-file-size, --threads, --config, --baseline, --fail-on, the rule options and
// the output options.
void AddSourceOptions(CLI::App* command, SourceOptions* options);
// --max-file-size in bytes (0 = no limit), or an error naming the bad value.
Result<uint64_t> MaxFileSize(const SourceOptions& options);
// --max-decode-depth, --max-decode-size and --max-findings-per-file, checked.
Result<scan::ScanLimits> ScanLimitsFrom(const SourceOptions& options);
void AddOutputOptions(CLI::App* command, OutputOptions* options);

// The built-in rules plus --rules files, compiled (or loaded from the cache).
struct LoadedRules {
  std::unique_ptr<rules::RuleSet> rules;
  std::unique_ptr<match::Database> database;
};
Result<LoadedRules> LoadRules(const RuleOptions& options);

// Applies the project's policy (suppressions, baseline), writes the report (or, for
// `baseline create`, the baseline) where --output says, and returns the exit status: 2 for an
// incomplete scan, else 1 when a reported finding meets --fail-on (any finding by default).
int WriteReport(const SourceOptions& options, const Project& project,
                std::vector<findings::Finding> found, const findings::ScanStats& stats,
                const rules::RuleSet& rules);
// The exit status for reported findings under a --fail-on value ("" = any finding fails).
int ExitStatusFor(const std::vector<findings::Finding>& reported, const findings::ScanStats& stats,
                  const std::string& fail_on);

// History findings: keeps only the secrets each commit introduced, then adds author, date and
// whether the secret is still in HEAD's version of the file (defined in git_command.cc).
void AddHistoryProvenance(const source::GitSource& git, std::vector<findings::Finding>* found);

// SIGINT and SIGTERM: the first asks the scan to stop (base/cancel.h); the partial report is
// written, marked interrupted, and the exit status is 2. A second one removes the report's
// temporary file, if one is being written, and ends the process at once.
void InstallInterruptHandlers();

// Prints "nhiscan: error: message" on stderr and returns kExitError.
int Fail(const std::string& message);

// Ends the process with `code` once a scan's report is out, without tearing down what the run
// built (rules, database, repository handles, findings) or running exit handlers: that is memory
// the kernel takes back anyway, and about 1 ms of a 30 ms pre-commit run. Output streams are
// flushed first; every thread has been joined by then. A build with AddressSanitizer returns
// `code` instead, so that its leak check still sees everything the run allocated.
int ExitAfterReport(int code);

// Wall time of a command's phases, for --timings: each Mark names the time since the previous
// one, the first since main() started (MarkMainStarted).
void MarkMainStarted();
class PhaseClock {
 public:
  PhaseClock();
  void Mark(std::string phase);
  const std::vector<std::pair<std::string, double>>& phases() const { return phases_; }

 private:
  std::chrono::steady_clock::time_point last_;
  std::vector<std::pair<std::string, double>> phases_;
};

}  // namespace nhiscan::cli
