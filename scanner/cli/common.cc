#include "scanner/cli/common.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>

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
  AddRuleOptions(command, &options->rules);
  AddOutputOptions(command, &options->output);
}

Result<uint64_t> MaxFileSize(const SourceOptions& options) {
  auto size = ParseSize(options.max_file_size);
  if (!size) return Status::InvalidArgument("--max-file-size: '" + options.max_file_size + "' is not a size");
  return *size;
}

Result<LoadedRules> LoadRules(const RuleOptions& options) {
  LoadedRules loaded;
  loaded.rules = std::make_unique<rules::RuleSet>();
  std::string cache_dir = options.cache_dir.empty() ? match::DefaultCacheDir() : options.cache_dir;
  if (cache_dir == "none") cache_dir.clear();
  rules::RuleLoadOptions load_options{options.rule_paths, cache_dir, options.with_examples};
  std::string rules_warning;
  NHISCAN_RETURN_IF_ERROR(rules::LoadRuleSet(load_options, loaded.rules.get(), &rules_warning));
  NHISCAN_RETURN_IF_ERROR(scan::ValidateStructuredChecks(*loaded.rules));
  auto database = match::Database::Build(*loaded.rules, match::DatabaseOptions{cache_dir});
  if (!database.ok()) return database.status();
  loaded.database = std::move(database).value();
  // Both caches live in one folder: when one cannot be written, one warning says why.
  std::string warning = rules_warning.empty() ? loaded.database->info().cache_warning : rules_warning;
  if (!warning.empty()) std::cerr << "nhiscan: warning: " << warning << '\n';
  return loaded;
}

namespace {

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
    {
      std::ofstream out(temp, std::ios::binary | std::ios::trunc);
      if (!out) return Fail("cannot write " + options.output);
      reporter->Write(report, out);
      out.flush();
      if (!out) {
        out.close();
        std::remove(temp.c_str());
        return Fail("cannot write " + options.output + " (disk full?)");
      }
    }
    std::error_code ec;
    std::filesystem::rename(temp, options.output, ec);
    if (ec) {
      std::remove(temp.c_str());
      return Fail("cannot write " + options.output + ": " + ec.message());
    }
  }
  if (stats.incomplete() && options.format != "text") {
    std::cerr << "nhiscan: error: incomplete scan: " << stats.errors.size()
              << " path(s) could not be read (see stats.errors)\n";
  }
  return ExitStatus(findings, stats);
}

int Fail(const std::string& message) {
  std::cerr << "nhiscan: error: " << message << '\n';
  return kExitError;
}

}  // namespace nhiscan::cli
