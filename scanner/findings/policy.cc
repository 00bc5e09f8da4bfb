#include "scanner/findings/policy.h"

#include <set>

#include "scanner/base/glob.h"
#include "scanner/base/text.h"

namespace nhiscan::findings {

const std::vector<std::string>& DefaultGenericExcludes() {
  static const std::vector<std::string> kExcludes = {
      // Lock files: package checksums and resolved URLs, not credentials.
      "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lockb",
      "Gemfile.lock", "Cargo.lock", "poetry.lock", "Pipfile.lock", "composer.lock", "go.sum",
      "packages.lock.json", "Podfile.lock", "pubspec.lock", "mix.lock", "flake.lock",
      "gradle.lockfile", "*.lock",
      // Vendored dependencies.
      "node_modules", "bower_components", "vendor", "third_party", "third-party", ".yarn",
      "site-packages",
      // Minified or bundled code.
      "*.min.js", "*.min.css", "*.bundle.js", "*.chunk.js", "*.map"};
  return kExcludes;
}

namespace {

std::optional<Suppression> DefaultExclude(const Finding& f, const Policy& policy) {
  if (!StartsWith(f.rule->id, kGenericRulePrefix)) return std::nullopt;
  for (const std::string& glob : policy.generic_excludes) {
    if (GlobMatch(glob, f.path)) {
      return Suppression{"default_exclude", glob, "generic rules do not scan " + glob};
    }
  }
  return std::nullopt;
}

std::optional<Suppression> Allowlisted(const Finding& f, const Policy& policy) {
  for (const AllowEntry& entry : policy.allow) {
    if (entry.rule_id != "*" && entry.rule_id != f.rule->id) continue;
    bool match = entry.regex ? entry.regex->PartialMatch(f.secret) : entry.value == f.secret;
    if (match) return Suppression{"allowlist", entry.origin, entry.reason};
  }
  return std::nullopt;
}

}  // namespace

PolicyResult ApplyPolicy(std::vector<Finding> found, const Policy& policy) {
  PolicyResult result;
  std::set<std::string> accepted, seen;
  if (policy.baseline) {
    for (const BaselineEntry& e : policy.baseline->entries) accepted.insert(e.fingerprint);
  }
  for (Finding& f : found) {
    seen.insert(f.fingerprint);
    std::optional<Suppression> why = DefaultExclude(f, policy);
    if (!why) why = f.inline_allow;
    if (!why) why = Allowlisted(f, policy);
    if (!why && accepted.count(f.fingerprint)) {
      why = Suppression{"baseline", policy.baseline_name, ""};
    }
    if (why) {
      f.suppression = std::move(why);
      result.suppressed.push_back(std::move(f));
    } else {
      result.reported.push_back(std::move(f));
    }
  }
  if (policy.baseline) {
    for (const BaselineEntry& e : policy.baseline->entries) {
      if (!seen.count(e.fingerprint)) result.stale.push_back(e);
    }
  }
  return result;
}

}  // namespace nhiscan::findings
