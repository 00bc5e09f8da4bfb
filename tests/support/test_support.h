// Helpers shared by the tests: temporary folders, synthetic credentials of the right shape,
// running the real binary, and loading the built-in rules once.
#pragma once

#include <cstdint>
#include <random>
#include <string>
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

// Runs the nhiscan binary with `args` (no shell), with NHISCAN_CACHE_DIR pointed at a per-process
// test cache; stdin is /dev/null.
CommandResult RunNhiscan(const std::vector<std::string>& args, const std::string& cwd = "");

// The built-in rule set and its compiled database, built once per test process.
const rules::RuleSet& BuiltinRules();
const match::Database& BuiltinDatabase();

}  // namespace nhiscan::testing
