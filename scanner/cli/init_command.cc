// `nhiscan init [DIR]`: writes a commented starter .nhiscan.jsonc.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include "scanner/cli/commands.h"
#include "scanner/cli/common.h"
#include "scanner/config/config.h"

namespace nhiscan::cli {

namespace {

struct InitOptions {
  std::string dir = ".";
  bool force = false;
};

int RunInit(const InitOptions& options) {
  namespace fs = std::filesystem;
  const fs::path file = fs::path(options.dir) / config::kConfigFileName;
  std::error_code ec;
  if (!fs::is_directory(options.dir, ec)) return Fail(options.dir + ": not a folder");
  if (fs::exists(file, ec) && !options.force) {
    return Fail(file.string() + " already exists (--force replaces it)");
  }
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << config::StarterConfig();
  if (!out.flush()) return Fail("cannot write " + file.string());
  std::cout << "wrote " << file.string() << '\n';
  return kExitClean;
}

}  // namespace

void AddInitCommand(CLI::App* app, CommandRunner* run) {
  auto options = std::make_shared<InitOptions>();
  CLI::App* command = app->add_subcommand(
      "init", "Write a commented starter project configuration (.nhiscan.jsonc)");
  command->add_option("dir", options->dir, "Folder to write it in (default: .)");
  command->add_flag("--force", options->force, "Replace an existing .nhiscan.jsonc");
  command->callback([run, options] { *run = [options] { return RunInit(*options); }; });
}

}  // namespace nhiscan::cli
