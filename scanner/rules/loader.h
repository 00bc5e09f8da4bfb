// Loading rules from JSONC text, files and folders, and the built-in rule pack.
// Schema errors name the file, the rule and the field. Regex errors are found later, when the
// matcher compiles the set (match/database.h), and name the rule too.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scanner/base/status.h"
#include "scanner/rules/rule.h"

namespace nhiscan::rules {

// Parses one rule file's text and adds its rules and extractors to `set`.
Status LoadRuleText(std::string_view text, const std::string& origin, RuleSet* set);
// A *.jsonc/*.json file, or every such file in a folder (not recursive, sorted by name).
Status LoadRulePath(const std::string& path, RuleSet* set);
// The rule pack compiled into the binary.
Status LoadBuiltinRules(RuleSet* set);

// One rule file: its name as shown in messages, and its text.
struct RuleSource {
  std::string origin;
  std::string text;
};
// The files a --rules argument names: the file itself, or every *.jsonc/*.json file of a folder
// (not recursive, sorted by name).
Result<std::vector<RuleSource>> ReadRuleSources(const std::string& path);

struct RuleLoadOptions {
  std::vector<std::string> paths;  // user rule files and folders, in order
  std::string cache_dir;           // where rule snapshots live; empty = always parse the sources
  bool with_examples = false;      // examples are needed (`rules check`): always parse
};
// The built-in rules, then the user's (a later id replaces an earlier one). With a cache folder,
// a snapshot (rules/snapshot.h) keyed by the digest of every source replaces parsing when it
// exists, and is written when it does not; `cache_warning` says why it could not be written.
Status LoadRuleSet(const RuleLoadOptions& options, RuleSet* set, std::string* cache_warning);

}  // namespace nhiscan::rules
