// Loading rules from JSONC text, files and folders, and the built-in rule pack.
// Schema errors name the file, the rule and the field. Regex errors are found later, when the
// matcher compiles the set (match/database.h), and name the rule too.
#pragma once

#include <string>
#include <string_view>

#include "scanner/base/status.h"
#include "scanner/rules/rule.h"

namespace nhiscan::rules {

// Parses one rule file's text and adds its rules and extractors to `set`.
Status LoadRuleText(std::string_view text, const std::string& origin, RuleSet* set);
// A *.jsonc/*.json file, or every such file in a folder (not recursive, sorted by name).
Status LoadRulePath(const std::string& path, RuleSet* set);
// The rule pack compiled into the binary.
Status LoadBuiltinRules(RuleSet* set);

}  // namespace nhiscan::rules
