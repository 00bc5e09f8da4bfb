// `nhiscan inventory [PATH | --git REPO]`: one record per integration identity.
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>

#include <CLI/CLI.hpp>

#include "scanner/base/file_io.h"
#include "scanner/checks/project.h"
#include "scanner/cli/commands.h"
#include "scanner/cli/common.h"
#include "scanner/inventory/identity.h"
#include "scanner/report/inventory.h"
#include "scanner/scan/pipeline.h"
#include "scanner/source/filesystem.h"
#include "scanner/source/git.h"

namespace nhiscan::cli {

namespace {

struct InventoryOptions {
  std::string path = ".";
  std::string git_repo;
  SourceOptions source;
};

// The first CODEOWNERS file git hosts look for. Only a regular file is opened, as for the project
// configuration: a FIFO in a scanned tree must not block the inventory.
inventory::CodeOwners ReadCodeOwners(const std::string& root) {
  for (const char* where : {"CODEOWNERS", ".github/CODEOWNERS", ".gitlab/CODEOWNERS", "docs/CODEOWNERS"}) {
    const std::string path = root + "/" + where;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) continue;
    auto text = ReadWholeFile(path);
    if (text.ok()) return inventory::CodeOwners(text.value());
  }
  return {};
}

int RunInventory(const InventoryOptions& options) {
  auto max_size = MaxFileSize(options.source);
  if (!max_size.ok()) return Fail(max_size.status().message());
  auto limits = ScanLimitsFrom(options.source);
  if (!limits.ok()) return Fail(limits.status().message());
  auto loaded = LoadRules(options.source.rules);
  if (!loaded.ok()) return Fail(loaded.status().message());
  std::string root = options.path;
  std::unique_ptr<source::GitSource> git;
  if (!options.git_repo.empty()) {
    source::GitOptions git_options;
    git_options.repo = options.git_repo;
    git_options.excludes = options.source.excludes;
    git_options.max_blob_size = *max_size;
    auto opened = source::GitSource::Open(git_options);
    if (!opened.ok()) return Fail(opened.status().message());
    git = std::move(opened).value();
    root = git->root();
  }
  // The tree gives the configuration (apps, Apex, callbacks) and today's secrets…
  source::FilesystemSource tree({{root}, options.source.excludes, *max_size});
  scan::ScanOptions scan_options;
  scan_options.threads = options.source.threads;
  scan_options.limits = *limits;
  auto result = scan::RunScan(tree, *loaded->database, scan_options);
  if (!result.ok()) return Fail(result.status().message());
  findings::ScanStats stats = result->stats;
  std::vector<findings::Finding> found = std::move(result->findings);
  // …and with --git, history adds every commit where a secret appeared.
  if (git) {
    scan::ScanOptions history_options = scan_options;
    history_options.provenance = "git";
    history_options.project_checks = false;
    auto history = scan::RunScan(*git, *loaded->database, history_options);
    if (!history.ok()) return Fail(history.status().message());
    AddHistoryProvenance(*git, &history->findings);
    for (findings::Finding& f : history->findings) {
      if (f.rule->kind != rules::Kind::kConfig) found.push_back(std::move(f));
    }
    const findings::ScanStats& more = history->stats;
    stats.errors.insert(stats.errors.end(), more.errors.begin(), more.errors.end());
    stats.interrupted = stats.interrupted || more.interrupted;
    for (const auto& [limit, count] : more.limits_hit) stats.limits_hit[limit] += count;
    for (const auto& [path, count] : more.summarised) stats.summarised[path] += count;
  }
  findings::SortFindings(&found);
  const std::vector<checks::AppConfig> apps = checks::JoinApps(result->facts);
  const auto identities =
      inventory::AssembleIdentities(result->facts, apps, found, ReadCodeOwners(root));

  report::ReportOptions report_options;
  report_options.show_secrets = options.source.output.show_secrets;
  std::ostringstream rendered;
  if (options.source.output.format == "json") {
    report::WriteInventoryJson(identities, report_options, rendered);
  } else {
    report::WriteInventoryText(identities, report_options, rendered);
  }
  const std::string& output = options.source.output.output;
  if (output.empty() || output == "-") {
    std::cout << rendered.str();
  } else {
    std::ofstream out(output, std::ios::binary | std::ios::trunc);
    out << rendered.str();
    if (!out.flush()) return Fail("cannot write " + output);
  }
  for (const auto& [path, message] : stats.errors) {
    std::cerr << "nhiscan: error: " << path << ": " << message << '\n';
  }
  if (stats.interrupted) std::cerr << "nhiscan: error: interrupted: the inventory is incomplete\n";
  for (const auto& [limit, count] : stats.limits_hit) {
    std::cerr << "nhiscan: warning: limit " << limit << " reached " << count << " time(s)\n";
  }
  return stats.incomplete() ? kExitError : kExitClean;
}

}  // namespace

void AddInventoryCommand(CLI::App* app, CommandRunner* run) {
  auto options = std::make_shared<InventoryOptions>();
  CLI::App* command = app->add_subcommand(
      "inventory",
      "One record per integration identity: apps, flows, scopes, run-as user, callbacks and their "
      "Apex targets, every location of its secrets, owners and risks");
  command->add_option("path", options->path, "Folder to inventory (default: .)");
  command->add_option("--git", options->git_repo,
                      "Inventory this repository's work tree and add secret locations from its "
                      "whole history");
  AddSourceOptions(command, &options->source);
  command->get_option("--format")->check(CLI::IsMember({"text", "json"}));
  command->callback([run, options] { *run = [options] { return RunInventory(*options); }; });
}

}  // namespace nhiscan::cli
