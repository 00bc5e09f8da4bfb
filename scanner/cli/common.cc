#include "scanner/cli/common.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>

#include <CLI/CLI.hpp>

#include "scanner/base/file_io.h"
#include "scanner/base/cancel.h"
#include "scanner/base/text.h"
#include "scanner/match/prebuilt_database.h"
#include "scanner/findings/baseline.h"
#include "scanner/match/regex.h"
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
  command->add_flag("--quiet,-q", options->quiet,
                    "Text format: one line per finding and nothing else (for hooks)");
  command->add_flag("--show-suppressed", options->show_suppressed,
                    "Also list suppressed findings (inline allows, allowlist, baseline, default "
                    "excludes) with their reasons");
  command->add_flag("--baseline-report", options->baseline_report,
                    "List baseline entries that no finding matched any more (stale)");
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
  command->add_option("--config", options->config,
                      "Project configuration file (default: .nhiscan.jsonc at the root of the "
                      "scanned project, if there is one)");
  command->add_option("--baseline", options->baseline,
                      "Hide the findings this baseline file accepts (nhiscan baseline create)");
  command->add_option("--fail-on", options->fail_on,
                      "Exit 1 only for findings at or above SEVERITY (critical, high, medium, low, "
                      "info), or 'live' for findings --validate found live (default: any finding)")
      ->check(CLI::IsMember(config::FailOnValues()));
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

namespace {

// The rule set without the configuration's disabled rules; an unknown id is an error, so that a
// typo does not silently leave a rule on.
Result<std::unique_ptr<rules::RuleSet>> WithoutDisabledRules(const rules::RuleSet& all,
                                                             const RuleOptions& options) {
  for (size_t i = 0; i < options.disabled.size(); ++i) {
    if (!all.FindRule(options.disabled[i])) {
      return Status::InvalidArgument(options.disabled_origin + ": disable[" + std::to_string(i) +
                                     "]: unknown rule id '" + options.disabled[i] + "'");
    }
  }
  std::vector<rules::Rule> kept;
  for (const rules::Rule& rule : all.rules()) {
    if (std::find(options.disabled.begin(), options.disabled.end(), rule.id) ==
        options.disabled.end()) {
      kept.push_back(rule);
    }
  }
  auto set = std::make_unique<rules::RuleSet>();
  set->Add(std::move(kept), all.extractors());
  return set;
}

}  // namespace

Result<findings::Baseline> ReadBaselineFile(const std::string& path) {
  auto text = ReadWholeFile(path);
  if (!text.ok()) return Status::Io(path + ": cannot read the baseline file");
  return findings::ParseBaseline(text.value(), path);
}


Result<Project> LoadProject(const std::string& start, SourceOptions* options) {
  Project project;
  std::string file = options->config;
  if (file.empty()) file = config::FindProjectConfig(start).value_or("");
  if (!file.empty()) {
    auto loaded = config::LoadConfigFile(file);
    if (!loaded.ok()) return loaded.status();
    project.config = std::move(loaded).value();
  }
  const config::Config& c = project.config;
  options->rules.rule_paths.insert(options->rules.rule_paths.end(), c.rules.begin(), c.rules.end());
  options->rules.disabled = c.disable;
  options->rules.disabled_origin = c.file;
  options->excludes.insert(options->excludes.end(), c.exclude.begin(), c.exclude.end());
  if (c.default_excludes) project.policy.generic_excludes = findings::DefaultGenericExcludes();
  project.policy.generic_excludes.insert(project.policy.generic_excludes.end(),
                                         c.generic_excludes.begin(), c.generic_excludes.end());
  project.fail_on = options->fail_on.empty() ? c.fail_on : options->fail_on;
  if (!options->create_baseline) {
    std::string baseline = options->baseline.empty() ? c.baseline : options->baseline;
    if (!baseline.empty()) {
      auto parsed = ReadBaselineFile(baseline);
      if (!parsed.ok()) return parsed.status();
      project.policy.baseline = std::move(parsed).value();
      project.policy.baseline_name = baseline;
    }
  }
  if (options->output.baseline_report && !project.policy.baseline) {
    return Status::InvalidArgument(
        "--baseline-report needs a baseline (--baseline FILE or \"baseline\" in .nhiscan.jsonc)");
  }
  return project;
}

