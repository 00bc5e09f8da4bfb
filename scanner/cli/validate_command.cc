// `nhiscan validate REPORT.json`: re-checks the findings of a saved JSON report.
// Saved reports redact secrets by default, so the secret of each finding is taken from the
// report when it was written with --show-secrets (the fingerprint confirms it), and otherwise by
// scanning the finding's file again and taking the finding whose secret gives the report's
// fingerprint (rule, path as in the report, secret). A scan of one folder writes paths relative
// to that folder, so the file is looked up under --root (default: the current folder). A finding whose secret is found
// neither way is reported as unverifiable with a sentence saying so; nothing is sent for it.
#include <filesystem>
#include <map>
#include <memory>

#include <CLI/CLI.hpp>

#include "scanner/base/file_io.h"
#include "scanner/cli/commands.h"
#include "scanner/cli/common.h"
#include "scanner/cli/validation.h"
#include "scanner/report/report_reader.h"
#include "scanner/scan/pipeline.h"
#include "scanner/source/filesystem.h"

namespace nhiscan::cli {

namespace {

struct ValidateCommandOptions {
  std::string report;
  std::string root = ".";
  RuleOptions rules;
  OutputOptions output;
  ValidateOptions validate;
};

// Scans the file a report path names again and returns its findings by the fingerprint they
// have under that report path (empty when the file cannot be read).
std::map<std::string, findings::Finding> RescanFile(const std::string& root, const std::string& report_path,
                                                    const match::Database& database) {
  std::map<std::string, findings::Finding> by_fingerprint;
  const std::filesystem::path file = std::filesystem::path(report_path).is_absolute()
                                         ? std::filesystem::path(report_path)
                                         : std::filesystem::path(root) / report_path;
  source::FilesystemSource source({{file.string()}, {}, 0});
  scan::ScanOptions options;
  options.threads = 1;
  auto result = scan::RunScan(source, database, options);
  if (!result.ok()) return by_fingerprint;
  for (findings::Finding& f : result->findings) {
    by_fingerprint.emplace(findings::Fingerprint(f.rule->id, report_path, f.secret), std::move(f));
  }
  return by_fingerprint;
}

// Completes the secrets of a redacted report from the files; returns the indices of findings
// whose secret is known. The others get their unverifiable verdict here.
std::vector<size_t> RecoverSecrets(std::vector<report::ReadFinding>* read, const std::string& root,
                                   const match::Database& database) {
  std::map<std::string, std::map<std::string, findings::Finding>> rescans;
  std::vector<size_t> known;
  for (size_t i = 0; i < read->size(); ++i) {
    report::ReadFinding& r = (*read)[i];
    if (r.finding.rule->kind != rules::Kind::kSecret || r.secret_revealed) {
      known.push_back(i);
      continue;
    }
    auto it = rescans.find(r.finding.path);
    if (it == rescans.end()) it = rescans.emplace(r.finding.path, RescanFile(root, r.finding.path, database)).first;
    auto match = it->second.find(r.finding.fingerprint);
    if (match != it->second.end()) {
      r.finding.secret = match->second.secret;
      r.finding.context = match->second.context;
      known.push_back(i);
    } else {
      r.finding.validation = {"unverifiable",
                              "the report is redacted and " + r.finding.path +
                                  " (under --root) no longer holds this secret: save reports with --show-secrets "
                                  "to validate them later, or scan with --validate",
                              ""};
    }
  }
  return known;
}

int RunValidateCommand(ValidateCommandOptions options) {
  auto text = ReadWholeFile(options.report);
  if (!text.ok()) return Fail("cannot read " + options.report);
  auto loaded = LoadRules(options.rules);
  if (!loaded.ok()) return Fail(loaded.status().message());
  auto read = report::ParseJsonReport(text.value(), *loaded->rules);
  if (!read.ok()) return Fail(options.report + ": " + read.status().message());
  std::vector<size_t> known = RecoverSecrets(&read->findings, options.root, *loaded->database);
  std::vector<findings::Finding> to_check;
  for (size_t i : known) to_check.push_back(read->findings[i].finding);
  options.validate.validate = true;
  const bool only_live = options.validate.only_live;
  options.validate.only_live = false;
  Status status = ApplyValidation(options.validate, &to_check);
  if (!status.ok()) return Fail(status.message());
  for (size_t k = 0; k < known.size(); ++k) read->findings[known[k]].finding.validation = to_check[k].validation;
  std::vector<findings::Finding> result;
  for (report::ReadFinding& r : read->findings) {
    if (!only_live || r.finding.validation.status == "live") result.push_back(std::move(r.finding));
  }
  // A saved report is re-checked as it is: no configuration or baseline applies again.
  SourceOptions source;
  source.output = options.output;
  return WriteReport(source, Project{}, std::move(result), read->stats, *loaded->rules);
}

}  // namespace

void AddValidateCommand(CLI::App* app, CommandRunner* run) {
  auto options = std::make_shared<ValidateCommandOptions>();
  CLI::App* command = app->add_subcommand(
      "validate",
      "Check whether the secrets of a saved JSON report are live (the report needs --show-secrets, "
      "or the files it names must still hold the secrets)");
  command->add_option("report", options->report, "A report written with --format json")->required();
  command->add_option("--root", options->root,
                      "Folder the report's relative paths are relative to: the folder that was "
                      "scanned (default: the current folder)");
  AddRuleOptions(command, &options->rules);
  AddOutputOptions(command, &options->output);
  AddValidateOptions(command, &options->validate, /*with_switch=*/false);
  command->callback([run, options] { *run = [options] { return RunValidateCommand(*options); }; });
}

}  // namespace nhiscan::cli
