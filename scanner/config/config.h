// Project configuration: `.nhiscan.jsonc` at the repository root, or the file named by --config.
// JSON with comments; every key is optional. Unknown keys and bad values are errors that name the
// file and the key. ParseConfig is a pure function of the text and the file name (paths are left
// as written); LoadConfigFile reads a file and resolves relative paths against its folder.
// StarterConfig is the commented file `nhiscan init` writes, and parses back to an empty config.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/base/status.h"

namespace nhiscan::config {

inline constexpr char kConfigFileName[] = ".nhiscan.jsonc";

// One accepted value of `allow`: an exact value or a regex (RE2 syntax), for one rule or "*".
struct AllowSpec {
  std::string rule_id;
  std::string value;
  std::string regex;
  std::string reason;
  std::string origin;  // "FILE: allow.RULE[N]", for reports of suppressed findings
};

struct Config {
  std::string file;                    // "" when no configuration file was used
  std::vector<std::string> rules;      // extra rule files or folders
  std::vector<std::string> disable;    // rule ids
  std::vector<std::string> exclude;    // path globs
  bool default_excludes = true;        // generic rules skip lock files, vendored code, bundles
  std::vector<std::string> generic_excludes;  // more globs where generic rules do not report
  std::vector<AllowSpec> allow;
  std::string fail_on;                 // "" = not set; else critical|high|medium|low|info|live
  std::string baseline;                // "" = none
};

Result<Config> ParseConfig(std::string_view text, const std::string& file_name);
// Reads and parses `path`; `rules` and `baseline` become paths relative to the current folder.
Result<Config> LoadConfigFile(const std::string& path);
// The project's configuration file for a scan of `start` (a file or folder): in a git work tree,
// the first .nhiscan.jsonc from `start` up to the work tree's root; elsewhere only `start`'s own.
std::optional<std::string> FindProjectConfig(const std::string& start);
// The commented starter file `nhiscan init` writes.
std::string StarterConfig();

// Values --fail-on and "fail_on" accept.
const std::vector<std::string>& FailOnValues();

}  // namespace nhiscan::config