Status CompileAllowlist(const rules::RuleSet& rules, Project* project) {
  for (const config::AllowSpec& spec : project->config.allow) {
    if (spec.rule_id != "*" && !rules.FindRule(spec.rule_id)) {
      return Status::InvalidArgument(project->config.file + ": allow." + spec.rule_id +
                                     ": unknown rule id (use \"*\" for every rule)");
    }
    findings::AllowEntry entry{spec.rule_id, spec.value, std::nullopt, spec.reason, spec.origin};
    if (!spec.regex.empty()) {
      auto regex = match::Regex::Compile(spec.regex);
      if (!regex.ok()) return Status::InvalidArgument(spec.origin + ": " + regex.status().message());
      entry.regex = std::move(regex).value();
    }
    project->policy.allow.push_back(std::move(entry));
  }
  return Status::Ok();
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
  std::string cache_dir = options.cache_dir.empty() ? match::DefaultCacheDir() : options.cache_dir;
  if (cache_dir == "none") cache_dir.clear();
  rules::RuleLoadOptions load_options{options.rule_paths, cache_dir, options.with_examples};
  std::string rules_warning;
  NHISCAN_RETURN_IF_ERROR(rules::LoadRuleSet(load_options, loaded.rules.get(), &rules_warning));
  if (!options.disabled.empty()) {
    auto kept = WithoutDisabledRules(*loaded.rules, options);
    if (!kept.ok()) return kept.status();
    loaded.rules = std::move(kept).value();
  }
  NHISCAN_RETURN_IF_ERROR(scan::ValidateStructuredChecks(*loaded.rules));
  auto database = match::Database::Build(
      *loaded.rules, match::BuiltinDatabaseOptions(cache_dir, match::PrebuiltDatabase()));
  if (!database.ok()) return database.status();
  loaded.database = std::move(database).value();
  // Both caches live in one folder: when one cannot be written, one warning says why.
  std::string warning = rules_warning.empty() ? loaded.database->info().cache_warning : rules_warning;
  if (!warning.empty()) std::cerr << "nhiscan: warning: " << warning << '\n';
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

}  // namespace

int ExitStatusFor(const std::vector<findings::Finding>& reported, const findings::ScanStats& stats,
                  const std::string& fail_on) {
  if (stats.incomplete()) return kExitError;
  auto fails = [&](const findings::Finding& f) {
    if (fail_on.empty()) return true;
    if (fail_on == "live") {
      return f.validation.status == "live" || f.validation.status == "live_unusable";
    }
    auto threshold = rules::ParseSeverity(fail_on);
    return !threshold || f.rule->severity >= *threshold;
  };
  return std::any_of(reported.begin(), reported.end(), fails) ? kExitFindings : kExitClean;
}

namespace {

// Writes through `write` to --output (or stdout) without ever leaving half a file behind.
int WriteOutput(const OutputOptions& options, const std::function<void(std::ostream&)>& write) {
  if (options.output.empty() || options.output == "-") {
    write(std::cout);
    std::cout.flush();
    if (!std::cout) return Fail("cannot write the report to stdout");
  } else if (!IsRegularFileOrMissing(options.output)) {
    // /dev/null, a FIFO, a terminal: write to it as it is, never replace it.
    std::ofstream out(options.output, std::ios::binary);
    if (!out) return Fail("cannot write " + options.output);
    write(out);
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
      write(out);
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
  return kExitClean;
}

}  // namespace

int WriteReport(const SourceOptions& source_options, const Project& project,
                std::vector<findings::Finding> found, const findings::ScanStats& stats,
                const rules::RuleSet& rules) {
  const OutputOptions& options = source_options.output;
  findings::PolicyResult filtered = findings::ApplyPolicy(std::move(found), project.policy);
  if (source_options.create_baseline) {
    const std::string text = findings::FormatBaseline(findings::BaselineOf(filtered.reported));
    if (int status = WriteOutput(options, [&](std::ostream& out) { out << text; })) return status;
    if (stats.incomplete()) {
      return Fail("incomplete scan: " + std::to_string(stats.errors.size()) +
                  " path(s) could not be read; the baseline misses what they hold");
    }
    return kExitClean;
  }
  report::ReportOptions report_options;
  report_options.show_secrets = options.show_secrets;
  report_options.color = UseColor(options);
  report_options.timings = options.timings;
  report_options.quiet = options.quiet;
  report_options.show_suppressed = options.show_suppressed;
  report_options.baseline_report = options.baseline_report;
  report_options.tool_version = NHISCAN_VERSION;
  auto reporter = report::MakeReporter(options.format, report_options);
  if (!reporter) return Fail("unknown format '" + options.format + "'");
  report::Report report{filtered.reported, stats, rules};
  report.suppressed = &filtered.suppressed;
  if (project.policy.baseline) report.stale = &filtered.stale;
  if (int status = WriteOutput(options, [&](std::ostream& out) { reporter->Write(report, out); })) {
    return status;
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
  return ExitStatusFor(filtered.reported, stats, project.fail_on);
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

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NHISCAN_LEAK_CHECKED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define NHISCAN_LEAK_CHECKED 1
#endif

int ExitAfterReport(int code) {
#ifdef NHISCAN_LEAK_CHECKED
  return code;
#else
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  std::_Exit(code);
#endif
}

namespace {
std::chrono::steady_clock::time_point main_started = std::chrono::steady_clock::now();
}  // namespace

void MarkMainStarted() { main_started = std::chrono::steady_clock::now(); }

PhaseClock::PhaseClock() : last_(main_started) {}

void PhaseClock::Mark(std::string phase) {
  const auto now = std::chrono::steady_clock::now();
  phases_.emplace_back(std::move(phase), std::chrono::duration<double, std::milli>(now - last_).count());
  last_ = now;
}

}  // namespace nhiscan::cli
