// `nhiscan scan [PATH...]`: files and folders. Also the scan behind `nhiscan baseline create`.
#include <memory>

#include <CLI/CLI.hpp>

#include "scanner/cli/commands.h"
#include "scanner/cli/common.h"
#include "scanner/cli/validation.h"
#include "scanner/scan/pipeline.h"
#include "scanner/source/filesystem.h"

namespace nhiscan::cli {

int RunScanCommand(ScanCommandOptions options) {
  PhaseClock clock;
  clock.Mark("start");
  auto max_size = MaxFileSize(options.source);
  if (!max_size.ok()) return Fail(max_size.status().message());
  // The project configuration lives at the root of what is scanned (or above it, up to .git).
  auto project = LoadProject(options.paths.empty() ? "." : options.paths.front(), &options.source);
  if (!project.ok()) return Fail(project.status().message());
  auto limits = ScanLimitsFrom(options.source);
  if (!limits.ok()) return Fail(limits.status().message());
  clock.Mark("configuration");
  auto loaded = LoadRules(options.source.rules);
  if (!loaded.ok()) return Fail(loaded.status().message());
  if (Status s = CompileAllowlist(*loaded->rules, &*project); !s.ok()) return Fail(s.message());
  clock.Mark("rules");
  source::FilesystemSource source({options.paths, options.source.excludes, *max_size});
  scan::ScanOptions scan_options;
  scan_options.threads = options.source.threads;
  scan_options.limits = *limits;
  auto result = scan::RunScan(source, *loaded->database, scan_options);
  if (!result.ok()) return Fail(result.status().message());
  clock.Mark("scan");
  if (Status s = ApplyValidation(options.validate, &result->findings); !s.ok()) return Fail(s.message());
  clock.Mark("validation");
  result->stats.phases_ms = clock.phases();
  return ExitAfterReport(WriteReport(options.source, *project, std::move(result->findings),
                                     result->stats, *loaded->rules));
}

void AddScanArguments(CLI::App* command, ScanCommandOptions* options) {
  command->add_option("paths", options->paths, "Files and folders to scan (default: .)");
  AddSourceOptions(command, &options->source);
}

void AddScanCommand(CLI::App* app, CommandRunner* run) {
  auto options = std::make_shared<ScanCommandOptions>();
  CLI::App* command = app->add_subcommand("scan", "Scan files and folders for secrets");
  AddScanArguments(command, options.get());
  AddValidateOptions(command, &options->validate, /*with_switch=*/true);
  command->callback([run, options] { *run = [options] { return RunScanCommand(*options); }; });
}

}  // namespace nhiscan::cli
