// nhiscan: finds leaked machine credentials and risky integration configuration.
// main() parses the command line and runs the chosen subcommand; exit status 0 = nothing found,
// 1 = findings, 2 = error or incomplete scan.
#include <malloc.h>

#include <iostream>

#include <CLI/CLI.hpp>

#include "scanner/cli/commands.h"
#include "scanner/cli/common.h"

// Scans allocate and free a buffer per file and per blob. By default glibc serves those over
// 128 KiB with fresh mmaps and gives freed heap back to the kernel, so every file paid page faults
// again (costly under virtualisation: 5-8 % of a scan's CPU). Buffers under 64 MiB now reuse the
// heap, and the heap is only trimmed beyond 64 MiB of free space.
void KeepBuffersWarm() {
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
}

int main(int argc, char** argv) {
  using namespace nhiscan::cli;
  MarkMainStarted();
  KeepBuffersWarm();
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
