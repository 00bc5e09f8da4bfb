// `nhiscan git [REPO]` (history sweeps and CI ranges) and `nhiscan staged [REPO]` (pre-commit).
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <memory>

#include <CLI/CLI.hpp>

#include "scanner/cli/commands.h"
#include "scanner/base/text.h"
#include "scanner/cli/common.h"
#include "scanner/cli/validation.h"
#include "scanner/scan/pipeline.h"
#include "scanner/source/git.h"

namespace nhiscan::cli {

namespace {

struct GitCommandOptions {
  std::string repo;
  std::string range, since_commit, branch, since;
  bool skip_submodules = false;
  std::string progress = "auto";
  // History only. What the sweep itself holds (pack mappings, blobs in flight) stays within it;
  // the default leaves room under 500 MB for the walk's seen ids on ordinary histories (README).
  std::string max_memory = "448MiB";
  SourceOptions source;
  ValidateOptions validate;
};

// Keeps only the secrets each commit introduced: a blob that rewrote a file around an older
// secret is new, the secret is not (it is reported with the older commit, or predates the range
// or date). Then author, date and "still in HEAD?" for the findings only: the sweep itself never
// pays for them.
}  // namespace

void AddHistoryProvenance(const source::GitSource& git, std::vector<findings::Finding>* found) {
  std::erase_if(*found, [&](const findings::Finding& f) {
    return !f.source.commit.empty() && git.ParentFileContains(f.source.commit, f.path, f.secret);
  });
  std::map<std::string, source::CommitInfo> commits;
  for (findings::Finding& f : *found) {
    if (!f.source.commit.empty()) {
      auto it = commits.find(f.source.commit);
      if (it == commits.end()) it = commits.emplace(f.source.commit, git.DescribeCommit(f.source.commit)).first;
      f.source.author = it->second.author;
      f.source.date = it->second.date;
    }
    f.source.in_head = git.HeadFileContains(f.path, f.secret) || git.HeadHasBlob(f.source.blob);
  }
}

namespace {

// Runs the scan shared by both commands; `finish` adjusts the findings before the report.
int RunGitScan(GitCommandOptions options, source::GitOptions git_options,
               const std::string& provenance, bool progress,
               void (*finish)(const source::GitSource&, std::vector<findings::Finding>*)) {
  PhaseClock clock;
  clock.Mark("start");
  auto max_size = MaxFileSize(options.source);
  if (!max_size.ok()) return Fail(max_size.status().message());
  auto project = LoadProject(options.repo.empty() ? "." : options.repo, &options.source);
  if (!project.ok()) return Fail(project.status().message());
  git_options.repo = options.repo;
  git_options.excludes = options.source.excludes;
  git_options.max_blob_size = *max_size;
  auto limits = ScanLimitsFrom(options.source);
  if (!limits.ok()) return Fail(limits.status().message());
  auto max_memory = ParseSize(options.max_memory);
  if (!max_memory) return Fail("--max-memory: '" + options.max_memory + "' is not a size");
  git_options.max_memory = *max_memory;
  clock.Mark("configuration");
  auto loaded = LoadRules(options.source.rules);
  if (!loaded.ok()) return Fail(loaded.status().message());
  if (Status s = CompileAllowlist(*loaded->rules, &*project); !s.ok()) return Fail(s.message());
  clock.Mark("rules");
  auto git = source::GitSource::Open(git_options);
  if (!git.ok()) return Fail(git.status().message());
  clock.Mark("open");
  scan::ScanOptions scan_options;
  scan_options.threads = options.source.threads;
  scan_options.limits = *limits;
  scan_options.provenance = provenance;
  scan_options.progress = progress;
  // Project checks join the files of one tree; a history or an index diff is not one.
  scan_options.project_checks = false;
  auto result = scan::RunScan(**git, *loaded->database, scan_options);
  if (!result.ok()) return Fail(result.status().message());
  clock.Mark("scan");
  finish(**git, &result->findings);
  clock.Mark("provenance");
  if (Status s = ApplyValidation(options.validate, &result->findings); !s.ok()) return Fail(s.message());
  clock.Mark("validation");
  result->stats.phases_ms = clock.phases();
  return ExitAfterReport(WriteReport(options.source, *project, std::move(result->findings),
                                     result->stats, *loaded->rules));
}

int RunHistory(const GitCommandOptions& options) {
  source::GitOptions git_options;
  git_options.mode = source::GitOptions::Mode::kHistory;
  int modes = !options.range.empty() + !options.since_commit.empty() + !options.branch.empty();
  if (modes > 1) return Fail("--range, --since-commit and --branch exclude each other");
  git_options.range = options.range;
  if (!options.since_commit.empty()) git_options.range = options.since_commit + "..HEAD";
  git_options.branch = options.branch;
  if (!options.since.empty()) {
    git_options.since = source::ParseGitDate(options.since);
    if (!git_options.since) return Fail("--since: '" + options.since + "' is not a date (YYYY-MM-DD)");
  }
  git_options.skip_submodules = options.skip_submodules;
  bool progress = options.progress == "always" ||
                  (options.progress == "auto" && ::isatty(STDERR_FILENO));
  return RunGitScan(options, git_options, "git", progress, AddHistoryProvenance);
}

// Only what the commit would add: a secret already in HEAD's version of the file is not new, nor
// is a file HEAD already holds elsewhere (a `git mv` adds no content).
void DropSecretsAlreadyInHead(const source::GitSource& git, std::vector<findings::Finding>* found) {
  std::erase_if(*found, [&](const findings::Finding& f) {
    return git.HeadFileContains(f.path, f.secret) || git.HeadHasBlob(f.source.blob);
  });
}

int RunStaged(const GitCommandOptions& options) {
  source::GitOptions git_options;
  git_options.mode = source::GitOptions::Mode::kStaged;
  return RunGitScan(options, git_options, "staged", false, DropSecretsAlreadyInHead);
}

}  // namespace

int RunHistoryBaseline(const std::string& repo, const SourceOptions& source) {
  GitCommandOptions options;
  options.repo = repo;
  options.progress = "never";
  options.source = source;
  options.source.create_baseline = true;
  return RunHistory(options);
}

void AddGitCommands(CLI::App* app, CommandRunner* run) {
  auto history = std::make_shared<GitCommandOptions>();
  CLI::App* git = app->add_subcommand(
      "git",
      "Scan git history: every blob reachable from every ref (branches, tags, remotes, stash), "
      "each scanned once; or only what a range of commits introduced");
  git->add_option("repo", history->repo, "Repository (default: the one containing .)");
  git->add_option("--range", history->range,
                  "BASE..TIP: only blobs those commits introduce (merges included); for CI");
  git->add_option("--since-commit", history->since_commit, "Same as --range SHA..HEAD");
  git->add_option("--branch", history->branch, "Only commits reachable from this ref");
  git->add_option("--since", history->since, "Only commits made at or after DATE (YYYY-MM-DD)");
  git->add_flag("--skip-submodules", history->skip_submodules,
                "Count submodule gitlinks as skipped instead of making the scan incomplete");
  git->add_option("--progress", history->progress, "Progress line on stderr")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  git->add_option("--max-memory", history->max_memory,
                  "Memory budget of the sweep: a quarter maps packs, half holds the blobs being "
                  "scanned (a blob larger than that half makes the scan incomplete); 0 = no limit")
      ->capture_default_str();
  AddSourceOptions(git, &history->source);
  AddValidateOptions(git, &history->validate, /*with_switch=*/true);
  git->callback([run, history] { *run = [history] { return RunHistory(*history); }; });

  auto staged = std::make_shared<GitCommandOptions>();
  CLI::App* staged_command = app->add_subcommand(
      "staged",
      "Scan what is staged, as git will commit it (for pre-commit hooks); reports only secrets "
      "the commit would add");
  staged_command->add_option("repo", staged->repo, "Repository (default: the one containing .)");
  AddSourceOptions(staged_command, &staged->source);
  AddValidateOptions(staged_command, &staged->validate, /*with_switch=*/true);
  staged_command->callback([run, staged] { *run = [staged] { return RunStaged(*staged); }; });
}

}  // namespace nhiscan::cli
