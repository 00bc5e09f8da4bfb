// Helpers shared by the tests: temporary folders, synthetic credentials of the right shape,
// running the real binary, and loading the built-in rules once.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "scanner/match/database.h"
#include "scanner/rules/rule.h"

namespace nhiscan::testing {

// A fresh folder under $TMPDIR, removed (recursively) on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  // Writes `content` to path()/relative, creating folders; returns the full path.
  std::string Write(const std::string& relative, const std::string& content) const;

 private:
  std::string path_;
};

// Deterministic generator of synthetic credentials (seeded), so failures are reproducible.
class Synth {
 public:
  explicit Synth(uint64_t seed = 42) : rng_(seed) {}
  std::string Chars(const std::string& alphabet, size_t n);
  std::string UpperHex(size_t n) { return Chars("0123456789ABCDEF", n); }
  std::string Digits(size_t n);                // no leading zero
  std::string ConsumerKey();                   // 3MVG9 + 80 of [A-Za-z0-9._]
  std::string ConsumerSecretHex() { return UpperHex(64); }
  std::string ConsumerSecretDigits() { return Digits(19); }
  std::string RefreshToken();                  // 5Aep861 + 80
  std::string AccessToken();                   // 00D + 12 + ! + 96
  std::string Base64(const std::string& bytes);

 private:
  std::mt19937_64 rng_;
};

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Exit status, stdout and stderr of a run, for failure messages.
std::string Describe(const CommandResult& r);

// The whole content of a file; empty when it cannot be read.
std::string ReadFile(const std::string& path);

// A child process to run. It is started with posix_spawn, so no code of ours runs between fork and
// exec: a test process has server threads, and a fork()ed child that allocates before exec can
// block forever on an allocator lock another thread held at the fork (AddressSanitizer's allocator
// in clang 14 has no fork handler).
struct ProcessSpec {
  ProcessSpec() = default;
  explicit ProcessSpec(std::vector<std::string> arguments) : argv(std::move(arguments)) {}
  std::vector<std::string> argv;
  std::string program;  // the file to run; empty: argv[0] (no PATH lookup either way)
  const std::string& Program() const { return program.empty() ? argv.at(0) : program; }
  std::optional<std::vector<std::string>> env;  // NAME=VALUE entries; unset: this process's
  std::string stdin_path = "/dev/null";
  std::string cwd;  // empty: this process's
};

// Starts the process with stdout and stderr written to the two files; returns its pid, or -1
// with errno set.
pid_t StartProcess(const ProcessSpec& spec, const std::string& stdout_path, const std::string& stderr_path);

// How long a test lets a child run before it counts as hung: under ctest's own 300 s limit, so a
// hang fails with the command named rather than a bare timeout.
inline constexpr std::chrono::seconds kProcessTimeLimit{240};

// Waits for `pid` up to `limit`; a child still running then is killed, with its process group.
// Returns the wait status, and whether the child had to be killed; `threads`, when given, then
// says what each thread of the group was blocked in (from /proc), for the failure message.
// Throws when the child cannot be waited for.
int WaitForProcess(pid_t pid, std::chrono::milliseconds limit, bool* killed, std::string* threads = nullptr);

// A wait status as a shell reports it: the exit code, or 128 + the signal that ended it.
int ExitCode(int wait_status);

// Runs the process to its end (killing it after kProcessTimeLimit) and captures its outputs. A
// process that cannot start exits 127; a killed one exits 137 with the reason first in `err`.
CommandResult RunProcess(const ProcessSpec& spec);

// Runs the nhiscan binary with `args` (no shell), with NHISCAN_CACHE_DIR pointed at a per-process
// test cache; stdin is /dev/null.
CommandResult RunNhiscan(const std::vector<std::string>& args, const std::string& cwd = "");

// The built-in rule set and its compiled database, built once per test process.
const rules::RuleSet& BuiltinRules();
const match::Database& BuiltinDatabase();

}  // namespace nhiscan::testing
