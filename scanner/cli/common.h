// Pieces every subcommand shares: rule loading, the compiled database, writing the report and the
// exit status. The one place where command-line choices meet the modules.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "scanner/base/status.h"
#include "scanner/findings/finding.h"
#include "scanner/findings/stats.h"
#include "scanner/match/database.h"
#include "scanner/rules/rule.h"

namespace CLI {
class App;
}

namespace nhiscan::cli {

enum ExitCode { kExitClean = 0, kExitFindings = 1, kExitError = 2 };

struct RuleOptions {
  std::vector<std::string> rule_paths;
  std::string cache_dir;  // "" = default; "none" disables the cache
};

struct OutputOptions {
  std::string format = "text";
  std::string output;  // "" or "-" = stdout
  std::string color = "auto";
  bool show_secrets = false;
  bool timings = false;
};

void AddRuleOptions(CLI::App* command, RuleOptions* options);
void AddOutputOptions(CLI::App* command, OutputOptions* options);

// The built-in rules plus --rules files, compiled (or loaded from the cache).
struct LoadedRules {
  std::unique_ptr<rules::RuleSet> rules;
  std::unique_ptr<match::Database> database;
};
Result<LoadedRules> LoadRules(const RuleOptions& options);

// Writes the report where --output says; the exit status the findings and stats call for.
int WriteReport(const OutputOptions& options, const std::vector<findings::Finding>& findings,
                const findings::ScanStats& stats, const rules::RuleSet& rules);

// Prints "nhiscan: error: message" on stderr and returns kExitError.
int Fail(const std::string& message);

}  // namespace nhiscan::cli
