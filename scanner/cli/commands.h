// Subcommand registration: each Add*Command adds its subcommand to the app and stores, in *run,
// the function that runs it once the command line is parsed.
#pragma once

#include <functional>

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
void AddValidateCommand(CLI::App* app, CommandRunner* run);

}  // namespace nhiscan::cli
