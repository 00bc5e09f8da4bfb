// Rules as data: what a rule is, and the RuleSet that the matcher compiles.
// Rules are loaded from JSONC files (see patterns/README.md for the schema) by loader.h. A RuleSet
// is immutable once built and shared read-only by every scanning thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/base/status.h"

namespace nhiscan::rules {

enum class Severity { kInfo, kLow, kMedium, kHigh, kCritical };

std::string_view SeverityName(Severity s);
std::optional<Severity> ParseSeverity(std::string_view name);

// secret: a credential; identifier: not secret by itself (a consumer key), shortened in reports;
// config: a risky setting or a mismatch, shown as it is.
enum class Kind { kSecret, kIdentifier, kConfig };

// A text a rule must (or must not) find, optionally scanned under a given path; or, for checks
// that join several files, a small project of files.
struct Example {
  std::string text;
  std::string path = "example.txt";
  std::string secret;  // when set, the exact secret a positive example must report
  std::vector<std::pair<std::string, std::string>> files;  // (path, text); replaces text/path
};

// A named context extractor: the nearest match of `pattern` (its `value` group) in the same file
// is attached to a finding under `field`.
struct Extractor {
  std::string id;
  std::string field;
  std::string pattern;
};

struct Rule {
  std::string id;
  std::string name;
  Severity severity = Severity::kMedium;
  Kind kind = Kind::kSecret;
  std::string description;
  std::string remediation;
  std::vector<std::string> references;
  std::vector<std::string> patterns;   // RE2 syntax, each with a (?P<secret>…) group
  std::string check;                   // or: a structured check implemented in code (checks/)
  std::vector<std::string> paths;      // globs; empty = every file
  double min_entropy = 0.0;
  std::vector<std::string> checks;     // named value checks (see match/value_checks.h)
  std::string context;                 // regex required within context_lines; empty = none
  int context_lines = 5;
  std::vector<std::string> attach;     // extractor ids
  bool allow_placeholders = false;
  std::vector<Example> examples;
  std::vector<Example> negative_examples;
  std::string origin;                  // file the rule came from, for error messages
};

class RuleSet {
 public:
  RuleSet() = default;
  // Adds rules and extractors; a rule whose id is already present replaces the earlier one.
  void Add(std::vector<Rule> rules, std::vector<Extractor> extractors);
  // Checks cross-references (attach ids, duplicate extractor fields…). Call once after adding.
  Status Validate() const;

  const std::vector<Rule>& rules() const { return rules_; }
  const std::vector<Extractor>& extractors() const { return extractors_; }
  const Rule* FindRule(std::string_view id) const;
  const Extractor* FindExtractor(std::string_view id) const;
  // Hash of everything that affects matching, in order: keys the compiled-database cache.
  std::string MatchingHash() const;

 private:
  std::vector<Rule> rules_;
  std::vector<Extractor> extractors_;
};

}  // namespace nhiscan::rules
