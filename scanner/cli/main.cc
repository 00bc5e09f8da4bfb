// nhiscan: finds leaked machine credentials and risky integration configuration.
// main() parses the command line and runs the chosen subcommand; exit status 0 = nothing found,
// 1 = findings, 2 = error or incomplete scan.
#include <iostream>

#include <CLI/CLI.hpp>

#include "scanner/cli/commands.h"
#include "scanner/cli/common.h"

int main(int argc, char** argv) {
  using namespace nhiscan::cli;
  CLI::App app{"nhiscan: find leaked machine credentials and risky integration configuration"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show help for every subcommand");
  CommandRunner run;
  AddScanCommand(&app, &run);
  AddGitCommands(&app, &run);
  AddHookCommand(&app, &run);
  AddInventoryCommand(&app, &run);
  AddValidateCommand(&app, &run);
  AddRulesCommand(&app, &run);
  AddInitCommand(&app, &run);
  AddBaselineCommand(&app, &run);
  app.add_subcommand("version", "Print the version")->callback([&run] {
    run = [] {
      std::cout << "nhiscan " << NHISCAN_VERSION << '\n';
      return 0;
    };
  });
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitClean : kExitError;
  }
  if (!run) return Fail("no command given");
  InstallInterruptHandlers();
  return run();
}
