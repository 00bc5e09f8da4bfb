// `nhiscan hook install [--pre-push] [--force]`: installs nhiscan's git hooks.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <vector>

#include <CLI/CLI.hpp>

#include "scanner/cli/commands.h"
#include "scanner/cli/common.h"
#include "scanner/cli/embedded_hooks.h"
#include "scanner/source/git.h"

namespace nhiscan::cli {

namespace {

struct HookOptions {
  std::string repo;
  std::string hooks_dir;
  bool pre_push = false;
  bool force = false;
};

// The hook calls the binary that installed it, so it works without nhiscan on PATH.
std::string HookText(std::string_view name) {
  std::string text;
  for (const EmbeddedFile& file : EmbeddedHookFiles()) {
    if (file.name == name) text = file.text;
  }
  std::error_code ec;
  std::string self = std::filesystem::read_symlink("/proc/self/exe", ec).string();
  const std::string marker = "NHISCAN_DEFAULT=nhiscan";
  size_t at = text.find(marker);
  if (!ec && at != std::string::npos && self.find('\'') == std::string::npos) {
    text.replace(at, marker.size(), "NHISCAN_DEFAULT='" + self + "'");
  }
  return text;
}

int InstallHook(const std::string& dir, const std::string& name, bool force) {
  namespace fs = std::filesystem;
  const fs::path target = fs::path(dir) / name;
  std::error_code ec;
  if (fs::exists(fs::symlink_status(target, ec)) && !force) {
    return Fail(target.string() + " already exists; not replaced (use --force to overwrite it)");
  }
  fs::create_directories(dir, ec);
  const std::string text = HookText(name);
  if (text.empty()) return Fail("no built-in hook named " + name);
  const std::string temp = target.string() + ".nhiscan-tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) return Fail("cannot write " + temp);
  }
  ::chmod(temp.c_str(), 0755);
  fs::rename(temp, target, ec);
  if (ec) return Fail("cannot install " + target.string() + ": " + ec.message());
  std::cout << "installed " << target.string() << '\n';
  return kExitClean;
}

int RunInstall(const HookOptions& options) {
  std::string dir = options.hooks_dir;
  if (dir.empty()) {
    auto found = source::HooksDirectory(options.repo);
    if (!found.ok()) return Fail(found.status().message());
    dir = *found;
  }
  std::vector<std::string> hooks = {"pre-commit"};
  if (options.pre_push) hooks.push_back("pre-push");
  // All or nothing: refuse before writing anything if one of the hooks would be clobbered.
  for (const std::string& name : hooks) {
    std::error_code ec;
    const auto target = std::filesystem::path(dir) / name;
    if (!options.force && std::filesystem::exists(std::filesystem::symlink_status(target, ec))) {
      return Fail(target.string() + " already exists; nothing installed (use --force to overwrite)");
    }
  }
  for (const std::string& name : hooks) {
    if (int status = InstallHook(dir, name, options.force); status != kExitClean) return status;
  }
  return kExitClean;
}

}  // namespace

void AddHookCommand(CLI::App* app, CommandRunner* run) {
  CLI::App* hook = app->add_subcommand("hook", "Install nhiscan's git hooks");
  hook->require_subcommand(1);
  auto options = std::make_shared<HookOptions>();
  CLI::App* install = hook->add_subcommand(
      "install",
      "Install the pre-commit hook (and the pre-push hook with --pre-push) into the repository's "
      "hooks folder (core.hooksPath when the repository sets it)");
  install->add_option("repo", options->repo, "Repository (default: the one containing .)");
  install->add_option("--hooks-dir", options->hooks_dir, "Install into this folder instead");
  install->add_flag("--pre-push", options->pre_push, "Also install the pre-push hook");
  install->add_flag("--force", options->force, "Replace existing hooks");
  install->callback([run, options] { *run = [options] { return RunInstall(*options); }; });
}

}  // namespace nhiscan::cli
