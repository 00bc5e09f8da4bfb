// Helpers for the git end-to-end tests: real repositories built at test time with the git CLI in an
// isolated environment, and running nhiscan (or any program) with extra environment variables.
//
// Isolation: every program started here gets the test process's environment minus every GIT_*
// variable, HOME, XDG_CONFIG_HOME and NHISCAN*, plus HOME=<a per-process temp folder>,
// GIT_CONFIG_GLOBAL=/dev/null, GIT_CONFIG_NOSYSTEM=1, fixed author/committer names, e-mails and
// dates, GIT_ALLOW_PROTOCOL=file (no network), LC_ALL=C and NHISCAN_CACHE_DIR=<a rule cache
// in the build folder, shared by the test processes>.
// The real user's git configuration is never read or written.
//
// Programs are started with posix_spawn (test_support.h: RunProcess); tests use these helpers
// from one thread.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/test_support.h"

namespace nhiscan::testing {

using EnvVars = std::vector<std::pair<std::string, std::string>>;

struct RunOptions {
  std::string cwd;         // "" = the test's current folder
  EnvVars env;             // set (or replace) these on top of the isolated environment
  std::string stdin_text;  // fed on stdin (stdin is empty otherwise)
};

// Runs argv (argv[0] searched on PATH) with the isolated environment; no shell.
CommandResult RunProgram(const std::vector<std::string>& argv, const RunOptions& options);

// Runs the nhiscan binary under test with the isolated environment plus `env`.
CommandResult RunNhiscanEnv(const std::vector<std::string>& args, const std::string& cwd,
                            const EnvVars& env = {});

// The isolated HOME shared by every program the tests start (created once per process).
const std::string& IsolatedHome();

// A git repository driven with the git CLI. Every commit gets its own deterministic date: the
// clock starts at 2024-01-01T00:00:00Z and each Tick() (done by Commit) adds one day.
class GitRepo {
 public:
  static constexpr long long kEpoch = 1704067200;  // 2024-01-01T00:00:00Z

  // `git init` (bare when asked) at `dir`, default branch main.
  explicit GitRepo(std::string dir, bool bare = false);
  // Wraps an existing repository or work tree (a clone, a linked worktree…) without running init.
  struct Existing {};
  GitRepo(std::string dir, Existing);

  const std::string& dir() const { return dir_; }

  // Runs git in dir(); fails the test (throws) when git exits non-zero. Returns stdout without
  // its trailing newline.
  std::string Git(const std::vector<std::string>& args, const EnvVars& env = {},
                  const std::string& stdin_text = "") const;
  // Same, but returns whatever happened.
  CommandResult TryGit(const std::vector<std::string>& args, const EnvVars& env = {},
                       const std::string& stdin_text = "") const;

  // Writes dir()/relative (creating folders); returns the full path.
  std::string Write(const std::string& relative, const std::string& content) const;
  void Remove(const std::string& relative) const;

  // Advances the clock by one day; the next git command runs at the new date.
  void Tick() { ++clock_; }
  // The current date, in seconds since the epoch and as ISO 8601 UTC.
  long long Now() const { return kEpoch + clock_ * 86400LL; }
  std::string NowIso() const;

  // Tick, `git add -A`, `git commit -m message`; returns the new commit id.
  std::string Commit(const std::string& message);
  // Tick, `git commit -m message` of what is staged; returns the new commit id.
  std::string CommitStaged(const std::string& message);
  // `git rev-parse spec`.
  std::string Rev(const std::string& spec) const;

  // The environment git needs for the current date (added to every Git/TryGit call).
  EnvVars DateEnv() const;

 private:
  std::string dir_;
  long long clock_ = 0;
};

// Every file under `dir` (including .git), relative path -> content (a symlink -> "-> target").
std::map<std::string, std::string> SnapshotTree(const std::string& dir);
// Paths that differ between two snapshots (added, removed or changed), for failure messages.
std::vector<std::string> SnapshotDifferences(const std::map<std::string, std::string>& before,
                                             const std::map<std::string, std::string>& after);

}  // namespace nhiscan::testing
