// Helpers for tests that define their own rules inline instead of relying on the built-in pack:
// building rule-file JSON text, and loading + compiling it in one call.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/base/status.h"
#include "scanner/findings/finding.h"
#include "scanner/match/database.h"
#include "scanner/match/scanner.h"
#include "scanner/rules/rule.h"

namespace nhiscan::testing {

// `s` as a JSON string literal, quotes included.
std::string JsonString(std::string_view s);

// One rule object. `extra` holds further raw JSON members without a leading comma (for example
// "\"min_entropy\": 3.5"). Placeholder examples are added unless `extra` defines them.
std::string RuleJson(const std::string& id, const std::string& pattern,
                     const std::string& extra = "", const std::string& severity = "high");

// A whole rule file: {"extractors": <extractors>, "rules": [<rules>]}; extractors is a raw JSON
// object or empty.
std::string RuleFile(const std::vector<std::string>& rules, const std::string& extractors = "");

// A rule set and its compiled database (the database points into the rule set).
struct Compiled {
  std::unique_ptr<rules::RuleSet> rules;
  std::unique_ptr<match::Database> database;
};

// Loads one rule file's text (origin "test.jsonc") and builds the database; cache disabled
// unless cache_dir is given.
Result<Compiled> Compile(const std::string& rule_file_text, const std::string& cache_dir = "",
                         std::string_view prebuilt = {},
                         const std::vector<std::string>& markers = {});

// Scans `text` as a file at `path` with the real pipeline (ScanText).
std::vector<findings::Finding> Scan(const Compiled& compiled, std::string_view text,
                                    std::string_view path = "file.txt",
                                    match::Engine engine = match::Engine::kHyperscan,
                                    size_t window_size = 8 << 20);

// The secrets of the findings of rule `rule_id`, in report order.
std::vector<std::string> SecretsOf(const std::vector<findings::Finding>& found,
                                   const std::string& rule_id);

}  // namespace nhiscan::testing
