#include "scanner/cli/common.h"

#include <signal.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>

#include "scanner/base/cancel.h"
#include "scanner/base/text.h"
#include "scanner/report/reporter.h"
#include "scanner/rules/loader.h"
#include "scanner/scan/pipeline.h"

namespace nhiscan::cli {

void AddRuleOptions(CLI::App* command, RuleOptions* options) {
  command
      ->add_option("--rules", options->rule_paths,
                   "Extra rule file or folder of *.jsonc files (repeatable); a rule with a "
                   "built-in id replaces the built-in rule")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  command->add_option("--cache-dir", options->cache_dir,
                      "Folder for the compiled rule cache (default $NHISCAN_CACHE_DIR, "
                      "$XDG_CACHE_HOME/nhiscan or ~/.cache/nhiscan); 'none' disables it");
}

void AddOutputOptions(CLI::App* command, OutputOptions* options) {
  command->add_option("--format,-f", options->format, "Report format")
      ->check(CLI::IsMember(report::ReportFormats()))
      ->capture_default_str();
  command->add_option("--output,-o", options->output, "Write the report to FILE instead of stdout");
  command->add_option("--color", options->color, "Colour in text output")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  command->add_flag("--show-secrets", options->show_secrets,
                    "Print secrets in full (they are redacted by default)");
  command->add_flag("--timings", options->timings,
                    "Include durations and rule-cache state in JSON and SARIF stats (makes the "
                    "output differ from run to run)");
}

void AddSourceOptions(CLI::App* command, SourceOptions* options) {
  command
      ->add_option("--exclude", options->excludes,
                   "Skip paths matching GLOB (repeatable). Without '/', matched against file "
                   "and folder names at any depth; '*' also matches '/'")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  command->add_option("--max-file-size", options->max_file_size,
                      "Skip (and count) files larger than SIZE, e.g. 10MiB; 0 = no limit")
      ->capture_default_str();
  command->add_option("--threads,-j", options->threads, "Scanning threads (default: one per core)");
  command
      ->add_option("--max-decode-depth", options->max_decode_depth,
                   "Nested Base64 layers decoded and scanned; deeper text makes the scan "
                   "incomplete")
      ->check(CLI::Range(0, 16))
      ->capture_default_str();
  command
      ->add_option("--max-decode-size", options->max_decode_size,
                   "Longest Base64 run decoded, e.g. 4MiB; longer text makes the scan incomplete")
      ->capture_default_str();
  command
      ->add_option("--max-findings-per-file", options->max_findings_per_file,
                   "Findings listed per file; the rest are counted in stats.summarised (0 = all)")
      ->capture_default_str();
  AddRuleOptions(command, &options->rules);
  AddOutputOptions(command, &options->output);
}

Result<uint64_t> MaxFileSize(const SourceOptions& options) {
  auto size = ParseSize(options.max_file_size);
  if (!size) return Status::InvalidArgument("--max-file-size: '" + options.max_file_size + "' is not a size");
  return *size;
}

Result<scan::ScanLimits> ScanLimitsFrom(const SourceOptions& options) {
  scan::ScanLimits limits;
  auto size = ParseSize(options.max_decode_size);
  if (!size || *size == 0) {
    return Status::InvalidArgument("--max-decode-size: '" + options.max_decode_size +
                                   "' is not a positive size");
  }
  limits.decode.max_size = *size;
  limits.decode.max_depth = options.max_decode_depth;
  limits.max_findings_per_file = options.max_findings_per_file;
  return limits;
}

Result<LoadedRules> LoadRules(const RuleOptions& options) {
  LoadedRules loaded;
  loaded.rules = std::make_unique<rules::RuleSet>();
  NHISCAN_RETURN_IF_ERROR(rules::LoadBuiltinRules(loaded.rules.get()));
  for (const std::string& path : options.rule_paths) {
    NHISCAN_RETURN_IF_ERROR(rules::LoadRulePath(path, loaded.rules.get()));
  }
  NHISCAN_RETURN_IF_ERROR(scan::ValidateStructuredChecks(*loaded.rules));
  match::DatabaseOptions db_options;
  db_options.cache_dir = options.cache_dir.empty() ? match::DefaultCacheDir() : options.cache_dir;
  if (db_options.cache_dir == "none") db_options.cache_dir.clear();
  auto database = match::Database::Build(*loaded.rules, db_options);
  if (!database.ok()) return database.status();
  loaded.database = std::move(database).value();
  if (!loaded.database->info().cache_warning.empty()) {
    std::cerr << "nhiscan: warning: " << loaded.database->info().cache_warning << '\n';
  }
  return loaded;
}

namespace {

// The report's temporary file while it is being written, for the second-signal handler: a fixed
// buffer and a flag, because a signal handler may not touch std::string.
char temp_report_path[4096];
volatile sig_atomic_t temp_report_set = 0;

void RegisterTempReport(const std::string& path) {
  if (path.size() >= sizeof(temp_report_path)) return;
  std::memcpy(temp_report_path, path.c_str(), path.size() + 1);
  temp_report_set = 1;
}
void UnregisterTempReport() { temp_report_set = 0; }

void OnInterrupt(int signal_number) {
  if (!CancelRequested()) {
    RequestCancel();
    static const char kMessage[] =
        "\nnhiscan: interrupted: finishing with a partial report (again to abort)\n";
    ssize_t ignored = ::write(STDERR_FILENO, kMessage, sizeof(kMessage) - 1);
    (void)ignored;
    return;
  }
  if (temp_report_set) ::unlink(temp_report_path);
  ::signal(signal_number, SIG_DFL);
  ::raise(signal_number);
}

bool UseColor(const OutputOptions& options) {
  if (options.color == "always") return true;
  if (options.color == "never") return false;
  if (!options.output.empty() && options.output != "-") return false;
  const char* term = std::getenv("TERM");
  if (std::getenv("NO_COLOR") || (term && std::string(term) == "dumb")) return false;
  return ::isatty(STDOUT_FILENO);
}

bool IsRegularFileOrMissing(const std::string& path) {
  std::error_code ec;
  auto status = std::filesystem::status(path, ec);
  return ec || status.type() == std::filesystem::file_type::not_found ||
         status.type() == std::filesystem::file_type::regular;
}

int ExitStatus(const std::vector<findings::Finding>& findings, const findings::ScanStats& stats) {
  if (stats.incomplete()) return kExitError;
  return findings.empty() ? kExitClean : kExitFindings;
}

}  // namespace

int WriteReport(const OutputOptions& options, const std::vector<findings::Finding>& findings,
                const findings::ScanStats& stats, const rules::RuleSet& rules) {
  report::ReportOptions report_options;
  report_options.show_secrets = options.show_secrets;
  report_options.color = UseColor(options);
  report_options.timings = options.timings;
  report_options.tool_version = NHISCAN_VERSION;
  auto reporter = report::MakeReporter(options.format, report_options);
  if (!reporter) return Fail("unknown format '" + options.format + "'");
  report::Report report{findings, stats, rules};
  if (options.output.empty() || options.output == "-") {
    reporter->Write(report, std::cout);
    std::cout.flush();
    if (!std::cout) return Fail("cannot write the report to stdout");
  } else if (!IsRegularFileOrMissing(options.output)) {
    // /dev/null, a FIFO, a terminal: write to it as it is, never replace it.
    std::ofstream out(options.output, std::ios::binary);
    if (!out) return Fail("cannot write " + options.output);
    reporter->Write(report, out);
    if (!out.flush()) return Fail("cannot write " + options.output);
  } else {
    // Written beside the target and renamed, so a failed write never leaves half a report.
    const std::string temp = options.output + ".nhiscan-tmp";
    RegisterTempReport(temp);
    {
      std::ofstream out(temp, std::ios::binary | std::ios::trunc);
      if (!out) {
        UnregisterTempReport();
        return Fail("cannot write " + options.output);
      }
      reporter->Write(report, out);
      out.flush();
      if (!out) {
        out.close();
        std::remove(temp.c_str());
        UnregisterTempReport();
        return Fail("cannot write " + options.output + " (disk full?)");
      }
    }
    std::error_code ec;
    std::filesystem::rename(temp, options.output, ec);
    UnregisterTempReport();
    if (ec) {
      std::remove(temp.c_str());
      return Fail("cannot write " + options.output + ": " + ec.message());
    }
  }
  if (stats.incomplete() && options.format != "text") {
    std::cerr << "nhiscan: error: incomplete scan: "
              << (stats.interrupted ? "interrupted; " : "") << stats.errors.size()
              << " path(s) could not be scanned (see stats.errors)\n";
  }
  for (const auto& [limit, count] : stats.limits_hit) {
    std::cerr << "nhiscan: warning: limit " << limit << " reached " << count
              << (count == 1 ? " time" : " times") << " (see stats.limits_hit)\n";
  }
  return ExitStatus(findings, stats);
}

void InstallInterruptHandlers() {
  struct sigaction action;
  std::memset(&action, 0, sizeof(action));
  action.sa_handler = OnInterrupt;
  action.sa_flags = SA_RESTART;  // reads in libraries resume; the scan polls the flag
  sigemptyset(&action.sa_mask);
  for (int signal_number : {SIGINT, SIGTERM}) ::sigaction(signal_number, &action, nullptr);
  // Over a file size limit (ulimit -f), a write fails with EFBIG and the report is not written
  // (exit 2, temporary file removed) instead of the process dying half-way through it.
  ::signal(SIGXFSZ, SIG_IGN);
}

int Fail(const std::string& message) {
  std::cerr << "nhiscan: error: " << message << '\n';
  return kExitError;
}

}  // namespace nhiscan::cli
