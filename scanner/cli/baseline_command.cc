// `nhiscan baseline create [PATH...]`: the fingerprints of today's findings, never the secrets.
// `nhiscan baseline merge FILE...`: the union of baselines (to settle a merge conflict).
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include "scanner/cli/commands.h"
#include "scanner/cli/common.h"
#include "scanner/findings/baseline.h"

namespace nhiscan::cli {

namespace {

struct MergeOptions {
  std::vector<std::string> files;
  std::string output;
};

int RunMerge(const MergeOptions& options) {
  findings::Baseline merged;
  for (const std::string& file : options.files) {
    auto baseline = ReadBaselineFile(file);
    if (!baseline.ok()) return Fail(baseline.status().message());
    merged = findings::MergeBaselines(merged, *baseline);
  }
  const std::string text = findings::FormatBaseline(merged);
  if (options.output.empty() || options.output == "-") {
    std::cout << text;
    return std::cout.flush() ? kExitClean : Fail("cannot write to stdout");
  }
  std::ofstream out(options.output, std::ios::binary | std::ios::trunc);
  out << text;
  return out.flush() ? kExitClean : Fail("cannot write " + options.output);
}

}  // namespace

void AddBaselineCommand(CLI::App* app, CommandRunner* run) {
  CLI::App* baseline = app->add_subcommand(
      "baseline", "Accept today's findings once, so that later scans report only new ones");
  baseline->require_subcommand(1);

  struct CreateOptions : ScanCommandOptions {
    bool git = false;
  };
  auto create = std::make_shared<CreateOptions>();
  create->source.create_baseline = true;
  CLI::App* create_command = baseline->add_subcommand(
      "create",
      "Scan like `nhiscan scan` and print a baseline of the findings (fingerprints, rule ids and "
      "paths; never secrets), e.g. > .nhiscan-baseline.json");
  AddScanArguments(create_command, create.get());
  create_command->add_flag(
      "--git", create->git,
      "Sweep the whole history of the repository at PATH (default .), as `nhiscan git` does, "
      "instead of the files");
  create_command->callback([run, create] {
    *run = [create] {
      if (!create->git) return RunScanCommand(*create);
      if (create->paths.size() > 1) return Fail("--git takes one repository");
      return RunHistoryBaseline(create->paths.empty() ? "" : create->paths.front(), create->source);
    };
  });

  auto merge = std::make_shared<MergeOptions>();
  CLI::App* merge_command = baseline->add_subcommand(
      "merge", "Print the union of baseline files (sorted, one entry per line)");
  merge_command->add_option("files", merge->files, "Baseline files")->required();
  merge_command->add_option("--output,-o", merge->output, "Write to FILE instead of stdout");
  merge_command->callback([run, merge] { *run = [merge] { return RunMerge(*merge); }; });
}

}  // namespace nhiscan::cli
