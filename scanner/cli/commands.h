// Subcommand registration: each Add*Command adds its subcommand to the app and stores, in *run,
// the function that runs it once the command line is parsed.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "scanner/cli/common.h"
#include "scanner/cli/validation.h"

namespace CLI {
class App;
}

namespace nhiscan::cli {

using CommandRunner = std::function<int()>;

void AddScanCommand(CLI::App* app, CommandRunner* run);
void AddRulesCommand(CLI::App* app, CommandRunner* run);
void AddGitCommands(CLI::App* app, CommandRunner* run);  // git, staged
void AddHookCommand(CLI::App* app, CommandRunner* run);
void AddInventoryCommand(CLI::App* app, CommandRunner* run);
void AddInitCommand(CLI::App* app, CommandRunner* run);
void AddBaselineCommand(CLI::App* app, CommandRunner* run);  // baseline create, baseline merge

// The file scan of `scan`, shared with `baseline create`.
struct ScanCommandOptions {
  std::vector<std::string> paths;
  SourceOptions source;
  ValidateOptions validate;
};
void AddScanArguments(CLI::App* command, ScanCommandOptions* options);
int RunScanCommand(ScanCommandOptions options);
// `baseline create --git [REPO]`: a baseline of a whole-history sweep (defined in git_command.cc).
int RunHistoryBaseline(const std::string& repo, const SourceOptions& source);
void AddValidateCommand(CLI::App* app, CommandRunner* run);

}  // namespace nhiscan::cli
