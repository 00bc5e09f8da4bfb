// `nhiscan scan [PATH...]`: files and folders.
#include <memory>

#include <CLI/CLI.hpp>

#include "scanner/cli/commands.h"
#include "scanner/cli/common.h"
#include "scanner/cli/validation.h"
#include "scanner/scan/pipeline.h"
#include "scanner/source/filesystem.h"

namespace nhiscan::cli {

namespace {

struct ScanCommandOptions {
  std::vector<std::string> paths;
  SourceOptions source;
  ValidateOptions validate;
};

int RunScanCommand(const ScanCommandOptions& options) {
  auto max_size = MaxFileSize(options.source);
  if (!max_size.ok()) return Fail(max_size.status().message());
  auto loaded = LoadRules(options.source.rules);
  if (!loaded.ok()) return Fail(loaded.status().message());
  source::FilesystemSource source({options.paths, options.source.excludes, *max_size});
  scan::ScanOptions scan_options;
  scan_options.threads = options.source.threads;
  auto result = scan::RunScan(source, *loaded->database, scan_options);
  if (!result.ok()) return Fail(result.status().message());
  if (Status s = ApplyValidation(options.validate, &result->findings); !s.ok()) return Fail(s.message());
  return WriteReport(options.source.output, result->findings, result->stats, *loaded->rules);
}

}  // namespace

void AddScanCommand(CLI::App* app, CommandRunner* run) {
  auto options = std::make_shared<ScanCommandOptions>();
  CLI::App* command = app->add_subcommand("scan", "Scan files and folders for secrets");
  command->add_option("paths", options->paths, "Files and folders to scan (default: .)");
  AddSourceOptions(command, &options->source);
  AddValidateOptions(command, &options->validate, /*with_switch=*/true);
  command->callback([run, options] { *run = [options] { return RunScanCommand(*options); }; });
}

}  // namespace nhiscan::cli
