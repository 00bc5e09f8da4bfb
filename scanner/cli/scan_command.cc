// `nhiscan scan [PATH...]`: files and folders.
#include <memory>

#include <CLI/CLI.hpp>

#include "scanner/base/text.h"
#include "scanner/cli/commands.h"
#include "scanner/cli/common.h"
#include "scanner/scan/pipeline.h"
#include "scanner/source/filesystem.h"

namespace nhiscan::cli {

namespace {

struct ScanCommandOptions {
  std::vector<std::string> paths;
  std::vector<std::string> excludes;
  std::string max_file_size = "100MiB";
  unsigned threads = 0;
  RuleOptions rules;
  OutputOptions output;
};

int RunScanCommand(const ScanCommandOptions& options) {
  auto max_size = ParseSize(options.max_file_size);
  if (!max_size) return Fail("--max-file-size: '" + options.max_file_size + "' is not a size");
  auto loaded = LoadRules(options.rules);
  if (!loaded.ok()) return Fail(loaded.status().message());
  source::FilesystemSource source({options.paths, options.excludes, *max_size});
  scan::ScanOptions scan_options;
  scan_options.threads = options.threads;
  auto result = scan::RunScan(source, *loaded->database, scan_options);
  if (!result.ok()) return Fail(result.status().message());
  return WriteReport(options.output, result->findings, result->stats, *loaded->rules);
}

}  // namespace

void AddScanCommand(CLI::App* app, CommandRunner* run) {
  auto options = std::make_shared<ScanCommandOptions>();
  CLI::App* command = app->add_subcommand("scan", "Scan files and folders for secrets");
  command->add_option("paths", options->paths, "Files and folders to scan (default: .)");
  command->add_option("--exclude", options->excludes,
                      "Skip paths matching GLOB (repeatable). Without '/', matched against file "
                      "and folder names at any depth; '*' also matches '/'");
  command->add_option("--max-file-size", options->max_file_size,
                      "Skip (and count) files larger than SIZE, e.g. 10MiB; 0 = no limit")
      ->capture_default_str();
  command->add_option("--threads,-j", options->threads, "Scanning threads (default: one per core)");
  AddRuleOptions(command, &options->rules);
  AddOutputOptions(command, &options->output);
  command->callback([run, options] { *run = [options] { return RunScanCommand(*options); }; });
}

}  // namespace nhiscan::cli
